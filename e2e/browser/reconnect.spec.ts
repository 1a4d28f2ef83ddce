// A lost connection loses nothing on screen: the page is reached through a relay that the test
// cuts (an SSH tunnel that drops); while it is down, an experiment is run to its end from
// elsewhere, so every event about it is missed. Once the relay is back, the page reconnects by
// itself and its Queue and Runs show that experiment finished.
// Its own server and database, so the shared story in workbench.spec.ts keeps its history.
import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDataset } from '../fixtures/dataset';
import { startLabServer, stopLabServer, type LabServer } from '../fixtures/lab-server';
import { startTcpProxy, type TcpProxy } from '../fixtures/tcp-proxy';
import { labCall } from '../flows';

let tmp: string;
let lab: LabServer;
let proxy: TcpProxy;

test.beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'invlab-e2e-reconnect-'));
  lab = await startLabServer(tmp);
  proxy = await startTcpProxy(lab.port);
});
test.afterAll(async () => {
  await proxy?.close();
  if (lab?.child.pid) await stopLabServer(lab.child.pid);
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('after a lost connection the page reconnects and shows what finished meanwhile', async ({ browser }) => {
  test.setTimeout(180_000);
  const page = await browser.newPage();
  await page.goto(lab.url.replace(`:${lab.port}/`, `:${proxy.port}/`));
  const connection = page.getByTestId('connection');
  await expect(connection).toHaveAttribute('data-state', 'open');
  await page.getByTestId('nav-queue').click();
  await expect(page.getByTestId('queue-empty')).toBeVisible();

  proxy.cut();
  await expect(page.getByRole('alert').filter({ hasText: 'Lost the connection' })).toBeVisible();

  // Meanwhile, from another window straight to the server: a dataset and a run to its end.
  const other = await browser.newPage();
  await other.goto(lab.url);
  await expect(other.getByTestId('connection')).toHaveAttribute('data-state', 'open');
  const datasetDir = await writeDataset(join(tmp, 'patterns'), 12);
  const ds = await labCall<{ id: string }>(other, 'datasets.import', { path: datasetDir });
  const name = 'run while the tunnel was down';
  await labCall(other, 'experiments.create', {
    spec: { name, dataset: ds.id, transformations: ['invert'], seenCounts: [0], epochs: 1, trainPerClass: 8, analysis: { maxUnits: 32 } },
    start: true,
  });
  await expect.poll(async () => (await labCall<{ name: string; status: string }[]>(other, 'experiments.list', {})).find((e) => e.name === name)?.status,
    { timeout: 120_000, intervals: [1000, 2000] }).toBe('done');
  await other.close();
  // The cut page heard none of it.
  await expect(page.getByTestId('queue-empty')).toBeVisible();

  proxy.restore();
  await expect(connection).toHaveAttribute('data-state', 'open', { timeout: 30_000 });
  await expect(page.getByRole('alert').filter({ hasText: 'Lost the connection' })).toHaveCount(0);
  const group = page.getByTestId('view-queue').locator(`[data-testid="queue-group"][data-name="${name}"]`);
  await expect(group).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('view-queue').getByTestId('queue-count')).toHaveText(/\d+ done/);
  await page.getByTestId('nav-runs').click();
  await expect(page.getByTestId(`run-${name}`)).toBeVisible();
  await page.close();
});
