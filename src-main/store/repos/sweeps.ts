// Sweeps: an experiment's jobs run as Slurm job arrays from a sweep folder (src-main/sweep),
// and per job the cluster, Slurm job id and node it ran on once collected.
import type Database from 'better-sqlite3';
import type { BackendId } from '../../../shared/ids';
import { now, parseJson, one, many } from './codec';

export interface SweepRecord {
  id: string;
  experimentId: string;
  dir: string;
  cluster: string | null;
  /** What `sbatch` answered per array (see src-main/sweep/format.ts Submission). */
  submission: unknown;
  createdAt: string;
}

export interface JobClusterRecord {
  jobId: string;
  sweepId: string;
  arrayIndex: number;
  cluster: string | null;
  slurmJobId: string | null;
  node: string | null;
  collectedAt: string | null;
}

interface SweepRow { id: string; experiment_id: string; dir: string; cluster: string | null; submission_json: string | null; created_at: string }
interface JobRow { job_id: string; sweep_id: string; array_index: number; cluster: string | null; slurm_job_id: string | null; node: string | null; collected_at: string | null }

const toSweep = (r: SweepRow): SweepRecord => ({
  id: r.id, experimentId: r.experiment_id, dir: r.dir, cluster: r.cluster, submission: parseJson(r.submission_json), createdAt: r.created_at,
});
const toJob = (r: JobRow): JobClusterRecord => ({
  jobId: r.job_id, sweepId: r.sweep_id, arrayIndex: r.array_index, cluster: r.cluster, slurmJobId: r.slurm_job_id, node: r.node, collectedAt: r.collected_at,
});

export function sweepsRepo(db: Database.Database) {
  const insert = db.prepare(`INSERT INTO sweeps (id, experiment_id, dir, cluster, submission_json, created_at)
    VALUES (@id, @experimentId, @dir, @cluster, @submission, @createdAt)
    ON CONFLICT(id) DO UPDATE SET dir = excluded.dir, cluster = excluded.cluster, submission_json = excluded.submission_json`);
  const insertJob = db.prepare(`INSERT INTO job_cluster (job_id, sweep_id, array_index) VALUES (?, ?, ?)
    ON CONFLICT(job_id) DO UPDATE SET sweep_id = excluded.sweep_id, array_index = excluded.array_index`);
  const byId = db.prepare('SELECT * FROM sweeps WHERE id = ?');
  const all = db.prepare('SELECT * FROM sweeps ORDER BY created_at DESC, id');
  const byExperiment = db.prepare('SELECT * FROM sweeps WHERE experiment_id = ? ORDER BY created_at DESC');
  const jobOne = db.prepare('SELECT * FROM job_cluster WHERE job_id = ?');
  const jobsOf = db.prepare('SELECT * FROM job_cluster WHERE sweep_id = ? ORDER BY array_index');
  const jobsOfExperiment = db.prepare('SELECT c.* FROM job_cluster c JOIN jobs j ON j.id = c.job_id WHERE j.experiment_id = ?');
  const collected = db.prepare('UPDATE job_cluster SET cluster = ?, slurm_job_id = ?, node = ?, collected_at = ? WHERE job_id = ?');
  // The run as the cluster saw it; markFinished then sets status, finish time, error and seconds.
  const ran = db.prepare(`UPDATE jobs SET backend = ?, attempts = ?, started_at = ?, runner = ? WHERE id = ?`);
  const finishedAt = db.prepare('UPDATE jobs SET finished_at = ? WHERE id = ?');

  return {
    save(s: Omit<SweepRecord, 'createdAt'>, jobs: { jobId: string; arrayIndex: number }[]): void {
      insert.run({ id: s.id, experimentId: s.experimentId, dir: s.dir, cluster: s.cluster, submission: JSON.stringify(s.submission ?? null), createdAt: now() });
      for (const j of jobs) insertJob.run(j.jobId, s.id, j.arrayIndex);
    },
    get(id: string): SweepRecord | null {
      return one(byId, toSweep, id);
    },
    list(): SweepRecord[] {
      return many(all, toSweep);
    },
    byExperiment(experimentId: string): SweepRecord[] {
      return many(byExperiment, toSweep, experimentId);
    },
    job(jobId: string): JobClusterRecord | null {
      return one(jobOne, toJob, jobId);
    },
    jobs(sweepId: string): JobClusterRecord[] {
      return many(jobsOf, toJob, sweepId);
    },
    jobsOfExperiment(experimentId: string): Map<string, JobClusterRecord> {
      return new Map((jobsOfExperiment.all(experimentId) as JobRow[]).map((r) => [r.job_id, toJob(r)]));
    },
    /** Records where a collected job ran and how (call inside the collect transaction). */
    markCollected(jobId: string, where: { cluster: string | null; slurmJobId: string | null; node: string | null },
      run: { backend: BackendId | null; attempts: number; startedAt: string | null }): void {
      ran.run(run.backend, run.attempts, run.startedAt, where.node ? `${where.node}:slurm` : null, jobId);
      collected.run(where.cluster, where.slurmJobId, where.node, now(), jobId);
    },
    /** The time the task finished on the cluster (not the time of the collect). */
    setFinishedAt(jobId: string, at: string): void {
      finishedAt.run(at, jobId);
    },
  };
}
export type SweepsRepo = ReturnType<typeof sweepsRepo>;
