// Work a request must not do on the server's event loop (file system work in a folder the
// user named, rendering a report): run in a worker thread with a time limit. While it runs,
// the loop keeps answering other requests, relaying progress and stopping on SIGTERM; a task
// that does not finish in time is terminated and the request fails with a message that says
// so, instead of the whole server hanging (a folder under /proc did that: #15).
import { Worker } from 'node:worker_threads';
import { LabFailure } from './errors';

const BOOTSTRAP = new URL('./off-loop-bootstrap.mjs', import.meta.url);

export interface OffLoopOptions<M> {
  /** What the task does, for the timeout message ("export the report to /x"). */
  what: string;
  timeoutMs: number;
  onMessage?: (m: M) => void;
}

/** Runs `run(input, post)` exported by `module` (a file URL) in a worker thread. */
export function runOffLoop<I, O, M = unknown>(module: URL, input: I, o: OffLoopOptions<M>): Promise<O> {
  return new Promise<O>((resolve, reject) => {
    const worker = new Worker(BOOTSTRAP, { workerData: { module: module.href, input } });
    let settled = false;
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      f();
    };
    const timer = setTimeout(() => settle(() => {
      // terminate() stops JavaScript at once; a thread stuck inside a system call is left to
      // finish on its own, off the loop. Either way this request is answered now.
      void worker.terminate();
      reject(new LabFailure('storage', `could not ${o.what} within ${Math.round(o.timeoutMs / 1000)} s: the file system does not answer (a network or special folder?); nothing else was affected`));
    }), o.timeoutMs);
    timer.unref?.();
    worker.on('message', (msg: { type: 'message'; m: M } | { type: 'done'; res: O } | { type: 'error'; error: Record<string, unknown> }) => {
      if (msg.type === 'message') { if (!settled) o.onMessage?.(msg.m); return; }
      if (msg.type === 'done') settle(() => resolve(msg.res));
      else {
        const err = Object.assign(new Error(String(msg.error.message)), msg.error);
        settle(() => reject(err));
      }
      void worker.terminate();
    });
    worker.on('error', (e) => settle(() => reject(e)));
    worker.on('exit', (code) => settle(() => reject(new LabFailure('internal', `the task to ${o.what} stopped (exit code ${code}) before it answered`))));
  });
}
