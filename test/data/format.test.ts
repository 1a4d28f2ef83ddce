import { existsSync, mkdirSync, readdirSync, readFileSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatasetLoadError, ensureBuiltinDataset, loadDataset, readDatasetSummary } from '../../src-main/engine/data';
import { commitDataset, writeMeta, writeSplit } from '../../src-main/engine/data/format';
import { splitCategory, splitSizes, subsetPerClass } from '../../src-main/engine/data/splits';
import { tempDirs } from './tmp';

const tmp = tempDirs('format');

async function freshCopy(): Promise<string> {
  const { dir } = await ensureBuiltinDataset(tmp(), { seed: 5, perClass: 6 });
  return dir;
}

async function loadError(dir: string): Promise<DatasetLoadError> {
  const e = await loadDataset(dir).then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(DatasetLoadError);
  return e as DatasetLoadError;
}

describe('on-disk dataset format', () => {
  it('round-trips pixels and labels', async () => {
    const root = tmp();
    const pixels = Uint8Array.from({ length: 4 * 8 * 8 }, (_, i) => (i * 7) % 256);
    const labels = Int32Array.from([0, 1, 1, 0]);
    const summary = {
      id: 'tiny', name: 'tiny', source: 'folder' as const, classes: ['a', 'b'], size: 8, channels: 1 as const,
      counts: { train: 4, val: 0, test: 0 }, createdAt: new Date().toISOString(),
    };
    const dir = await commitDataset(root, 'tiny', async (s) => {
      await writeSplit(s, 'train', { pixels, labels, count: 4 });
      await writeSplit(s, 'val', { pixels: new Uint8Array(0), labels: new Int32Array(0), count: 0 });
      await writeSplit(s, 'test', { pixels: new Uint8Array(0), labels: new Int32Array(0), count: 0 });
      await writeMeta(s, summary, { note: 'test' });
    });
    const ds = await loadDataset(dir);
    expect(Array.from(ds.train.pixels)).toEqual(Array.from(pixels));
    expect(Array.from(ds.train.labels)).toEqual([0, 1, 1, 0]);
    expect(ds.meta).toEqual(summary); // provenance stays in meta.json, not in the summary
    expect(JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')).formatVersion).toBe(1);
    expect(await readDatasetSummary(dir)).toEqual(summary);
  });

  it('names the file when pixels are truncated', async () => {
    const dir = await freshCopy();
    truncateSync(join(dir, 'train.u8'), 1000);
    const e = await loadError(dir);
    expect(e.file).toBe(join(dir, 'train.u8'));
    expect(e.message).toMatch(/1000 bytes/);
  });

  it('names the file when labels are missing or out of range', async () => {
    const dir = await freshCopy();
    unlinkSync(join(dir, 'val.labels.i32'));
    expect((await loadError(dir)).file).toBe(join(dir, 'val.labels.i32'));

    const dir2 = await freshCopy();
    const buf = readFileSync(join(dir2, 'test.labels.i32'));
    buf.writeInt32LE(999, 8);
    writeFileSync(join(dir2, 'test.labels.i32'), buf);
    const e = await loadError(dir2);
    expect(e.file).toBe(join(dir2, 'test.labels.i32'));
    expect(e.message).toMatch(/test\.labels\.i32: checksum mismatch/);
    // A folder written before checksums existed is still range-checked.
    const { integrity: _i, ...unsealed } = JSON.parse(readFileSync(join(dir2, 'meta.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir2, 'meta.json'), JSON.stringify(unsealed));
    expect((await loadError(dir2)).message).toMatch(/label 999 at index 2/);
  });

  it('names meta.json and the field when it is broken', async () => {
    const dir = await freshCopy();
    writeFileSync(join(dir, 'meta.json'), '{ not json');
    expect((await loadError(dir)).message).toMatch(/meta\.json: not valid JSON/);
    const meta = { formatVersion: 99 };
    writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta));
    expect((await loadError(dir)).message).toMatch(/field "formatVersion"/);
    expect((await loadError(join(dir, 'nope'))).message).toMatch(/does not exist/);
  });

  it('leaves nothing behind when building fails, and clears dead staging folders', async () => {
    const root = tmp();
    await expect(commitDataset(root, 'broken', async (s) => {
      writeFileSync(join(s, 'train.u8'), Buffer.alloc(10));
      throw new Error('decoder exploded');
    })).rejects.toThrow('decoder exploded');
    expect(readdirSync(root)).toEqual([]);

    // Files that do not match meta.json are refused before they become a dataset.
    await expect(commitDataset(root, 'inconsistent', async (s) => {
      await writeSplit(s, 'train', { pixels: new Uint8Array(10), labels: new Int32Array(1), count: 1 });
      await writeMeta(s, {
        id: 'inconsistent', name: 'x', source: 'folder', classes: ['a', 'b'], size: 8, channels: 1,
        counts: { train: 1, val: 0, test: 0 }, createdAt: '',
      });
    })).rejects.toThrow();
    expect(readdirSync(root)).toEqual([]);

    // A staging folder of a process that no longer exists (killed mid-import) is removed.
    mkdirSync(join(root, '.staging-old-p999999999-x'));
    await ensureBuiltinDataset(root, { perClass: 2 });
    expect(readdirSync(root)).toEqual(['builtin-n2-v7']);
    expect(existsSync(join(root, 'builtin-n2-v7', 'meta.json'))).toBe(true);
  });
});

describe('per-category splits', () => {
  it('cuts 80/10/10 with at least one val and test image from 3 images up', () => {
    expect(splitSizes(100)).toEqual({ train: 80, val: 10, test: 10 });
    expect(splitSizes(3)).toEqual({ train: 1, val: 1, test: 1 });
    expect(splitSizes(2)).toEqual({ train: 1, val: 0, test: 1 });
    expect(splitSizes(1)).toEqual({ train: 1, val: 0, test: 0 });
    expect(splitSizes(50, { val: 0.1, test: 0 })).toEqual({ train: 45, val: 5, test: 0 });
  });

  it('is a seeded partition: same input, same split; every item exactly once', () => {
    const items = Array.from({ length: 37 }, (_, i) => i);
    const a = splitCategory(items, 4), b = splitCategory(items, 4), c = splitCategory(items, 5);
    expect(a).toEqual(b);
    expect(a.test).not.toEqual(c.test);
    expect([...a.train, ...a.val, ...a.test].sort((x, y) => x - y)).toEqual(items);
  });

  it('takes the first n images of each category', () => {
    const split = { pixels: Uint8Array.from([10, 11, 20, 12, 21, 22]), labels: Int32Array.from([0, 0, 1, 0, 1, 1]), count: 6 };
    const sub = subsetPerClass(split, 2, 2);
    expect(Array.from(sub.pixels)).toEqual([10, 11, 20, 21]);
    expect(Array.from(sub.labels)).toEqual([0, 0, 1, 1]);
  });
});
