// The job queue: SQLite holds it (so a killed process loses nothing); this class moves ready
// jobs onto idle workers and records what they report. Only this main-thread code writes.
import { performance } from 'node:perf_hooks';
import type { BackendId } from '../../shared/ids';
import type { EpochRecord, JobProgress } from '../../shared/results';
import type { JobRecord, Store } from '../store';
import { buildTask } from './inputs';
import type { WorkerPool } from './pool';
import type { WorkerMemory } from './protocol';
import { recordOutcome } from './record';
import { experimentStatusOf, isTerminal } from './status';
import { ensureReserve, releaseReserve, storageCause, storageMessage } from './storage';
import { removeTempFiles } from '../engine/io/atomic';

export interface QueueListener {
  jobStatus?(job: JobRecord): void;
  progress?(job: JobRecord, p: JobProgress, memory: WorkerMemory, worker: number | null): void;
  epoch?(job: JobRecord, e: EpochRecord): void;
  log?(job: JobRecord, level: 'info' | 'warn' | 'error', message: string): void;
  experimentStatus?(experimentId: string, status: string, finished: boolean): void;
}

export class JobQueue {
  private readonly running = new Map<string, Promise<void>>();
  private idleWaiters: (() => void)[] = [];
  private held = false;
  private pumping = false;
  private shuttingDown = false;
  /** When set, only jobs of these experiments are started (the CLI runs its own experiment). */
  private focus: Set<string> | null = null;
  /** Set when a write failed for lack of space (or a read-only disk): the queue takes no more jobs. */
  private storageStop: string | null = null;
  /** Jobs whose own write failed: they end failed with this message, whatever their worker says. */
  private readonly storageFailed = new Map<string, string>();

  constructor(
    private readonly store: Store,
    private readonly pool: WorkerPool,
    private readonly backend: BackendId,
    private readonly listener: QueueListener = {},
  ) {}

  /** Jobs left 'running' by a killed process go back to 'queued'; the engine resumes them
   *  from their last epoch checkpoint. Call once at start, before pump(). */
  recover(): number {
    ensureReserve(this.store.layout.home);
    const n = this.store.jobs.recoverInterrupted();
    if (n > 0) for (const e of this.store.experiments.list()) this.refreshExperiment(e.id);
    return n;
  }

  /** Start only jobs of these experiments (null: every experiment). */
  restrictTo(experimentIds: string[] | null): void {
    this.focus = experimentIds ? new Set(experimentIds) : null;
  }

  private readyJobs(): JobRecord[] {
    return this.store.jobs.ready().filter((j) => !this.running.has(j.id) && (!this.focus || this.focus.has(j.experimentId)));
  }

  isRunning(jobId: string): boolean {
    return this.running.has(jobId);
  }

  runningCount(): number {
    return this.running.size;
  }

  /** Starts ready jobs on idle workers. Safe to call any time; cheap when nothing is ready. */
  pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      this.failBlocked();
      while (!this.held && this.pool.idleCount() > 0) {
        const next = this.readyJobs()[0];
        if (!next) break;
        this.start(next);
      }
    } catch (e) {
      if (!this.storageFailure(null, e)) throw e;
    } finally {
      this.pumping = false;
    }
    if (this.running.size === 0) this.settleIdle();
  }

  /** Why the queue stopped taking jobs for lack of space (null while it runs). Said once, by the caller. */
  storageProblem(): string | null {
    return this.storageStop;
  }

  /**
   * The storage-error path. Returns false when `e` is not a storage failure (the caller goes
   * on as before). Otherwise: stop the queue, pause the other running jobs at their next
   * step, give back the space reserve, remove the job's temporary files and mark it failed
   * with the cause and the path.
   */
  private storageFailure(job: JobRecord | null, e: unknown, seconds = 0): boolean {
    const errno = storageCause(e);
    if (!errno) return false;
    const home = this.store.layout.home;
    const message = storageMessage(e, errno, home);
    if (!this.storageStop) {
      this.storageStop = message;
      this.held = true;
      releaseReserve(home);
      for (const id of this.running.keys()) if (id !== job?.id) this.pool.control(id, 'pause');
    }
    if (!job) return true;
    removeTempFiles(job.workDir);
    this.storageFailed.set(job.id, message);
    if (!this.running.has(job.id)) this.recordStorageFailure(job, seconds);
    else this.pool.control(job.id, 'pause');
    return true;
  }

  private recordStorageFailure(job: JobRecord, seconds: number): void {
    const message = this.storageFailed.get(job.id)!;
    removeTempFiles(job.workDir);
    try {
      this.store.jobs.markFinished(job.id, 'failed', seconds, message);
    } catch {
      // Not even the reserve made room: the row stays 'running' and the next start re-queues
      // it (its process is gone), so nothing is lost; the message still reaches the caller.
    }
    this.listener.log?.(job, 'error', `${job.id} failed: ${message}`);
  }

  /** afterChange, but a storage failure there is recorded instead of thrown (it runs in callbacks). */
  private safeAfterChange(jobId: string): void {
    try {
      this.afterChange(jobId);
    } catch (e) {
      if (!this.storageFailure(null, e)) throw e;
    }
  }

  /** Resolves when no job runs and none is ready (all done, failed, paused or blocked). */
  whenIdle(): Promise<void> {
    if (this.running.size === 0 && (this.held || this.readyJobs().length === 0)) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  pause(jobId: string): void {
    const job = this.mustGet(jobId);
    if (this.running.has(jobId)) { this.pool.control(jobId, 'pause'); return; }
    if (job.status === 'queued') this.setStatus(job, 'paused');
  }

  resume(jobId: string): void {
    const job = this.mustGet(jobId);
    if (job.status === 'paused') this.setStatus(job, 'queued');
    this.pump();
  }

  cancel(jobId: string): void {
    const job = this.mustGet(jobId);
    if (this.running.has(jobId)) { this.pool.control(jobId, 'cancel'); return; }
    if (job.status === 'queued' || job.status === 'paused') {
      this.store.jobs.markFinished(jobId, 'cancelled', 0);
      this.afterChange(jobId);
      this.pump();
    }
  }

  /** Stops taking new jobs and pauses the running ones at their next step. */
  pauseAll(): void {
    this.held = true;
    for (const id of this.running.keys()) this.pool.control(id, 'pause');
  }

  resumeAll(): void {
    this.held = false;
    for (const j of this.store.jobs.list({ active: true })) if (j.status === 'paused') this.setStatus(j, 'queued');
    this.pump();
  }

  /** A clean shutdown: running jobs stop at their next step, keep their checkpoint and go
   *  back to 'queued', so the next start resumes them as it would after a crash. */
  async drain(): Promise<void> {
    this.shuttingDown = true;
    this.pauseAll();
    await Promise.allSettled([...this.running.values()]);
  }

  private start(job: JobRecord): void {
    // Another process on the same database may have taken it since it was listed.
    try {
      if (!this.store.jobs.markRunning(job.id, this.backend)) return;
    } catch (e) {
      if (this.storageFailure(job, e)) return;
      throw e;
    }
    let task;
    try {
      task = buildTask(this.store, job);
    } catch (e) {
      if (this.storageFailure(job, e)) return;
      this.store.jobs.markFinished(job.id, 'failed', 0, (e as Error).message);
      this.afterChange(job.id);
      return;
    }
    this.safeAfterChange(job.id);
    const t0 = performance.now();
    const seconds = () => (performance.now() - t0) / 1000;
    const fresh = () => this.store.jobs.get(job.id) ?? job;

    // Store writes from the worker's reports: a full disk here takes the storage-error path.
    const guarded = (fn: () => void) => {
      try {
        fn();
      } catch (e) {
        if (!this.storageFailure(job, e)) throw e;
      }
    };
    const p = this.pool.run(job.id, task, {
      progress: (pr, memory) => guarded(() => {
        this.store.jobs.setProgress(job.id, pr);
        this.listener.progress?.(job, pr, memory, this.pool.workerOf(job.id));
      }),
      epoch: (e) => guarded(() => {
        const rec: EpochRecord = { ...e, jobId: job.id };
        this.store.epochs.record(rec);
        this.listener.epoch?.(job, rec);
      }),
      log: (level, message) => this.listener.log?.(job, level, message),
    }).then(({ outcome }) => {
      if (this.storageFailed.has(job.id)) return;
      if (outcome.kind === 'stopped') {
        const status = outcome.reason === 'cancel' ? 'cancelled' : this.shuttingDown ? 'queued' : 'paused';
        this.store.jobs.markFinished(job.id, status, seconds());
      } else {
        recordOutcome(this.store, fresh(), outcome, seconds());
      }
    }).catch((e: unknown) => {
      if (this.storageFailed.has(job.id) || this.storageFailure(job, e)) return;
      const message = e instanceof Error ? e.message : String(e);
      this.store.jobs.markFinished(job.id, 'failed', seconds(), message);
      this.listener.log?.(job, 'error', `${job.id} failed: ${message}`);
    }).catch((e: unknown) => {
      // Recording the outcome itself failed for lack of space.
      if (!this.storageFailure(job, e)) throw e;
    }).finally(() => {
      this.running.delete(job.id);
      if (this.storageFailed.has(job.id)) this.recordStorageFailure(job, seconds());
      this.safeAfterChange(job.id);
      this.pump();
    });
    this.running.set(job.id, p);
  }

  /** A job whose dependency failed or was cancelled can never run: it ends the same way. */
  private failBlocked(): void {
    for (;;) {
      const blocked = this.store.jobs.blocked();
      if (blocked.length === 0) return;
      const done = new Set<string>();
      this.store.tx(() => {
        for (const b of blocked) {
          if (done.has(b.id)) continue;
          done.add(b.id);
          this.store.jobs.markFinished(b.id, b.depStatus === 'cancelled' ? 'cancelled' : 'failed', 0,
            `not run: it needs ${b.dep}, which ${b.depStatus === 'cancelled' ? 'was cancelled' : 'failed'}`);
        }
      });
      for (const id of done) this.afterChange(id);
    }
  }

  private setStatus(job: JobRecord, status: 'queued' | 'paused'): void {
    this.store.jobs.setStatus(job.id, status);
    this.afterChange(job.id);
  }

  private afterChange(jobId: string): void {
    const job = this.store.jobs.get(jobId);
    if (!job) return;
    this.listener.jobStatus?.(job);
    this.refreshExperiment(job.experimentId);
  }

  private refreshExperiment(experimentId: string): void {
    const exp = this.store.experiments.get(experimentId);
    if (!exp) return;
    const status = experimentStatusOf(this.store.jobs.byExperiment(experimentId));
    if (status === exp.status) return;
    this.store.experiments.setStatus(experimentId, status);
    this.listener.experimentStatus?.(experimentId, status, isTerminal(status));
  }

  private settleIdle(): void {
    if (!this.held && this.readyJobs().length > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private mustGet(jobId: string): JobRecord {
    const j = this.store.jobs.get(jobId);
    if (!j) throw new Error(`job ${jobId} not found`);
    return j;
  }
}
