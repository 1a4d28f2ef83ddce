// A size-limited tmpfs for disk-full tests (root only: CI runs as root). Always unmounted in
// teardown, even when a test fails.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';

export interface Tmpfs { dir: string; unmount(): void; fill(leaveBytes: number): void; free(): number; unfill(): void }

function tryMount(dir: string, sizeMb: number): string | null {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir], { stdio: 'pipe' });
    return null;
  } catch (e) {
    return String((e as { stderr?: Buffer }).stderr ?? (e as Error).message).trim();
  }
}

/** Why a tmpfs cannot be mounted here, or null when it can (checked once, up front). */
export const TMPFS_UNAVAILABLE: string | null = (() => {
  if (process.getuid?.() !== 0) return 'not root: mounting a size-limited tmpfs needs root';
  const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'invlab-tmpfs-probe-'));
  const err = tryMount(probe, 1);
  if (err === null) execFileSync('umount', [probe]);
  fs.rmdirSync(probe);
  return err === null ? null : `cannot mount a tmpfs here (${err})`;
})();

export function mountTmpfs(sizeMb: number): Tmpfs {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'invlab-full-'));
  const err = tryMount(dir, sizeMb);
  if (err) throw new Error(`mount tmpfs on ${dir}: ${err}`);
  const filler = path.join(dir, 'filler.bin');
  const free = () => { const s = fs.statfsSync(dir); return s.bavail * s.bsize; };
  return {
    dir,
    free,
    /** Fill the file system until `leaveBytes` remain. */
    fill(leaveBytes: number) {
      const n = Math.max(0, free() - leaveBytes);
      const fd = fs.openSync(filler, 'a');
      const chunk = Buffer.alloc(1 << 20, 7);
      let left = n;
      try {
        while (left > 0) {
          const k = Math.min(left, chunk.length);
          fs.writeSync(fd, chunk, 0, k);
          left -= k;
        }
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
      } finally {
        fs.closeSync(fd);
      }
    },
    unfill() { fs.rmSync(filler, { force: true }); },
    unmount() {
      try { execFileSync('umount', ['-l', dir], { stdio: 'pipe' }); } catch { /* already gone */ }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every file under `dir` (relative paths), for "nothing half-written" checks. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(dir, p));
    }
  };
  walk(dir);
  return out;
}

/** Asserts that every file under `dir` is whole (no temporary file, none empty, SVG and PNG complete); returns them. */
export function expectWholeFiles(dir: string): string[] {
  const files = fs.existsSync(dir) ? listFiles(dir) : [];
  expect(files.filter((f) => path.basename(f).startsWith('.'))).toEqual([]);
  for (const f of files) {
    const buf = fs.readFileSync(path.join(dir, f));
    expect(buf.length, f).toBeGreaterThan(0);
    if (f.endsWith('.svg')) expect(buf.toString('utf8').trimEnd().endsWith('</svg>'), f).toBe(true);
    if (f.endsWith('.png')) expect(buf.subarray(buf.length - 8, buf.length - 4).toString('latin1'), f).toBe('IEND');
  }
  return files;
}
