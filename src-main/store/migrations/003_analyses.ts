// Neuron-level invariance per analysed network (SPEC.md section 6).
import type { Migration } from './types';

export const analyses: Migration = {
  version: 3,
  name: 'analyses: summaries and per-neuron / per-image Float32 blobs',
  sql: `
    CREATE TABLE analyses (
      job_id TEXT PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE,
      experiment_id TEXT NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
      network_job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
      transform TEXT NOT NULL,
      seen_count TEXT NOT NULL,
      seed INTEGER NOT NULL,
      layer TEXT NOT NULL,
      tau REAL NOT NULL,
      summary_json TEXT NOT NULL,
      invariance_all BLOB NOT NULL,
      invariance_seen BLOB NOT NULL,
      invariance_unseen BLOB NOT NULL,
      active_per_image BLOB NOT NULL,
      images_per_neuron BLOB NOT NULL
    );
    CREATE INDEX analyses_experiment ON analyses(experiment_id);
  `,
};
