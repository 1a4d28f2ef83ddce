// The compute side of the service, started lazily: the tfjs backend of this process (which
// decides the default pool size) and the worker pool + queue. Listing runs never starts workers.
import os from 'node:os';
import type { BackendPreference } from '../engine/backend';
import type { BackendInfo } from '../engine/types';
import { WorkerPool } from '../jobs/pool';
import { JobQueue, type QueueListener } from '../jobs/queue';
import type { Store } from '../store';

export interface RuntimeOptions {
  backend: BackendPreference;
  /** Pool size; 'auto': one per core, or 1 on the tensorflow backend (it uses every core itself). */
  workers: number | 'auto';
  /** Test hook: a module exporting `runners` in place of the engine. */
  runnersModule?: string;
}

export function defaultWorkerCount(backend: BackendInfo['backend']): number {
  return backend === 'tensorflow' ? 1 : Math.max(1, os.availableParallelism());
}

export class Runtime {
  private backend: Promise<BackendInfo> | null = null;
  private started: Promise<{ pool: WorkerPool; queue: JobQueue }> | null = null;
  private recovered = 0;

  constructor(private readonly store: Store, private readonly opts: RuntimeOptions, private readonly listener: QueueListener) {}

  backendInfo(): Promise<BackendInfo> {
    this.backend ??= import('../engine/backend').then(({ initBackend }) => initBackend(this.opts.backend));
    return this.backend;
  }

  async workerCount(): Promise<number> {
    if (this.opts.workers !== 'auto') return this.opts.workers;
    return defaultWorkerCount((await this.backendInfo()).backend);
  }

  isStarted(): boolean {
    return this.started !== null;
  }

  /** Jobs that a killed process left running and that were queued again at start. */
  recoveredJobs(): number {
    return this.recovered;
  }

  queue(): Promise<JobQueue> {
    this.started ??= (async () => {
      const info = await this.backendInfo();
      const pool = new WorkerPool({ size: await this.workerCount(), backend: info.backend, runnersModule: this.opts.runnersModule });
      try {
        await pool.ready();
      } catch (e) {
        await pool.close();
        throw new Error(`job workers failed to start: ${(e as Error).message}`);
      }
      const queue = new JobQueue(this.store, pool, info.backend, this.listener);
      this.recovered = queue.recover();
      return { pool, queue };
    })();
    return this.started.then((s) => s.queue);
  }

  pool(): Promise<WorkerPool | null> {
    return this.started ? this.started.then((s) => s.pool) : Promise.resolve(null);
  }

  /** Pauses running jobs at their next step (they keep their checkpoint) and stops the workers. */
  async close(): Promise<void> {
    if (!this.started) return;
    const { pool, queue } = await this.started;
    await queue.drain();
    await pool.close();
  }
}
