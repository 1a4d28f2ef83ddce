// Datasets, experiments and the job queue with per-epoch history.
import type { Migration } from './types';

export const core: Migration = {
  version: 1,
  name: 'core: datasets, experiments, jobs, epochs, settings',
  sql: `
    CREATE TABLE datasets (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      source TEXT NOT NULL CHECK (source IN ('builtin', 'idx', 'folder')),
      dir TEXT NOT NULL,
      summary_json TEXT NOT NULL,
      created_at TEXT NOT NULL
    );

    CREATE TABLE experiments (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      dataset_id TEXT NOT NULL REFERENCES datasets(id),
      spec_json TEXT NOT NULL,
      -- canonical JSON of the validated spec: the same spec run again finds its experiment
      spec_key TEXT NOT NULL,
      status TEXT NOT NULL,
      created_at TEXT NOT NULL,
      finished_at TEXT
    );
    CREATE INDEX experiments_spec_key ON experiments(spec_key);

    -- One random order of the categories per (experiment, seed); the first k are seen for count k.
    CREATE TABLE seen_orders (
      experiment_id TEXT NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
      seed INTEGER NOT NULL,
      permutation_json TEXT NOT NULL,
      PRIMARY KEY (experiment_id, seed)
    );

    CREATE TABLE jobs (
      id TEXT PRIMARY KEY,
      experiment_id TEXT NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
      ordinal INTEGER NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('train', 'calibrate', 'analyse')),
      transform TEXT,
      seen_count TEXT NOT NULL,
      seed INTEGER NOT NULL,
      seen_categories_json TEXT NOT NULL,
      config_json TEXT NOT NULL DEFAULT '{}',
      status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'paused', 'done', 'failed', 'cancelled')),
      attempts INTEGER NOT NULL DEFAULT 0,
      backend TEXT,
      work_dir TEXT NOT NULL,
      weights_path TEXT,
      created_at TEXT NOT NULL,
      started_at TEXT,
      finished_at TEXT,
      seconds REAL,
      error TEXT,
      progress_json TEXT
    );
    CREATE INDEX jobs_experiment ON jobs(experiment_id, ordinal);
    CREATE INDEX jobs_status ON jobs(status);

    CREATE TABLE job_deps (
      job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
      depends_on TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
      PRIMARY KEY (job_id, depends_on)
    );

    CREATE TABLE epochs (
      job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
      epoch INTEGER NOT NULL,
      train_loss REAL NOT NULL,
      train_accuracy REAL NOT NULL,
      val_accuracy REAL NOT NULL,
      seconds REAL NOT NULL,
      images_per_second REAL NOT NULL,
      recorded_at TEXT NOT NULL,
      PRIMARY KEY (job_id, epoch)
    );

    CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value_json TEXT NOT NULL
    );
  `,
};
