// A job worker: initialises the tfjs backend once, then runs one job at a time and turns the
// engine's hooks into protocol messages. It never touches SQLite.
import { parentPort, workerData } from 'node:worker_threads';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { JobHooks } from '../engine/types';
import {
  CONTROL_CODE, controlFromCode, usedMb, type MainToWorker, type TaskOutcome, type WorkerInit, type WorkerMemory,
  type WorkerTask, type WorkerToMain,
} from './protocol';
import type { Runners, Stopped } from './runners';

const PROGRESS_INTERVAL_MS = 200;

const init = workerData as WorkerInit;
const control = new Int32Array(init.control);
const port = parentPort!;
const post = (m: WorkerToMain) => port.postMessage(m);

let tfMemory: () => { numBytes: number; numTensors: number } | null = () => null;

function memory(): WorkerMemory {
  const m = process.memoryUsage();
  const t = tfMemory();
  return { rss: m.rss, heapUsed: m.heapUsed, arrayBuffers: m.arrayBuffers, tfBytes: t?.numBytes ?? null, tfTensors: t?.numTensors ?? null };
}

class MemoryLimitError extends Error {
  override name = 'MemoryLimitError';
}

function checkBudget(m: WorkerMemory): void {
  const used = usedMb(m);
  if (used > init.memoryLimitMb) {
    throw new MemoryLimitError(`this job needs ${Math.round(used)} MB, more than the ${init.memoryLimitMb} MB each worker may use; ` +
      'use a smaller batch size or image size, or fewer workers (--workers) so each gets more');
  }
}

function hooksFor(jobId: string): JobHooks {
  let lastProgress = 0;
  return {
    progress(p) {
      const t = Date.now();
      // Steps can be a few ms apart; the queue view needs a few updates a second, not hundreds.
      if (t - lastProgress < PROGRESS_INTERVAL_MS && p.step < p.steps) return;
      lastProgress = t;
      const m = memory();
      post({ type: 'progress', jobId, progress: p, memory: m });
      // Thrown inside the job's loop: the job fails with this message, the worker lives on.
      checkBudget(m);
    },
    epoch(e) { post({ type: 'epoch', jobId, epoch: e }); },
    log(level, message) { post({ type: 'log', jobId, level, message }); },
    control() { return controlFromCode(Atomics.load(control, 0)); },
  };
}

function isStopped(x: unknown): x is Stopped {
  return typeof x === 'object' && x !== null && 'stopped' in x;
}

async function runTask(runners: Runners, jobId: string, task: WorkerTask): Promise<TaskOutcome> {
  const hooks = hooksFor(jobId);
  switch (task.kind) {
    case 'train': {
      const r = await runners.train(task.input, hooks);
      return isStopped(r) ? { kind: 'stopped', reason: r.stopped } : { kind: 'train', result: r };
    }
    case 'calibrate': {
      const r = await runners.calibrate(task.input, hooks);
      return isStopped(r) ? { kind: 'stopped', reason: r.stopped } : { kind: 'calibrate', result: r };
    }
    case 'analyse': {
      const r = await runners.analyse(task.input, hooks);
      return isStopped(r) ? { kind: 'stopped', reason: r.stopped } : { kind: 'analyse', result: r };
    }
  }
}

async function main(): Promise<void> {
  const { initBackend } = await import('../engine/backend');
  const backend = await initBackend(init.backend);
  const tf = await import('@tensorflow/tfjs');
  tfMemory = () => tf.memory();
  const spec = init.runnersModule
    ? pathToFileURL(path.resolve(init.runnersModule)).href
    : './runners';
  const { runners } = (await import(spec)) as { runners: Runners };

  let busy = false;
  port.on('message', (m: MainToWorker) => {
    if (m.type === 'control') {
      Atomics.store(control, 0, CONTROL_CODE[m.action]);
      return;
    }
    if (busy) {
      post({ type: 'error', jobId: m.jobId, message: 'worker is busy with another job' });
      return;
    }
    // The main thread resets the control flag before posting 'run'; resetting it here could
    // swallow a cancel sent in between.
    busy = true;
    runTask(runners, m.jobId, m.task)
      .then((outcome) => post({ type: 'result', jobId: m.jobId, outcome, memory: memory() }))
      .catch((e: unknown) => {
        const err = e instanceof Error ? e : new Error(String(e));
        // What an oversized job allocated may still be referenced from its abandoned loop: the
        // pool replaces this thread with a fresh one holding nothing.
        post({ type: 'error', jobId: m.jobId, message: err.message, stack: err.stack, retire: err instanceof MemoryLimitError });
      })
      .finally(() => { busy = false; });
  });
  post({ type: 'ready', backend });
}

main().catch((e: unknown) => {
  const err = e instanceof Error ? e : new Error(String(e));
  post({ type: 'error', jobId: null, message: `worker failed to start: ${err.message}`, stack: err.stack });
});
