import { rmSync } from 'node:fs';
import { readState } from './fixtures/state';

export default async function globalTeardown(): Promise<void> {
  let state;
  try {
    state = readState();
  } catch {
    return;
  }
  try {
    process.kill(state.pid, 'SIGTERM');
  } catch {
    // already gone
  }
  // Give the server a moment to pause its workers before its folder goes.
  await new Promise((r) => setTimeout(r, 1500));
  try {
    process.kill(state.pid, 'SIGKILL');
  } catch {
    // stopped cleanly
  }
  if (!process.env.E2E_KEEP_TMP) rmSync(state.tmp, { recursive: true, force: true });
}
