// Starts the real browser-mode server (`invlab serve`) on a fresh database in a temp folder,
// with a small dataset of generated PNGs beside it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeDataset } from './fixtures/dataset';
import { startLabServer } from './fixtures/lab-server';
import { STATE_FILE, type E2EState } from './fixtures/state';

export default async function globalSetup(): Promise<void> {
  const root = process.cwd();
  // Always test the current renderer sources, not a stale build (E2E_SKIP_BUILD=1 to skip).
  if (!process.env.E2E_SKIP_BUILD) {
    const r = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('vite build failed: the renderer does not build');
  }
  const tmp = mkdtempSync(join(tmpdir(), 'invlab-e2e-'));
  const datasetDir = await writeDataset(join(tmp, 'patterns'));
  const reportDir = join(tmp, 'report');
  const lab = await startLabServer(tmp, root);
  const state: E2EState = { url: lab.url, token: lab.token, origin: lab.origin, tmp, datasetDir, reportDir, pid: lab.child.pid!, dbPath: lab.dbPath };
  mkdirSync(dirname(STATE_FILE), { recursive: true });
  writeFileSync(STATE_FILE, JSON.stringify(state));
  lab.child.unref();
  (lab.child.stdout as unknown as { unref?: () => void }).unref?.();
  (lab.child.stderr as unknown as { unref?: () => void }).unref?.();
}
