import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  DatasetImportError, FASHION_MNIST_CLASSES, importDataset, importIdx, indicesByClass, loadDataset,
} from '../../src-main/engine/data';
import { tempDirs } from './tmp';

const tmp = tempDirs('idx');
const FASHION = '/usr/share/datasets/fashion-mnist';
const hasFashion = existsSync(join(FASHION, 'train-images-idx3-ubyte.gz'));

function idxImages(n: number, rows: number, cols: number, pixel: (i: number, y: number, x: number) => number): Buffer {
  const buf = Buffer.alloc(16 + n * rows * cols);
  buf.writeUInt32BE(0x803, 0);
  buf.writeUInt32BE(n, 4);
  buf.writeUInt32BE(rows, 8);
  buf.writeUInt32BE(cols, 12);
  for (let i = 0; i < n; i++) for (let y = 0; y < rows; y++) for (let x = 0; x < cols; x++) buf[16 + (i * rows + y) * cols + x] = pixel(i, y, x);
  return buf;
}

function idxLabels(labels: number[]): Buffer {
  const buf = Buffer.alloc(8 + labels.length);
  buf.writeUInt32BE(0x801, 0);
  buf.writeUInt32BE(labels.length, 4);
  labels.forEach((l, i) => (buf[8 + i] = l));
  return buf;
}

/** A small MNIST-like set: image i of label l is filled with value 20 * l + (i % 7). */
function writeTinyIdx(dir: string, opts: { gzip?: boolean; test?: boolean; rows?: number; cols?: number } = {}): void {
  const rows = opts.rows ?? 8, cols = opts.cols ?? 8;
  const z = (b: Buffer) => (opts.gzip ? gzipSync(b) : b);
  const ext = opts.gzip ? '.gz' : '';
  const train = Array.from({ length: 60 }, (_, i) => i % 3);
  writeFileSync(join(dir, `train-images-idx3-ubyte${ext}`), z(idxImages(60, rows, cols, (i) => 20 * train[i]! + (i % 7))));
  writeFileSync(join(dir, `train-labels-idx1-ubyte${ext}`), z(idxLabels(train)));
  if (opts.test !== false) {
    const test = Array.from({ length: 15 }, (_, i) => i % 3);
    writeFileSync(join(dir, `t10k-images-idx3-ubyte${ext}`), z(idxImages(15, rows, cols, (i, y, x) => (y === x ? 255 : 20 * test[i]!))));
    writeFileSync(join(dir, `t10k-labels-idx1-ubyte${ext}`), z(idxLabels(test)));
  }
}

async function importError(p: Promise<unknown>): Promise<DatasetImportError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(DatasetImportError);
  return e as DatasetImportError;
}

describe('IDX import', () => {
  it.each([false, true])('imports plain and gzipped files (gzip: %s), keeping the test split', async (gzip) => {
    const src = tmp(), cache = tmp();
    writeTinyIdx(src, { gzip });
    const { dir, summary, reused } = await importDataset(src, { cacheRoot: cache, name: 'tiny' });
    expect(reused).toBe(false);
    expect(summary).toMatchObject({ source: 'idx', size: 8, channels: 1, classes: ['0', '1', '2'], counts: { train: 54, val: 6, test: 15 } });
    const ds = await loadDataset(dir);
    // Pixels arrive unchanged with their labels.
    for (let i = 0; i < ds.train.count; i++) expect(Math.floor(ds.train.pixels[i * 64]! / 20)).toBe(ds.train.labels[i]);
    expect(indicesByClass(ds.val, 3).map((v) => v.length)).toEqual([2, 2, 2]);
    // The test split is the test file, in file order.
    expect(Array.from(ds.test.labels)).toEqual(Array.from({ length: 15 }, (_, i) => i % 3));
    expect(ds.test.pixels[0]).toBe(255);
    expect(ds.test.pixels[1]).toBe(0);
  });

  it('is imported once: the same files map to the same cached dataset', async () => {
    const src = tmp(), cache = tmp();
    writeTinyIdx(src);
    const a = await importIdx(src, { cacheRoot: cache });
    const b = await importIdx(src, { cacheRoot: cache });
    expect(b.reused).toBe(true);
    expect(b.dir).toBe(a.dir);
    const c = await importIdx(src, { cacheRoot: cache, size: 12 });
    expect(c.dir).not.toBe(a.dir);
    expect(c.summary.size).toBe(12);
    expect(readdirSync(cache).filter((n) => !n.startsWith('.'))).toHaveLength(2);
  });

  it('resizes when asked, centre-crops non-square images, and carves test from train when there is none', async () => {
    const src = tmp(), cache = tmp();
    writeTinyIdx(src, { test: false, rows: 8, cols: 10 });
    const { dir, summary } = await importIdx(src, { cacheRoot: cache, size: 12, classNames: ['a', 'b', 'c'] });
    expect(summary).toMatchObject({ size: 12, classes: ['a', 'b', 'c'], counts: { train: 48, val: 6, test: 6 } });
    expect(summary.importReport!.warnings.join(' ')).toMatch(/centre-cropped.*resized from 8x8 to 12x12/s);
    const ds = await loadDataset(dir);
    // Constant images stay constant through the resampling.
    const first = ds.train.pixels.subarray(0, 144);
    expect(new Set(first).size).toBe(1);
    expect(Math.floor(first[0]! / 20)).toBe(ds.train.labels[0]);
  });

  it('refuses a truncated file, naming it', async () => {
    const src = tmp();
    writeTinyIdx(src);
    const file = join(src, 'train-images-idx3-ubyte');
    writeFileSync(file, readFileSync(file).subarray(0, 500));
    const e = await importError(importDataset(src, { cacheRoot: tmp() }));
    expect(e.file).toBe(file);
    expect(e.message).toMatch(/truncated: header says 60x8x8 = 3840 bytes of data, file has 484/);
  });

  it('refuses a truncated gzip stream', async () => {
    const src = tmp();
    writeTinyIdx(src, { gzip: true });
    const file = join(src, 't10k-images-idx3-ubyte.gz');
    writeFileSync(file, readFileSync(file).subarray(0, 40));
    const e = await importError(importDataset(src, { cacheRoot: tmp() }));
    expect(e.file).toBe(file);
    expect(e.message).toMatch(/corrupt or truncated gzip/);
  });

  it('refuses image and label files of different lengths', async () => {
    const src = tmp(), cache = tmp();
    writeTinyIdx(src);
    writeFileSync(join(src, 'train-labels-idx1-ubyte'), idxLabels([0, 1, 2]));
    const e = await importError(importDataset(src, { cacheRoot: cache }));
    expect(e.file).toBe(join(src, 'train-labels-idx1-ubyte'));
    expect(e.message).toMatch(/3 labels but train-images-idx3-ubyte has 60 images/);
    expect(readdirSync(cache)).toEqual([]);
  });

  it('refuses a folder with images but no labels, and a single category', async () => {
    const src = tmp();
    writeFileSync(join(src, 'train-images-idx3-ubyte'), idxImages(4, 8, 8, () => 0));
    const e = await importError(importDataset(src, { cacheRoot: tmp() }));
    expect(e.file).toBe(src);
    expect(e.message).toMatch(/no training labels/);

    writeFileSync(join(src, 'train-labels-idx1-ubyte'), idxLabels([0, 0, 0, 0]));
    expect((await importError(importDataset(src, { cacheRoot: tmp() }))).message).toMatch(/at least 2 categories/);
  });

  it.skipIf(!hasFashion)('imports Fashion-MNIST from /usr/share/datasets/fashion-mnist (apt: dataset-fashion-mnist)', async () => {
    const cache = tmp();
    let last = [0, 0];
    const { dir, summary } = await importDataset(FASHION, { cacheRoot: cache, onProgress: (d, t) => (last = [d, t]) });
    expect(summary).toMatchObject({
      source: 'idx', size: 28, channels: 1, classes: FASHION_MNIST_CLASSES,
      counts: { train: 54000, val: 6000, test: 10000 },
    });
    expect(last).toEqual([70000, 70000]);
    const ds = await loadDataset(dir);
    expect(indicesByClass(ds.val, 10).map((v) => v.length)).toEqual(new Array(10).fill(600));
    // The test split is the t10k file byte for byte.
    const raw = gunzipSync(readFileSync(join(FASHION, 't10k-images-idx3-ubyte.gz')));
    expect(Buffer.from(ds.test.pixels).equals(raw.subarray(16))).toBe(true);
    const labels = gunzipSync(readFileSync(join(FASHION, 't10k-labels-idx1-ubyte.gz')));
    expect(Array.from(ds.test.labels.subarray(0, 20))).toEqual(Array.from(labels.subarray(8, 28)));
  });
});
