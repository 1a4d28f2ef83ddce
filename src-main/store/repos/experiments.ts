// Experiments: the validated spec, its status, and the per-seed order of categories.
import type Database from 'better-sqlite3';
import type { ExperimentStatus } from '../../../shared/results';
import type { ExperimentSpec } from '../../../shared/spec';
import { now, one, many } from './codec';

export interface ExperimentRecord {
  id: string;
  name: string;
  datasetId: string;
  spec: ExperimentSpec;
  specKey: string;
  status: ExperimentStatus;
  createdAt: string;
  finishedAt: string | null;
}

interface Row {
  id: string; name: string; dataset_id: string; spec_json: string; spec_key: string;
  status: ExperimentStatus; created_at: string; finished_at: string | null;
}

const toRecord = (r: Row): ExperimentRecord => ({
  id: r.id, name: r.name, datasetId: r.dataset_id, spec: JSON.parse(r.spec_json) as ExperimentSpec,
  specKey: r.spec_key, status: r.status, createdAt: r.created_at, finishedAt: r.finished_at,
});

export function experimentsRepo(db: Database.Database) {
  const insert = db.prepare(`INSERT INTO experiments (id, name, dataset_id, spec_json, spec_key, status, created_at)
    VALUES (@id, @name, @datasetId, @specJson, @specKey, @status, @createdAt)`);
  const byId = db.prepare('SELECT * FROM experiments WHERE id = ?');
  const byPrefix = db.prepare("SELECT * FROM experiments WHERE id LIKE ? || '%' ORDER BY created_at DESC LIMIT 2");
  const bySpecKey = db.prepare('SELECT * FROM experiments WHERE spec_key = ? ORDER BY created_at DESC LIMIT 1');
  const all = db.prepare('SELECT * FROM experiments ORDER BY created_at DESC, id');
  const setStatus = db.prepare('UPDATE experiments SET status = ?, finished_at = ? WHERE id = ?');
  const remove = db.prepare('DELETE FROM experiments WHERE id = ?');
  const putOrder = db.prepare('INSERT OR IGNORE INTO seen_orders (experiment_id, seed, permutation_json) VALUES (?, ?, ?)');
  const getOrder = db.prepare('SELECT permutation_json FROM seen_orders WHERE experiment_id = ? AND seed = ?');

  return {
    create(e: { id: string; name: string; datasetId: string; spec: ExperimentSpec; specKey: string }): ExperimentRecord {
      const createdAt = now();
      insert.run({ ...e, specJson: JSON.stringify(e.spec), status: 'queued', createdAt });
      return { ...e, status: 'queued', createdAt, finishedAt: null };
    },
    get(id: string): ExperimentRecord | null {
      return one(byId, toRecord, id);
    },
    /** Full id, or a unique prefix of it (like git). */
    resolve(idOrPrefix: string): ExperimentRecord | null {
      const exact = byId.get(idOrPrefix) as Row | undefined;
      if (exact) return toRecord(exact);
      if (idOrPrefix.length < 4) return null;
      const rows = byPrefix.all(idOrPrefix) as Row[];
      return rows.length === 1 ? toRecord(rows[0]!) : null;
    },
    findBySpecKey(key: string): ExperimentRecord | null {
      return one(bySpecKey, toRecord, key);
    },
    list(): ExperimentRecord[] {
      return many(all, toRecord);
    },
    setStatus(id: string, status: ExperimentStatus): void {
      const terminal = status === 'done' || status === 'failed' || status === 'cancelled';
      setStatus.run(status, terminal ? now() : null, id);
    },
    remove(id: string): boolean {
      return remove.run(id).changes > 0;
    },
    /** Stores the order once; a later call keeps the first one (nesting must never change). */
    putSeenOrder(id: string, seed: number, permutation: number[]): number[] {
      putOrder.run(id, seed, JSON.stringify(permutation));
      return this.seenOrder(id, seed)!;
    },
    seenOrder(id: string, seed: number): number[] | null {
      const r = getOrder.get(id, seed) as { permutation_json: string } | undefined;
      return r ? (JSON.parse(r.permutation_json) as number[]) : null;
    },
  };
}
export type ExperimentsRepo = ReturnType<typeof experimentsRepo>;
