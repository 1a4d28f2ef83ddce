// The same flows in the desktop shell. They need the Electron binary (downloaded at install
// time) and better-sqlite3 built for Electron (`npm start` builds it once into .electron-native/).
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { electronBinary, electronSqliteBinding } from '../fixtures/electron-binary';
import { readState } from '../fixtures/state';
import { EXPERIMENT_NAME, browseFigures, designExperiment, importDataset, previewTransformation, watchQueue } from '../flows';

const bin = electronBinary();
const binding = electronSqliteBinding();
if (!bin && process.env.TEST_WORKER_INDEX === undefined) {
  console.warn('[electron] skipped: no Electron binary in node_modules/electron (it could not be downloaded here); the chromium project runs the same flows.');
}
test.skip(!bin, 'No Electron binary in node_modules/electron (it could not be downloaded here); the browser-mode project runs the same flows.');
test.skip(!!bin && !binding, 'better-sqlite3 is not built for Electron yet: run `npm start` once (it rebuilds into .electron-native/).');
test.describe.configure({ mode: 'serial' });

let app: ElectronApplication;
let page: Page;
let home: string;

test.beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'invlab-electron-'));
  app = await electron.launch({
    executablePath: bin!, args: [process.cwd()],
    env: { ...process.env, INVLAB_HOME: home, INVLAB_SQLITE_BINDING: binding! },
  });
  page = await app.firstWindow();
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'open');
});
test.afterAll(async () => {
  await app?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

test('the renderer is isolated: only window.lab, no Node', async () => {
  const probe = await page.evaluate(() => ({
    lab: typeof window.lab?.call, pathForFile: typeof window.lab?.pathForFile,
    require: typeof (window as unknown as { require?: unknown }).require,
    process: typeof (window as unknown as { process?: unknown }).process,
  }));
  expect(probe).toEqual({ lab: 'function', pathForFile: 'function', require: 'undefined', process: 'undefined' });
});

test('import, preview, design, train, every figure', async ({}, info) => {
  test.setTimeout(480_000);
  await importDataset(page, info, readState().datasetDir, 'type');
  await previewTransformation(page, info);
  await designExperiment(page, info, 'patterns');
  await watchQueue(page, info, {
    allDone: async () => {
      const list = (await page.evaluate(() => window.lab!.call('experiments.list', {}))) as { name: string; status: string }[];
      return list.find((x) => x.name === EXPERIMENT_NAME)?.status === 'done';
    },
  });
  await browseFigures(page, info);
});
