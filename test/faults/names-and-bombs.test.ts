// Bad input at import: names that are not UTF-8 skip only that file or folder (reported),
// and a gzipped IDX file that inflates far beyond what its header declares is refused
// without inflating it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { importDataset } from '../../src-main/engine/data';

const roots: string[] = [];
const tmp = () => { const d = fs.mkdtempSync(path.join(os.tmpdir(), 'invlab-names-')); roots.push(d); return d; };
afterAll(() => { for (const d of roots) fs.rmSync(d, { recursive: true, force: true }); });

const png = (v: number) => sharp(Buffer.alloc(12 * 12 * 3, v), { raw: { width: 12, height: 12, channels: 3 } }).png().toBuffer();
/** A path whose last part is raw bytes (not UTF-8). */
const rawPath = (dir: string, bytes: number[], ext = '') => Buffer.concat([Buffer.from(`${dir}/`), Buffer.from(bytes), Buffer.from(ext)]);

describe('non-UTF-8 names in a folder import', () => {
  it('skips that file and that folder, reports both, imports the rest', async () => {
    const src = tmp();
    for (const [cat, v] of [['red', 200], ['blue', 40]] as const) {
      fs.mkdirSync(path.join(src, cat));
      for (let i = 0; i < 6; i++) fs.writeFileSync(path.join(src, cat, `i${i}.png`), await png(v + i));
    }
    fs.writeFileSync(rawPath(path.join(src, 'red'), [0x63, 0x61, 0x66, 0xe9], '.png'), await png(10)); // "café.png" in Latin-1
    const badDir = rawPath(src, [0x67, 0x72, 0xfc, 0x6e]); // "grün" in Latin-1
    fs.mkdirSync(badDir);
    fs.writeFileSync(Buffer.concat([badDir, Buffer.from('/x.png')]), await png(90));
    const { summary } = await importDataset(src, { cacheRoot: tmp(), size: 8 });
    expect(summary.classes).toEqual(['blue', 'red']);
    expect(summary.importReport!.imported).toBe(12);
    expect(summary.importReport!.skipped).toEqual([
      { file: 'gr\\xFCn/', reason: 'folder name is not valid UTF-8: skipped (rename it to import it)' },
      { file: 'red/caf\\xE9.png', reason: 'file name is not valid UTF-8: skipped (rename it to import it)' },
    ]);
  });
});

/** An IDX header (unsigned bytes, 3 dims). */
function idxHeader(n: number, rows: number, cols: number): Buffer {
  const h = Buffer.alloc(16);
  h.writeUInt32BE(0x00000803, 0);
  h.writeUInt32BE(n, 4);
  h.writeUInt32BE(rows, 8);
  h.writeUInt32BE(cols, 12);
  return h;
}

function idxLabels(n: number): Buffer {
  const h = Buffer.alloc(8 + n);
  h.writeUInt32BE(0x00000801, 0);
  h.writeUInt32BE(n, 4);
  for (let i = 0; i < n; i++) h[8 + i] = i % 2;
  return h;
}

describe('gzipped IDX decompression bomb', () => {
  it('stops inflating at the size the header declares and names the file', async () => {
    const dir = tmp();
    // Header says 100 images of 8x8 (6400 bytes); the stream inflates to 512 MB of zeros.
    const gz = zlib.createGzip({ level: 9 });
    const file = path.join(dir, 'train-images-idx3-ubyte.gz');
    const out = fs.createWriteStream(file);
    gz.pipe(out);
    gz.write(idxHeader(100, 8, 8));
    const zeros = Buffer.alloc(1 << 20);
    for (let i = 0; i < 512; i++) if (!gz.write(zeros)) await new Promise<void>((r) => gz.once('drain', () => r()));
    gz.end();
    await new Promise<void>((r) => out.once('close', () => r()));
    expect(fs.statSync(file).size).toBeLessThan(2 << 20);
    fs.writeFileSync(path.join(dir, 'train-labels-idx1-ubyte'), idxLabels(100));
    const before = process.memoryUsage().rss;
    let peak = before;
    const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 5);
    const err = await importDataset(dir, { cacheRoot: tmp() }).then(() => null, (e: Error) => e);
    clearInterval(timer);
    expect(err?.message).toContain(file);
    expect(err?.message).toMatch(/more data than its header declares \(6416 bytes\)/);
    expect(peak - before).toBeLessThan(200 * 2 ** 20);
  }, 60_000);
});
