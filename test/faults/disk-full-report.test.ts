// A report exported to a full disk: the cause (ENOSPC) and the file are named, and nothing
// half-written is left: no 0-byte file, no temporary file, every file that exists is whole.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { toLabError } from '../../src-main/app/errors';
import { exportReport } from '../../src-main/report';
import { importDataset } from '../../src-main/engine/data';
import sharp from 'sharp';
import os from 'node:os';
import { makeBlobs, makeDetail } from '../report/fixture';
import { TMPFS_UNAVAILABLE, expectWholeFiles, mountTmpfs, type Tmpfs } from './tmpfs';

let fsys: Tmpfs | null = null;
afterEach(() => { fsys?.unmount(); fsys = null; });

describe.skipIf(TMPFS_UNAVAILABLE !== null)(`report on a full disk${TMPFS_UNAVAILABLE ? ` (skipped: ${TMPFS_UNAVAILABLE})` : ''}`, () => {
  it('names ENOSPC and the file, and leaves only whole files', async () => {
    fsys = mountTmpfs(30);
    const out = path.join(fsys.dir, 'report');
    fs.mkdirSync(out);
    fsys.fill(160 * 1024); // room for some figures, not for all of them
    const err = await exportReport({ detail: makeDetail(), blobs: makeBlobs(), outDir: out, formats: ['svg', 'png', 'csv'] }).then(() => null, (e: unknown) => e);
    expect(err).not.toBeNull();
    const lab = toLabError(err);
    expect(lab.code).toBe('storage');
    expect(lab.message).toMatch(new RegExp(`^cannot write ${out.replace(/[/.]/g, '\\$&')}/[a-z-]+\\.(svg|png|csv): no space left on the device \\(ENOSPC\\)$`));
    const files = expectWholeFiles(out);
    // Space freed: the same export completes.
    fsys.unfill();
    const ok = await exportReport({ detail: makeDetail(), blobs: makeBlobs(), outDir: out, formats: ['svg', 'png', 'csv'] });
    expect(ok.files.length).toBeGreaterThan(files.length);
  });

  it('a folder import on a full disk names ENOSPC and the dataset folder, and leaves no staging folder', async () => {
    fsys = mountTmpfs(30);
    const src = fs.mkdtempSync(path.join(os.tmpdir(), 'invlab-full-src-'));
    try {
      for (const [cat, v] of [['a', 30], ['b', 200]] as const) {
        fs.mkdirSync(path.join(src, cat));
        for (let i = 0; i < 4; i++) {
          fs.writeFileSync(path.join(src, cat, `${i}.png`), await sharp(Buffer.alloc(16 * 16 * 3, v + i), { raw: { width: 16, height: 16, channels: 3 } }).png().toBuffer());
        }
      }
      const cache = path.join(fsys.dir, 'datasets');
      fs.mkdirSync(cache);
      fsys.fill(0);
      const err = await importDataset(src, { cacheRoot: cache, size: 16 }).then(() => null, (e: unknown) => e);
      const lab = toLabError(err);
      expect(lab.code).toBe('storage');
      expect(lab.message).toMatch(new RegExp(`^cannot write the dataset ${cache.replace(/[/.]/g, '\\$&')}/\\S+: no space left on the device \\(ENOSPC\\)$`));
      expect(fs.readdirSync(cache)).toEqual([]);
    } finally {
      fs.rmSync(src, { recursive: true, force: true });
    }
  });
});
