import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_VERSION, MIGRATIONS, Store, migrate, schemaVersion } from '../../src-main/store';
import { tempDir } from './helpers';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });
const dbFile = () => { const d = tempDir(); dirs.push(d); return path.join(d, 'x.db'); };

const tables = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

describe('migrations', () => {
  it('are numbered 1..n without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('bring a fresh database to the latest version with WAL and foreign keys on', () => {
    const store = new Store(dbFile());
    try {
      expect(schemaVersion(store.db)).toBe(LATEST_VERSION);
      expect(tables(store.db)).toEqual(expect.arrayContaining(['datasets', 'experiments', 'jobs', 'job_deps', 'epochs', 'evaluations', 'confusions', 'calibrations', 'analyses', 'schema_version']));
      expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
      const rows = store.db.prepare('SELECT version FROM schema_version ORDER BY version').all() as { version: number }[];
      expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    } finally { store.close(); }
  });

  it('upgrade an old database in place, keeping its rows', () => {
    const file = dbFile();
    const old = new Database(file);
    expect(migrate(old, MIGRATIONS, 1)).toEqual([1]);
    old.prepare("INSERT INTO datasets (id, name, source, dir, summary_json, created_at) VALUES ('d', 'n', 'folder', 'datasets/d', '{\"id\":\"d\"}', 't')").run();
    expect(tables(old)).not.toContain('evaluations');
    old.close();

    const store = new Store(file);
    try {
      expect(schemaVersion(store.db)).toBe(LATEST_VERSION);
      expect(tables(store.db)).toContain('analyses');
      const jobColumns = (store.db.prepare('PRAGMA table_info(jobs)').all() as { name: string }[]).map((c) => c.name);
      expect(jobColumns).toContain('runner');
      expect(store.datasets.get('d')?.dir).toBe(path.join(path.dirname(file), 'datasets/d'));
      // Opening again applies nothing.
      expect(migrate(store.db)).toEqual([]);
    } finally { store.close(); }
  });

  it('roll back a failing migration as a whole and keep the previous version', () => {
    const db = new Database(':memory:');
    const bad = [...MIGRATIONS, { version: LATEST_VERSION + 1, name: 'bad', sql: 'CREATE TABLE half_done (x INTEGER); INSERT INTO no_such_table VALUES (1);' }];
    expect(() => migrate(db, bad)).toThrow(/no_such_table/);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(tables(db)).not.toContain('half_done');
    db.close();
  });

  it('refuse a database written by a newer program', () => {
    const file = dbFile();
    const db = new Database(file);
    migrate(db);
    db.prepare("INSERT INTO schema_version (version, name, applied_at) VALUES (999, 'future', 't')").run();
    db.close();
    expect(() => new Store(file)).toThrow(/schema version 999 is newer/);
  });
});
