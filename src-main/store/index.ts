// The run history: one SQLite database (WAL, foreign keys, numbered migrations) and the data
// folder beside it. The ONE place in the project that speaks SQL.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StorageError, makeDirs, storageErrno } from '../engine/io/atomic';
import { migrate } from './migrations';
import { dataLayout } from './paths';
import { analysesRepo } from './repos/analyses';
import { calibrationsRepo } from './repos/calibrations';
import { confusionsRepo } from './repos/confusions';
import { datasetsRepo } from './repos/datasets';
import { epochsRepo } from './repos/epochs';
import { evaluationsRepo } from './repos/evaluations';
import { experimentsRepo } from './repos/experiments';
import { jobsRepo } from './repos/jobs';
import { settingsRepo } from './repos/settings';
import { annotationsRepo } from './repos/annotations';
import { sweepsRepo } from './repos/sweeps';

export { resolveDbPath, dataLayout } from './paths';
export { LATEST_VERSION, MIGRATIONS, migrate, schemaVersion } from './migrations';
export type { JobRecord, NewJob, JobConfig, JobStats } from './repos/jobs';
export { toJobSummary } from './repos/jobs';
export type { ExperimentRecord } from './repos/experiments';
export type { DatasetRecord } from './repos/datasets';
export type { CalibrationRecord } from './repos/calibrations';
export type { AnalysisArrays } from './repos/analyses';
export type { SweepRecord, JobClusterRecord } from './repos/sweeps';
export { createBlobReader, type BlobReader } from './blob-reader';

/**
 * The history database's file is damaged (flipped bytes, a bad copy, a file that is not a
 * database). SQLite keeps no page checksums, so this is found where its structure breaks: at
 * open for the header, at the first read of a damaged page otherwise. Nothing is written to
 * the file after that; the message says how to rescue what it holds.
 */
export class DatabaseDamagedError extends Error {
  override name = 'DatabaseDamagedError';
  /** The contract's LabError code: a storage problem, not an internal error. */
  readonly code = 'storage' as const;
  constructor(readonly path: string, cause: string) {
    super(`the history database ${path} is damaged (${cause}); it was left as it is. Keep a copy of it, then rescue what it holds with \`sqlite3 ${path} .recover | sqlite3 recovered.db\`, or move it away to start a new history`);
  }
}

/** Whether `e` is SQLite saying the file is damaged or not a database at all. */
export function isDatabaseDamage(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

function openDatabase(dbPath: string): Database.Database {
  makeDirs(path.dirname(dbPath));
  let db: Database.Database;
  try {
    // Electron loads a better-sqlite3 built for its own ABI (scripts/start-electron.mjs);
    // Node uses the package's default build.
    const binding = process.env.INVLAB_SQLITE_BINDING;
    db = new Database(dbPath, binding ? { nativeBinding: binding } : {});
  } catch (e) {
    throw new Error(`cannot open database ${dbPath}: ${(e as Error).message}`);
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    // Workers never write, but a second CLI process (e.g. `runs list` during a run) may read.
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
  } catch (e) {
    db.close();
    throw explainSqlite(e, dbPath);
  }
  return db;
}

/**
 * A SQLite error as what the user can act on, naming the file: damage, or the storage (a disk
 * full to the last byte cannot even create the WAL index: SQLite says "disk I/O error").
 */
function explainSqlite(e: unknown, dbPath: string): unknown {
  if (e instanceof DatabaseDamagedError || e instanceof StorageError) return e;
  if (isDatabaseDamage(e)) return new DatabaseDamagedError(dbPath, (e as Error).message);
  const code = (e as { code?: unknown } | null)?.code;
  const errno = typeof code === 'string' && code.startsWith('SQLITE_') ? storageErrno(e) : null;
  if (!errno) return e;
  return new StorageError(errno === 'EIO' && nearlyFull(path.dirname(dbPath)) ? 'ENOSPC' : errno, dbPath, 'write the history database', (e as Error).message);
}

/** Less than 1 MB free: SQLite's WAL and its index need that much to open at all. */
function nearlyFull(dir: string): boolean {
  try {
    const s = fs.statfsSync(dir);
    return s.bavail * s.bsize < 2 ** 20;
  } catch {
    return false;
  }
}

export class Store {
  readonly db: Database.Database;
  readonly dbPath: string;
  readonly layout: ReturnType<typeof dataLayout>;
  readonly datasets;
  readonly experiments;
  readonly jobs;
  readonly epochs;
  readonly evaluations;
  readonly confusions;
  readonly calibrations;
  readonly analyses;
  readonly settings;
  readonly annotations;
  readonly sweeps;

  constructor(dbPath: string, opts: { migrate?: boolean } = {}) {
    this.dbPath = path.resolve(dbPath);
    this.layout = dataLayout(this.dbPath);
    this.db = openDatabase(this.dbPath);
    try {
      if (opts.migrate !== false) migrate(this.db);
    } catch (e) {
      this.db.close();
      throw this.explain(e);
    }
    const home = this.layout.home;
    this.datasets = datasetsRepo(this.db, home);
    this.experiments = experimentsRepo(this.db);
    this.jobs = jobsRepo(this.db, home);
    this.epochs = epochsRepo(this.db);
    this.evaluations = evaluationsRepo(this.db);
    this.confusions = confusionsRepo(this.db);
    this.calibrations = calibrationsRepo(this.db);
    this.analyses = analysesRepo(this.db);
    this.settings = settingsRepo(this.db);
    this.annotations = annotationsRepo(this.db);
    this.sweeps = sweepsRepo(this.db);
  }

  /** A SQLite error as a DatabaseDamagedError or StorageError naming this database; anything else unchanged. */
  explain(e: unknown): unknown {
    return explainSqlite(e, this.dbPath);
  }

  /** Runs fn in one transaction: every multi-row write goes through here (nested calls join the outer one). */
  tx<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Changes whenever anything is written to the database, by this connection (total_changes)
   *  or by any other (data_version: the CLI, another window): what a derived cache is keyed on. */
  changeStamp(): string {
    const own = this.db.prepare('SELECT total_changes()').pluck().get() as number;
    return `${this.db.pragma('data_version', { simple: true }) as number}:${own}`;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

export function openStore(dbPath: string): Store {
  return new Store(dbPath);
}
