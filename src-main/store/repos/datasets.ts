// Datasets: the summary as JSON plus the folder holding the pixels.
import type Database from 'better-sqlite3';
import { one, many } from './codec';
import type { DatasetSummary } from '../../../shared/results';
import { fromStoredPath, toStoredPath } from '../paths';

export interface DatasetRecord { summary: DatasetSummary; dir: string }

interface Row { id: string; dir: string; summary_json: string }

export function datasetsRepo(db: Database.Database, home: string) {
  const upsert = db.prepare(`INSERT INTO datasets (id, name, source, dir, summary_json, created_at)
    VALUES (@id, @name, @source, @dir, @summary_json, @created_at)
    ON CONFLICT(id) DO UPDATE SET name = excluded.name, dir = excluded.dir, summary_json = excluded.summary_json`);
  const byId = db.prepare('SELECT id, dir, summary_json FROM datasets WHERE id = ?');
  const byName = db.prepare('SELECT id, dir, summary_json FROM datasets WHERE name = ? ORDER BY created_at DESC');
  const all = db.prepare('SELECT id, dir, summary_json FROM datasets ORDER BY created_at, id');
  const remove = db.prepare('DELETE FROM datasets WHERE id = ?');
  const usedBy = db.prepare('SELECT COUNT(*) AS n FROM experiments WHERE dataset_id = ?');

  const toRecord = (r: Row): DatasetRecord => ({
    summary: JSON.parse(r.summary_json) as DatasetSummary,
    dir: fromStoredPath(home, r.dir),
  });

  return {
    save(summary: DatasetSummary, dir: string): void {
      upsert.run({
        id: summary.id, name: summary.name, source: summary.source, dir: toStoredPath(home, dir),
        summary_json: JSON.stringify(summary), created_at: summary.createdAt,
      });
    },
    get(id: string): DatasetRecord | null {
      return one(byId, toRecord, id);
    },
    /** By id, else by name (newest first). */
    find(idOrName: string): DatasetRecord | null {
      const r = (byId.get(idOrName) ?? byName.get(idOrName)) as Row | undefined;
      return r ? toRecord(r) : null;
    },
    list(): DatasetRecord[] {
      return many(all, toRecord);
    },
    experimentCount(id: string): number {
      return (usedBy.get(id) as { n: number }).n;
    },
    remove(id: string): boolean {
      return remove.run(id).changes > 0;
    },
  };
}
export type DatasetsRepo = ReturnType<typeof datasetsRepo>;
