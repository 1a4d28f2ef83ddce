// What a trained network is evaluated to, and the calibrated transformation strengths.
import type { Migration } from './types';

export const results: Migration = {
  version: 2,
  name: 'results: evaluations, confusion matrices, calibrations',
  sql: `
    -- One row per (network, transformation). The clean network (seen count 0) has one row per
    -- transformation of its experiment, plus one with transform_key '' (no transformation).
    CREATE TABLE evaluations (
      job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
      transform_key TEXT NOT NULL,
      experiment_id TEXT NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
      seen_count TEXT NOT NULL,
      seed INTEGER NOT NULL,
      clean_accuracy REAL NOT NULL,
      within_accuracy REAL,
      across_accuracy REAL,
      evaluation_json TEXT NOT NULL,
      PRIMARY KEY (job_id, transform_key)
    );
    CREATE INDEX evaluations_experiment ON evaluations(experiment_id);

    -- counts[true][predicted] as a row-major Int32 blob of n x n.
    CREATE TABLE confusions (
      job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
      condition TEXT NOT NULL,
      n INTEGER NOT NULL,
      counts BLOB NOT NULL,
      PRIMARY KEY (job_id, condition)
    );

    CREATE TABLE calibrations (
      experiment_id TEXT NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
      seed INTEGER NOT NULL,
      transform TEXT NOT NULL,
      job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
      param TEXT NOT NULL,
      value REAL NOT NULL,
      target REAL NOT NULL,
      curve_json TEXT NOT NULL,
      PRIMARY KEY (experiment_id, seed, transform)
    );
  `,
};
