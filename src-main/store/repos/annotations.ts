// Tags and a note per experiment (migration 007). Tags are kept trimmed, unique, in the
// order the user gave them.
import type Database from 'better-sqlite3';
import type { ExperimentAnnotation } from '../../../shared/lab-index';
import { now } from './codec';

interface Row { experiment_id: string; tags_json: string; note: string; updated_at: string }

const toAnnotation = (r: Row): ExperimentAnnotation => ({
  experimentId: r.experiment_id, tags: JSON.parse(r.tags_json) as string[], note: r.note, updatedAt: r.updated_at,
});

export function annotationsRepo(db: Database.Database) {
  const one = db.prepare('SELECT * FROM experiment_annotations WHERE experiment_id = ?');
  const all = db.prepare('SELECT * FROM experiment_annotations');
  const put = db.prepare(`INSERT INTO experiment_annotations (experiment_id, tags_json, note, updated_at) VALUES (?, ?, ?, ?)
    ON CONFLICT(experiment_id) DO UPDATE SET tags_json = excluded.tags_json, note = excluded.note, updated_at = excluded.updated_at`);
  return {
    get(experimentId: string): ExperimentAnnotation {
      const r = one.get(experimentId) as Row | undefined;
      return r ? toAnnotation(r) : { experimentId, tags: [], note: '', updatedAt: null };
    },
    all(): Map<string, ExperimentAnnotation> {
      return new Map((all.all() as Row[]).map((r) => [r.experiment_id, toAnnotation(r)]));
    },
    /** Replaces what is given (tags, note or both), keeps the rest. */
    set(experimentId: string, patch: { tags?: string[]; note?: string }): ExperimentAnnotation {
      const cur = this.get(experimentId);
      const tags = patch.tags ? [...new Set(patch.tags.map((t) => t.trim()).filter(Boolean))] : cur.tags;
      const note = patch.note ?? cur.note;
      put.run(experimentId, JSON.stringify(tags), note, now());
      return this.get(experimentId);
    },
  };
}
export type AnnotationsRepo = ReturnType<typeof annotationsRepo>;
