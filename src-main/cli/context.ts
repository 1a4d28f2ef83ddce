// What every CLI command shares: global options, opening the service, and turning errors into
// a clear message with exit code 1 (a stack trace only for internal errors, or INVLAB_DEBUG=1).
import type { Command } from 'commander';
import { defaultWorkerMemoryMb, resolveDbPath } from '../app/tools';
import type { LabService } from '../app';

export interface GlobalOptions {
  db?: string;
  backend?: 'auto' | 'tensorflow' | 'native' | 'wasm' | 'cpu';
  workers?: string;
}

/** An error meant for the user: printed as is, exit code 1. */
export class CliError extends Error {
  override name = 'CliError';
}

export function globals(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals<GlobalOptions>();
}

export function parseWorkers(s: string | undefined): number | 'auto' | undefined {
  if (s === undefined || s === 'auto') return s;
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`--workers must be a positive integer or "auto" (got "${s}")`);
  return n;
}

/** Opens the application service on `--db` / INVLAB_HOME. Workers start only when a command queues jobs. */
export async function openService(cmd: Command): Promise<LabService> {
  const g = globals(cmd);
  const { createLabService } = await import('../app');
  return createLabService({
    dbPath: resolveDbPath({ db: g.db }), backend: g.backend, workers: parseWorkers(g.workers), mode: 'browser',
    // A terminal user stops a long export with Ctrl-C: no time limit unless INVLAB_TASK_TIMEOUT_S sets one.
    ...(process.env.INVLAB_TASK_TIMEOUT_S ? {} : { taskTimeoutMs: 24 * 3600_000 }),
  });
}

/** Prints the tfjs backend once, with the reason it was chosen. */
export async function printBackend(service: LabService): Promise<void> {
  const info = await service.runtime.backendInfo();
  const workers = await service.runtime.workerCount();
  process.stderr.write(`backend: ${info.backend} (${info.reason}); workers: ${workers}, up to ${defaultWorkerMemoryMb(workers)} MB each\n`);
}

function isUserError(e: unknown): boolean {
  if (e instanceof CliError) return true;
  const code = (e as { code?: string }).code;
  return code === 'bad-request' || code === 'not-found' || code === 'conflict' || code === 'bad-input' || code === 'storage';
}

/** Wraps a command action: errors become `invlab: <message>` and exit code 1. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      process.stderr.write(`invlab: ${message}\n`);
      if (process.env.INVLAB_DEBUG && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
      else if (!isUserError(e)) process.stderr.write('(an internal error; run with INVLAB_DEBUG=1 for details)\n');
      process.exitCode = 1;
    }
  };
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
