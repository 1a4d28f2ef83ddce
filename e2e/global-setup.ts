// Starts the real browser-mode server (`invlab serve`) on a fresh database in a temp folder,
// with a small dataset of generated PNGs beside it.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeDataset } from './fixtures/dataset';
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
  const child = spawn(process.execPath, [join(root, 'e2e', 'fixtures', 'serve.mjs'), '--port', '0', '--db', join(tmp, 'lab', 'invlab.db'), '--no-build', '--allow', tmp], {
    cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, INVLAB_HOME: join(tmp, 'lab') }, detached: false,
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`invlab serve did not print its URL within 60 s:\n${out}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /Open: (http:\/\/\S+\?token=\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => { out += d.toString(); process.stderr.write(d); });
    child.once('exit', (code) => reject(new Error(`invlab serve exited (${code}) before listening:\n${out}`)));
  });
  // Keep draining the server's output so it never blocks on a full pipe.
  child.stdout!.on('data', () => {});
  const u = new URL(url);
  const state: E2EState = { url, token: u.searchParams.get('token')!, origin: u.origin, tmp, datasetDir, reportDir, pid: child.pid!, dbPath: join(tmp, 'lab', 'invlab.db') };
  mkdirSync(dirname(STATE_FILE), { recursive: true });
  writeFileSync(STATE_FILE, JSON.stringify(state));
  child.unref();
  (child.stdout as unknown as { unref?: () => void }).unref?.();
  (child.stderr as unknown as { unref?: () => void }).unref?.();
}
