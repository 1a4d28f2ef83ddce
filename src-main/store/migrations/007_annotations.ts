// Tags and a free-text note per experiment (the Runs view's lab index). A separate table, so
// an experiment's stored spec and status are never rewritten by an annotation.
import type { Migration } from './types';

export const annotations: Migration = {
  version: 7,
  name: 'experiment_annotations: tags and note per experiment',
  sql: `CREATE TABLE experiment_annotations (
      experiment_id TEXT PRIMARY KEY REFERENCES experiments(id) ON DELETE CASCADE,
      tags_json TEXT NOT NULL DEFAULT '[]',
      note TEXT NOT NULL DEFAULT '',
      updated_at TEXT NOT NULL
    );`,
};
