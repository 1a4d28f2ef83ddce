// The job queue: one row per network to train, calibration or analysis, with dependencies.
import os from 'node:os';
import type Database from 'better-sqlite3';
import type { BackendId, SeenCount, TransformId } from '../../../shared/ids';
import type { JobKind, JobProgress, JobStatus, JobSummary } from '../../../shared/results';
import { fromStoredPath, toStoredPath } from '../paths';
import { decodeSeen, decodeTransform, encodeSeen, now, parseJson, one, many } from './codec';

/** Job-specific settings (which network an analysis or calibration reads, layer, tau...). */
export interface JobConfig {
  /** calibrate/analyse: the train job whose network is used. */
  networkJobId?: string;
  layer?: string;
  tau?: number | 'auto';
}

export interface NewJob {
  id: string;
  experimentId: string;
  ordinal: number;
  kind: JobKind;
  transform: TransformId | null;
  seenCount: SeenCount;
  seed: number;
  seenCategories: number[];
  config: JobConfig;
  workDir: string;
  dependsOn: string[];
}

export interface JobStats {
  total: number;
  byStatus: Partial<Record<JobStatus, number>>;
  byBackend: Partial<Record<BackendId, number>>;
  firstStart: string | null;
  lastEnd: string | null;
}

export interface JobRecord extends NewJob {
  status: JobStatus;
  attempts: number;
  backend: BackendId | null;
  weightsPath: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  seconds: number | null;
  error: string | null;
  progress: JobProgress | null;
}

interface Row {
  id: string; experiment_id: string; ordinal: number; kind: JobKind; transform: string | null;
  seen_count: string; seed: number; seen_categories_json: string; config_json: string;
  status: JobStatus; attempts: number; backend: BackendId | null; work_dir: string;
  weights_path: string | null; created_at: string; started_at: string | null;
  finished_at: string | null; seconds: number | null; error: string | null; progress_json: string | null;
  deps: string | null;
}

/** This process, as recorded in jobs.runner. */
const RUNNER = `${os.hostname()}:${process.pid}`;

function runnerAlive(runner: string | null): boolean {
  if (!runner) return false;
  const i = runner.lastIndexOf(':');
  const host = runner.slice(0, i);
  const pid = Number(runner.slice(i + 1));
  // Another machine sharing the file: it cannot be checked from here, so it is treated as
  // gone (SQLite over a network file system is not a supported setup anyway).
  if (host !== os.hostname() || !Number.isInteger(pid) || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const SELECT = `SELECT j.*, (SELECT group_concat(depends_on, ' ') FROM job_deps d WHERE d.job_id = j.id) AS deps FROM jobs j`;

export function toJobSummary(j: JobRecord): JobSummary {
  return {
    id: j.id, experimentId: j.experimentId, kind: j.kind, transform: j.transform, seenCount: j.seenCount,
    seed: j.seed, status: j.status, attempts: j.attempts, backend: j.backend, startedAt: j.startedAt,
    finishedAt: j.finishedAt, error: j.error, progress: j.progress,
  };
}

export function jobsRepo(db: Database.Database, home: string) {
  const toRecord = (r: Row): JobRecord => ({
    id: r.id, experimentId: r.experiment_id, ordinal: r.ordinal, kind: r.kind,
    transform: decodeTransform(r.transform), seenCount: decodeSeen(r.seen_count), seed: r.seed,
    seenCategories: JSON.parse(r.seen_categories_json) as number[],
    config: JSON.parse(r.config_json) as JobConfig, workDir: fromStoredPath(home, r.work_dir),
    dependsOn: r.deps ? r.deps.split(' ').sort() : [], status: r.status, attempts: r.attempts,
    backend: r.backend, weightsPath: r.weights_path ? fromStoredPath(home, r.weights_path) : null,
    createdAt: r.created_at, startedAt: r.started_at, finishedAt: r.finished_at, seconds: r.seconds,
    error: r.error, progress: parseJson<JobProgress>(r.progress_json),
  });

  const insert = db.prepare(`INSERT OR IGNORE INTO jobs (id, experiment_id, ordinal, kind, transform, seen_count, seed,
      seen_categories_json, config_json, status, work_dir, created_at)
    VALUES (@id, @experimentId, @ordinal, @kind, @transform, @seenCount, @seed, @seenCategories, @config, 'queued', @workDir, @createdAt)`);
  const insertDep = db.prepare('INSERT OR IGNORE INTO job_deps (job_id, depends_on) VALUES (?, ?)');
  const byId = db.prepare(`${SELECT} WHERE j.id = ?`);
  const byExperiment = db.prepare(`${SELECT} WHERE j.experiment_id = ? ORDER BY j.ordinal`);
  const all = db.prepare(`${SELECT} ORDER BY j.created_at, j.ordinal`);
  const active = db.prepare(`${SELECT} WHERE j.status IN ('queued', 'running', 'paused') ORDER BY j.created_at, j.ordinal`);
  // Ready: queued, every dependency done, not on a Slurm cluster (job_cluster). Oldest experiment first, then expansion order.
  const ready = db.prepare(`${SELECT} JOIN experiments e ON e.id = j.experiment_id
    WHERE j.status = 'queued' AND NOT EXISTS (
      SELECT 1 FROM job_deps d JOIN jobs p ON p.id = d.depends_on WHERE d.job_id = j.id AND p.status <> 'done')
      AND NOT EXISTS (SELECT 1 FROM job_cluster c WHERE c.job_id = j.id)
    ORDER BY e.created_at, j.ordinal`);
  // Blocked for good: queued, with a dependency that failed or was cancelled.
  const blocked = db.prepare(`SELECT j.id AS id, p.id AS dep, p.status AS dep_status FROM jobs j
    JOIN job_deps d ON d.job_id = j.id JOIN jobs p ON p.id = d.depends_on
    WHERE j.status = 'queued' AND p.status IN ('failed', 'cancelled')`);
  // A claim: only a queued job can start, so two processes on one database never both run it.
  const start = db.prepare(`UPDATE jobs SET status = 'running', attempts = attempts + 1, backend = ?, started_at = ?,
    finished_at = NULL, error = NULL, runner = ? WHERE id = ? AND status = 'queued'`);
  const finish = db.prepare(`UPDATE jobs SET status = ?, finished_at = ?, error = ?,
    seconds = COALESCE(seconds, 0) + ? WHERE id = ?`);
  const setWeights = db.prepare('UPDATE jobs SET weights_path = ? WHERE id = ?');
  const setStatus = db.prepare('UPDATE jobs SET status = ? WHERE id = ?');
  const setProgress = db.prepare('UPDATE jobs SET progress_json = ? WHERE id = ?');
  const setConfig = db.prepare('UPDATE jobs SET config_json = ? WHERE id = ?');
  // Per experiment and status: counts, backends, first start and last end (the Runs index, lists).
  const stats = db.prepare(`SELECT experiment_id, status, backend, COUNT(*) AS n, MIN(started_at) AS first_start, MAX(finished_at) AS last_end
    FROM jobs GROUP BY experiment_id, status, backend`);
  const runningRunners = db.prepare(`SELECT id, runner FROM jobs WHERE status = 'running'`);
  const recover = db.prepare(`UPDATE jobs SET status = 'queued' WHERE id = ? AND status = 'running'`);
  const requeue = db.prepare(`UPDATE jobs SET status = 'queued', error = NULL
    WHERE experiment_id = ? AND status IN ('failed', 'cancelled', 'paused')`);

  const insertMany = db.transaction((jobs: NewJob[]) => {
    const createdAt = now();
    let added = 0;
    for (const j of jobs) {
      added += insert.run({
        id: j.id, experimentId: j.experimentId, ordinal: j.ordinal, kind: j.kind, transform: j.transform,
        seenCount: encodeSeen(j.seenCount), seed: j.seed, seenCategories: JSON.stringify(j.seenCategories),
        config: JSON.stringify(j.config), workDir: toStoredPath(home, j.workDir), createdAt,
      }).changes;
    }
    for (const j of jobs) for (const d of j.dependsOn) insertDep.run(j.id, d);
    return added;
  });

  return {
    /** One query for every experiment's job counts by status, backends, first start and last end. */
    stats(): Map<string, JobStats> {
      const out = new Map<string, JobStats>();
      for (const r of stats.all() as { experiment_id: string; status: JobStatus; backend: BackendId | null; n: number; first_start: string | null; last_end: string | null }[]) {
        let s = out.get(r.experiment_id);
        if (!s) out.set(r.experiment_id, s = { total: 0, byStatus: {}, byBackend: {}, firstStart: null, lastEnd: null });
        s.total += r.n;
        s.byStatus[r.status] = (s.byStatus[r.status] ?? 0) + r.n;
        if (r.backend) s.byBackend[r.backend] = (s.byBackend[r.backend] ?? 0) + r.n;
        if (r.first_start && (!s.firstStart || r.first_start < s.firstStart)) s.firstStart = r.first_start;
        if (r.last_end && (!s.lastEnd || r.last_end > s.lastEnd)) s.lastEnd = r.last_end;
      }
      return out;
    },
    /** Inserts jobs not yet present (by id) and their dependencies, all or nothing. Returns how many were new. */
    insertMany(jobs: NewJob[]): number {
      return insertMany(jobs);
    },
    get(id: string): JobRecord | null {
      return one(byId, toRecord, id);
    },
    byExperiment(experimentId: string): JobRecord[] {
      return many(byExperiment, toRecord, experimentId);
    },
    list(opts: { experimentId?: string; active?: boolean } = {}): JobRecord[] {
      const rows = opts.experimentId ? (byExperiment.all(opts.experimentId) as Row[])
        : opts.active ? (active.all() as Row[]) : (all.all() as Row[]);
      const out = rows.map(toRecord);
      // An experiment's jobs filtered to the active ones when both are asked for.
      return opts.experimentId && opts.active ? out.filter((j) => ['queued', 'running', 'paused'].includes(j.status)) : out;
    },
    ready(): JobRecord[] {
      return many(ready, toRecord);
    },
    blocked(): { id: string; dep: string; depStatus: JobStatus }[] {
      return (blocked.all() as { id: string; dep: string; dep_status: JobStatus }[])
        .map((r) => ({ id: r.id, dep: r.dep, depStatus: r.dep_status }));
    },
    /** Claims a queued job for this process; false when it is not queued (any more). */
    markRunning(id: string, backend: BackendId): boolean {
      return start.run(backend, now(), RUNNER, id).changes === 1;
    },
    /** A terminal or paused state, with the seconds this attempt ran added to the job's total. */
    markFinished(id: string, status: 'done' | 'failed' | 'cancelled' | 'paused' | 'queued', seconds: number, error: string | null = null): void {
      const terminal = status === 'done' || status === 'failed' || status === 'cancelled';
      finish.run(status, terminal ? now() : null, error, seconds, id);
    },
    setWeightsPath(id: string, p: string): void {
      setWeights.run(toStoredPath(home, p), id);
    },
    setStatus(id: string, status: JobStatus): void {
      setStatus.run(status, id);
    },
    setProgress(id: string, p: JobProgress): void {
      setProgress.run(JSON.stringify(p), id);
    },
    setConfig(id: string, c: JobConfig): void {
      setConfig.run(JSON.stringify(c), id);
    },
    /** Jobs left 'running' by a process that died go back to the queue; jobs a live process
     *  on this machine runs stay. Returns how many were recovered. */
    recoverInterrupted(): number {
      const rows = runningRunners.all() as { id: string; runner: string | null }[];
      return db.transaction(() => rows.filter((r) => !runnerAlive(r.runner)).reduce((n, r) => n + recover.run(r.id).changes, 0))();
    },
    /** Failed, cancelled and paused jobs of an experiment are queued again (done jobs never are). */
    requeueUnfinished(experimentId: string): number {
      return requeue.run(experimentId).changes;
    },
  };
}
export type JobsRepo = ReturnType<typeof jobsRepo>;
