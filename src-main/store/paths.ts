// Where the database and its data folder live. The data folder is always the database
// file's folder, so a database can be moved together with its files.
import os from 'node:os';
import path from 'node:path';

export const DB_FILE_NAME = 'invlab.db';

/** `--db <file>` wins; else `$INVLAB_HOME/invlab.db`; else `~/.invlab/invlab.db`. */
export function resolveDbPath(opts: { db?: string; env?: NodeJS.ProcessEnv } = {}): string {
  if (opts.db) return path.resolve(opts.db);
  const env = opts.env ?? process.env;
  const home = env.INVLAB_HOME ? path.resolve(env.INVLAB_HOME) : path.join(os.homedir(), '.invlab');
  return path.join(home, DB_FILE_NAME);
}

/** Folders beside the database that hold large arrays. */
export function dataLayout(dbPath: string) {
  const home = path.dirname(path.resolve(dbPath));
  return {
    home,
    datasets: path.join(home, 'datasets'),
    jobs: path.join(home, 'jobs'),
    jobDir: (jobId: string) => path.join(home, 'jobs', jobId),
  };
}

/** Paths inside the data folder are stored relative to it; others stay absolute. */
export function toStoredPath(home: string, p: string): string {
  const rel = path.relative(home, path.resolve(p));
  return rel.startsWith('..') || path.isAbsolute(rel) ? path.resolve(p) : rel;
}

export function fromStoredPath(home: string, p: string): string {
  return path.isAbsolute(p) ? p : path.join(home, p);
}
