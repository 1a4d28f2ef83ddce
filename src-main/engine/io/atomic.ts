// The one way the product writes a file: a temporary file in the same folder, written and
// fsync'ed, then renamed over the final name (or linked, when an existing file must not be
// replaced). A crash, a full disk or a kill leaves either the old file or the new one, never
// half of one, and never a 0-byte file under the final name; the temporary file is removed
// on failure. Storage failures (no space, read-only, permission, I/O) become a StorageError
// that names the cause and the path, so no layer above calls ENOSPC "an internal error".
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/** errno codes that mean "the storage cannot take this write", with what to tell the user. */
const STORAGE_CAUSES: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EIO: 'input/output error (failing disk?)',
  EFBIG: 'file too large for the file system',
  EMFILE: 'too many open files',
  ENOTDIR: 'a file is in the way of the folder path',
  EEXIST: 'a file of that name already exists',
  ENOENT: 'the folder does not exist and cannot be created there',
};

/** The causes that are about the storage itself (not a wrong path): recognised in any error. */
const DEVICE_CAUSES = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EIO', 'EFBIG', 'EACCES', 'EPERM']);

export class StorageError extends Error {
  override name = 'StorageError';
  /** The contract's LabError code: shown as a storage problem, never "internal". */
  readonly code = 'storage' as const;
  constructor(readonly errno: string, readonly path: string, readonly doing: string, detail?: string) {
    super(`cannot ${doing} ${path}: ${STORAGE_CAUSES[errno] ?? detail ?? errno}${errno in STORAGE_CAUSES ? ` (${errno})` : ''}`);
  }
}

/** The storage cause of an error (Node errno or SQLite's), or null for anything else. */
export function storageErrno(e: unknown): string | null {
  const o = e as { code?: unknown; errno?: unknown; message?: unknown } | null;
  if (!o || typeof o !== 'object') return null;
  if (o instanceof StorageError) return o.errno;
  const code = typeof o.code === 'string' ? o.code : '';
  if (DEVICE_CAUSES.has(code)) return code;
  // better-sqlite3: SqliteError with code SQLITE_FULL / SQLITE_IOERR_* / SQLITE_READONLY...
  if (code === 'SQLITE_FULL') return 'ENOSPC';
  if (code.startsWith('SQLITE_IOERR')) return /ENOSPC|full/i.test(String(o.message)) ? 'ENOSPC' : 'EIO';
  if (code.startsWith('SQLITE_READONLY')) return 'EROFS';
  if (code === 'SQLITE_CANTOPEN') return 'EACCES';
  return null;
}

/** `e` as a StorageError about `file` when it is a storage failure; otherwise `e` unchanged. */
export function asStorageError(e: unknown, file: string, doing = 'write'): unknown {
  if (e instanceof StorageError) return e;
  const code = (e as { code?: unknown } | null)?.code;
  const errno = storageErrno(e) ?? (typeof code === 'string' && code in STORAGE_CAUSES ? code : null);
  return errno ? new StorageError(errno, file, doing, (e as Error).message) : e;
}

function tempName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** Whether `name` is one of our temporary files (for clean-up of folders after a crash). */
export function isTempFile(name: string): boolean {
  return /^\..+\.tmp-\d+-[0-9a-f]{8}$/.test(name);
}

/** Whether a process of this id runs (ours or another user's). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes temporary files a crashed or failed write left in `dir` (not recursive).
 * `ofDeadProcesses`: only those whose writer is gone (a folder another live process may be
 * writing into, e.g. a report folder).
 */
export function removeTempFiles(dir: string, o: { ofDeadProcesses?: boolean } = {}): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const n of names) {
    if (!isTempFile(n) && !/\.tmp-\d+-\d+$/.test(n)) continue;
    if (o.ofDeadProcesses && pidAlive(Number(/\.tmp-(\d+)-/.exec(n)![1]))) continue;
    fs.rmSync(path.join(dir, n), { force: true });
    removed.push(n);
  }
  return removed;
}

export interface AtomicWriteOptions {
  /** Replace an existing file (default true). false: fail with EEXIST and leave it alone. */
  overwrite?: boolean;
  /** fsync before the rename (default true): the new content is on disk before it has the name. */
  sync?: boolean;
  /** File mode of a new file (default 0o666 less the umask), e.g. 0o755 for a script. */
  mode?: number;
}

/**
 * Creates `dir` and its parents one component at a time. Node's own recursive mkdir spins
 * forever at 100 % CPU under /proc (node 20: `mkdirSync('/proc/x/y', {recursive: true})`
 * never returns), which hung the whole server; this one fails at once with the cause.
 */
export function makeDirs(dir: string): void {
  const abs = path.resolve(dir);
  const missing: string[] = [];
  let cur = abs;
  for (;;) {
    let st: fs.Stats | null = null;
    try {
      st = fs.statSync(cur);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw asStorageError(e, cur, 'create the folder');
    }
    if (st) {
      if (!st.isDirectory()) throw new StorageError('ENOTDIR', cur, 'create the folder');
      break;
    }
    missing.push(cur);
    const up = path.dirname(cur);
    if (up === cur) break;
    cur = up;
  }
  for (const d of missing.reverse()) {
    try {
      fs.mkdirSync(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && fs.statSync(d).isDirectory()) continue;
      throw asStorageError(e, d, 'create the folder');
    }
  }
}

function finish(tmp: string, file: string, overwrite: boolean): void {
  if (overwrite) fs.renameSync(tmp, file);
  else {
    // link() fails with EEXIST if the name is taken, atomically: no check-then-write race.
    fs.linkSync(tmp, file);
    fs.rmSync(tmp, { force: true });
  }
}

export function writeFileAtomicSync(file: string, data: string | Uint8Array, o: AtomicWriteOptions = {}): void {
  const tmp = tempName(file);
  let fd: number | null = null;
  try {
    fd = fs.openSync(tmp, 'wx', o.mode);
    fs.writeFileSync(fd, data);
    if (o.sync !== false) fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    finish(tmp, file, o.overwrite !== false);
  } catch (e) {
    if (fd !== null) try { fs.closeSync(fd); } catch { /* already failing */ }
    fs.rmSync(tmp, { force: true });
    throw asStorageError(e, file);
  }
}

export async function writeFileAtomic(file: string, data: string | Uint8Array, o: AtomicWriteOptions = {}): Promise<void> {
  const tmp = tempName(file);
  let handle: fs.promises.FileHandle | null = null;
  try {
    handle = await fs.promises.open(tmp, 'wx', o.mode);
    await handle.writeFile(data);
    if (o.sync !== false) await handle.sync();
    await handle.close();
    handle = null;
    finish(tmp, file, o.overwrite !== false);
  } catch (e) {
    if (handle) await handle.close().catch(() => {});
    await fs.promises.rm(tmp, { force: true });
    throw asStorageError(e, file);
  }
}

/** For writers that produce a file themselves (sharp, Chromium): they write `tmp`, we rename. */
export async function withTempFile(file: string, produce: (tmp: string) => Promise<void>, o: AtomicWriteOptions = {}): Promise<void> {
  const tmp = tempName(file);
  try {
    await produce(tmp);
    const st = fs.statSync(tmp);
    if (st.size === 0) throw new StorageError('EIO', file, 'write', 'the writer produced an empty file');
    finish(tmp, file, o.overwrite !== false);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw asStorageError(e, file);
  }
}
