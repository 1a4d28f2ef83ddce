// Sweeps on a Slurm cluster (src-main/sweep, docs/cluster.md): which jobs of an experiment
// run on a cluster, from which sweep folder, and, once collected, the Slurm job id and node
// each ran on. A job with a job_cluster row is never started by the local queue.
import type { Migration } from './types';

export const sweeps: Migration = {
  version: 6,
  name: 'sweeps and job_cluster: experiments run as Slurm job arrays',
  sql: `
    CREATE TABLE sweeps (
      id TEXT PRIMARY KEY,
      experiment_id TEXT NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
      dir TEXT NOT NULL,
      cluster TEXT,
      submission_json TEXT,
      created_at TEXT NOT NULL
    );
    CREATE INDEX sweeps_experiment ON sweeps(experiment_id);
    CREATE TABLE job_cluster (
      job_id TEXT PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE,
      sweep_id TEXT NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
      array_index INTEGER NOT NULL,
      cluster TEXT,
      slurm_job_id TEXT,
      node TEXT,
      collected_at TEXT
    );
    CREATE INDEX job_cluster_sweep ON job_cluster(sweep_id);
  `,
};
