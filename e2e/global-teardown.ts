import { rmSync } from 'node:fs';
import { stopLabServer } from './fixtures/lab-server';
import { readState } from './fixtures/state';

export default async function globalTeardown(): Promise<void> {
  let state;
  try {
    state = readState();
  } catch {
    return;
  }
  // The server pauses its workers before its folder goes.
  await stopLabServer(state.pid);
  if (!process.env.E2E_KEEP_TMP) rmSync(state.tmp, { recursive: true, force: true });
}
