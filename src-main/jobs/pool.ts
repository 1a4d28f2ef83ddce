// A pool of worker_threads; each runs one job at a time. Main-thread side of protocol.ts.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { EpochRecord, JobProgress } from '../../shared/results';
import type { BackendPreference } from '../engine/backend';
import type { BackendInfo } from '../engine/types';
import {
  CONTROL_CODE, type ControlAction, type MainToWorker, type TaskOutcome, type WorkerInit, type WorkerMemory,
  type WorkerTask, type WorkerToMain,
} from './protocol';

const BOOTSTRAP = new URL('./worker-bootstrap.mjs', import.meta.url);

export interface TaskHandlers {
  progress?(p: JobProgress, memory: WorkerMemory): void;
  epoch?(e: Omit<EpochRecord, 'jobId'>): void;
  log?(level: 'info' | 'warn' | 'error', message: string): void;
}

export interface PoolOptions {
  size: number;
  backend: BackendPreference;
  runnersModule?: string;
  /** Memory budget per worker in MB (default: defaultWorkerMemoryMb(size)). */
  memoryLimitMb?: number;
}

/**
 * Three quarters of the machine's memory shared by the workers (at least 512 MB each), so
 * that together they cannot push the machine into swap or the OOM killer: one job that grows
 * too large (a big batch of large images) fails with a message instead.
 */
export function defaultWorkerMemoryMb(workers: number): number {
  return Math.max(512, Math.floor((0.75 * os.totalmem()) / 2 ** 20 / Math.max(1, workers)));
}

interface Slot {
  index: number;
  worker: Worker;
  control: Int32Array;
  ready: Promise<BackendInfo>;
  job: null | {
    jobId: string;
    handlers: TaskHandlers;
    resolve(o: { outcome: TaskOutcome; memory: WorkerMemory | null }): void;
    reject(e: Error): void;
  };
  memory: WorkerMemory | null;
}

export class WorkerCrashError extends Error {
  override name = 'WorkerCrashError';
}

export class WorkerPool {
  private slots: Slot[] = [];
  private closed = false;

  readonly memoryLimitMb: number;

  constructor(private readonly opts: PoolOptions) {
    if (!Number.isInteger(opts.size) || opts.size < 1) throw new Error(`workers must be a positive integer (got ${opts.size})`);
    this.memoryLimitMb = opts.memoryLimitMb ?? defaultWorkerMemoryMb(opts.size);
    if (!Number.isInteger(this.memoryLimitMb) || this.memoryLimitMb < 64) throw new Error(`worker memory limit must be an integer of at least 64 MB (got ${opts.memoryLimitMb})`);
    for (let i = 0; i < opts.size; i++) this.slots.push(this.spawn(i));
  }

  get size(): number {
    return this.slots.length;
  }

  /** Resolves when every worker has initialised its backend. */
  async ready(): Promise<BackendInfo[]> {
    return Promise.all(this.slots.map((s) => s.ready));
  }

  idleCount(): number {
    return this.slots.filter((s) => !s.job).length;
  }

  /** Which worker runs which job, with its last reported memory. */
  workers(): { index: number; jobId: string | null; memory: WorkerMemory | null }[] {
    return this.slots.map((s) => ({ index: s.index, jobId: s.job?.jobId ?? null, memory: s.memory }));
  }

  workerOf(jobId: string): number | null {
    return this.slots.find((s) => s.job?.jobId === jobId)?.index ?? null;
  }

  /** Runs a task on an idle worker. Rejects with the worker's error message when the job throws. */
  async run(jobId: string, task: WorkerTask, handlers: TaskHandlers = {}): Promise<{ outcome: TaskOutcome; memory: WorkerMemory | null }> {
    if (this.closed) throw new Error('worker pool is closed');
    const slot = this.slots.find((s) => !s.job);
    if (!slot) throw new Error('no idle worker');
    const promise = new Promise<{ outcome: TaskOutcome; memory: WorkerMemory | null }>((resolve, reject) => {
      slot.job = { jobId, handlers, resolve, reject };
    });
    try {
      await slot.ready;
    } catch (e) {
      slot.job = null;
      throw e;
    }
    Atomics.store(slot.control, 0, CONTROL_CODE.run);
    this.post(slot, { type: 'run', jobId, task });
    return promise;
  }

  /** Asks the job's worker to pause or cancel at its next step. Returns false when no worker runs it. */
  control(jobId: string, action: ControlAction): boolean {
    const slot = this.slots.find((s) => s.job?.jobId === jobId);
    if (!slot) return false;
    Atomics.store(slot.control, 0, CONTROL_CODE[action]);
    this.post(slot, { type: 'control', jobId, action });
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots;
    this.slots = [];
    for (const s of slots) s.job?.reject(new WorkerCrashError('worker pool closed while the job ran'));
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private post(slot: Slot, m: MainToWorker): void {
    slot.worker.postMessage(m);
  }

  private spawn(index: number): Slot {
    const control = new Int32Array(new SharedArrayBuffer(4));
    const init: WorkerInit = {
      backend: this.opts.backend, runnersModule: this.opts.runnersModule, control: control.buffer as SharedArrayBuffer,
      memoryLimitMb: this.memoryLimitMb,
    };
    // V8 enforces the heap part itself (the worker dies, its job fails, a new worker starts);
    // tensors live outside the heap and are checked by the worker between steps.
    const worker = new Worker(BOOTSTRAP, { workerData: init, resourceLimits: { maxOldGenerationSizeMb: this.memoryLimitMb } });
    let readyResolve!: (b: BackendInfo) => void;
    let readyReject!: (e: Error) => void;
    const ready = new Promise<BackendInfo>((res, rej) => { readyResolve = res; readyReject = rej; });
    ready.catch(() => undefined);
    const slot: Slot = { index, worker, control, ready, job: null, memory: null };

    worker.on('message', (m: WorkerToMain) => {
      const job = slot.job;
      switch (m.type) {
        case 'ready': readyResolve(m.backend); return;
        case 'progress': slot.memory = m.memory; job?.handlers.progress?.(m.progress, m.memory); return;
        case 'epoch': job?.handlers.epoch?.(m.epoch); return;
        case 'log': job?.handlers.log?.(m.level, m.message); return;
        case 'memory': slot.memory = m.memory; return;
        case 'result':
          slot.memory = m.memory;
          slot.job = null;
          job?.resolve({ outcome: m.outcome, memory: m.memory });
          return;
        case 'error':
          if (m.jobId === null) { readyReject(new Error(m.message)); return; }
          // Replaced before the job's caller hears of it, so no next job lands on this thread.
          if (m.retire) this.replace(slot);
          slot.job = null;
          job?.reject(Object.assign(new Error(m.message), { workerStack: m.stack }));
          return;
      }
    });
    // A crash (out of memory, a native abort) loses the worker: fail its job, start a new one.
    const onDeath = (err: Error) => {
      readyReject(err);
      const job = slot.job;
      slot.job = null;
      if (this.closed || !this.slots.includes(slot)) return;
      job?.reject(new WorkerCrashError(`worker ${index} stopped: ${err.message}`));
      this.slots[this.slots.indexOf(slot)] = this.spawn(index);
    };
    worker.on('error', (e) => onDeath(e));
    worker.on('exit', (code) => { if (code !== 0 || slot.job) onDeath(new Error(`exit code ${code}`)); });
    return slot;
  }

  /** Swaps a live worker for a new one at the same index; the old one is ended quietly. */
  private replace(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i < 0 || this.closed) return;
    this.slots[i] = this.spawn(slot.index);
    slot.worker.removeAllListeners('exit');
    slot.worker.removeAllListeners('error');
    slot.worker.on('error', () => {});
    void slot.worker.terminate();
  }
}
