// Numbered migrations. Append new ones; never edit one that has shipped.
import type Database from 'better-sqlite3';
import { core } from './001_core';
import { results } from './002_results';
import { analyses } from './003_analyses';
import { jobRunner } from './004_job_runner';
import { calibrationDetail } from './005_calibration_detail';
import { sweeps } from './006_sweeps';
import { annotations } from './007_annotations';
import type { Migration } from './types';

export type { Migration } from './types';

export const MIGRATIONS: readonly Migration[] = [core, results, analyses, jobRunner, calibrationDetail, sweeps, annotations];
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export function schemaVersion(db: Database.Database): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null };
  return row.v ?? 0;
}

/**
 * Bring the database up to `target` (default: latest). Each migration and its version row
 * commit together, so a failing migration leaves the previous version intact.
 * Returns the versions applied.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS,
  target = migrations[migrations.length - 1]?.version ?? 0): number[] {
  const current = schemaVersion(db);
  const newest = Math.max(0, ...MIGRATIONS.map((m) => m.version));
  if (current > newest) {
    throw new Error(`database schema version ${current} is newer than this program understands (${newest}); upgrade Invariance Lab`);
  }
  const applied: number[] = [];
  const record = db.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of migrations) {
    if (m.version <= current || m.version > target) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
    })();
    applied.push(m.version);
  }
  return applied;
}
