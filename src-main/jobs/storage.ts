// The queue's one storage-error path. A job that cannot write (its checkpoint, its weights,
// its row in SQLite) is failed with the cause and the path, its temporary files are removed,
// and the queue stops taking jobs: the next job would hit the same full disk. A small reserve
// file in the data folder is given back first, so that SQLite has room to record the failure
// even when the disk filled to the last byte; it is re-made when the queue next starts.
// Nothing done is lost: checkpoints are replaced atomically, so the same command resumes the
// job from its last good checkpoint once space is freed.
import fs from 'node:fs';
import path from 'node:path';
import { storageErrno, writeFileAtomicSync } from '../engine/io/atomic';

export const RESERVE_FILE = '.invlab-space-reserve';
export const RESERVE_BYTES = 4 * 2 ** 20;

export function reservePath(home: string): string {
  return path.join(home, RESERVE_FILE);
}

/** Best effort: on an already full disk there is simply no reserve this time. */
export function ensureReserve(home: string): boolean {
  const file = reservePath(home);
  try {
    if (fs.statSync(file).size === RESERVE_BYTES) return true;
  } catch { /* not there yet */ }
  try {
    writeFileAtomicSync(file, Buffer.alloc(RESERVE_BYTES), { sync: false });
    return true;
  } catch {
    return false;
  }
}

export function releaseReserve(home: string): boolean {
  try {
    fs.rmSync(reservePath(home));
    return true;
  } catch {
    return false;
  }
}

/** The errno of a storage failure, from the error itself or (across a worker) its message. */
export function storageCause(e: unknown): string | null {
  const errno = storageErrno(e);
  if (errno && errno !== 'EACCES' && errno !== 'EPERM') return errno;
  const m = e instanceof Error ? e.message : String(e);
  const tagged = /\((ENOSPC|EDQUOT|EROFS|EIO|EFBIG)\)/.exec(m)?.[1];
  if (tagged) return tagged;
  if (/ENOSPC|no space left on device|database or disk is full/i.test(m)) return 'ENOSPC';
  if (/EDQUOT|quota exceeded/i.test(m)) return 'EDQUOT';
  if (/EROFS|read-only file system|attempt to write a readonly database/i.test(m)) return 'EROFS';
  return errno;
}

const WHAT: Record<string, string> = {
  ENOSPC: 'no space left on the device', EDQUOT: 'disk quota exceeded', EROFS: 'read-only file system',
  EIO: 'input/output error', EFBIG: 'file too large', EACCES: 'permission denied', EPERM: 'operation not permitted',
};

/** One sentence: what failed, where, and what to do. `where` is the data folder when the error names no path. */
export function storageMessage(e: unknown, errno: string, where: string): string {
  const m = e instanceof Error ? e.message : String(e);
  // Ours say "cannot write /path: ..."; Node's quote the path: "ENOSPC: ..., open '/path'".
  const named = /cannot [a-z ]+ (\/\S+?): /.exec(m)?.[1] ?? /'(\/[^']+)'/.exec(m)?.[1];
  const isSqlite = /database or disk is full|SQLITE|readonly database|disk I\/O error/i.test(m) || (e as { code?: string })?.code?.startsWith?.('SQLITE');
  const file = named ?? (isSqlite ? `the database in ${where}` : where);
  return `cannot write ${file}: ${WHAT[errno] ?? errno} (${errno}). Nothing finished was lost; free space in ${where} and run the same command again to resume from the last checkpoint`;
}
