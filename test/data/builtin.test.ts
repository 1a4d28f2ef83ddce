import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BUILTIN_CATEGORIES, builtinDatasetId, ensureBuiltinDataset, parseBuiltinRef, loadDataset, indicesByClass,
} from '../../src-main/engine/data';
import { tempDirs } from './tmp';

const tmp = tempDirs('builtin');
const PER_CLASS = 24;
let shared: ReturnType<typeof ensureBuiltinDataset> | null = null;
/** One seed-1 dataset for the tests that only read it. */
const seed1 = () => (shared ??= ensureBuiltinDataset(tmp(), { seed: 1, perClass: PER_CLASS }));
const FILES = ['train.u8', 'train.labels.i32', 'val.u8', 'val.labels.i32', 'test.u8', 'test.labels.i32'];

describe('built-in procedural dataset', () => {
  it('names its cache folder after seed and non-default options', () => {
    expect(builtinDatasetId()).toBe('builtin');
    expect(builtinDatasetId({ seed: 7 })).toBe('builtin-7');
    expect(builtinDatasetId({ seed: 0, perClass: 24 })).toBe('builtin-n24');
    expect(builtinDatasetId({ seed: 2, size: 48, perClass: 24 })).toBe('builtin-2-s48-n24');
    expect(() => builtinDatasetId({ seed: -1 })).toThrow(/seed/);
  });

  it('reads the references a spec or the store uses', () => {
    expect(parseBuiltinRef('builtin')).toEqual({ seed: 0, size: 32, perClass: 300 });
    expect(parseBuiltinRef('builtin:7')).toEqual({ seed: 7, size: 32, perClass: 300 });
    expect(parseBuiltinRef('builtin-2-s48-n24')).toEqual({ seed: 2, size: 48, perClass: 24 });
    expect(parseBuiltinRef('builtin-n24')).toEqual({ seed: 0, size: 32, perClass: 24 });
    expect(parseBuiltinRef('folder-cats-32-abc')).toBeNull();
    expect(parseBuiltinRef('builtins')).toBeNull();
  });

  it('is identical for the same seed and differs for another seed', async () => {
    const a = await ensureBuiltinDataset(tmp(), { seed: 3, perClass: 12 });
    const b = await ensureBuiltinDataset(tmp(), { seed: 3, perClass: 12 });
    const c = await ensureBuiltinDataset(tmp(), { seed: 4, perClass: 12 });
    for (const f of FILES) {
      expect(readFileSync(join(a.dir, f)).equals(readFileSync(join(b.dir, f))), f).toBe(true);
    }
    expect(readFileSync(join(a.dir, 'train.u8')).equals(readFileSync(join(c.dir, 'train.u8')))).toBe(false);
    expect(a.summary.id).toBe('builtin-3-n12');
  });

  it('is generated once and then reused', async () => {
    const root = tmp();
    const first = await ensureBuiltinDataset(root, { perClass: 6 });
    const mtime = statSync(join(first.dir, 'train.u8')).mtimeMs;
    const [again, concurrent] = await Promise.all([ensureBuiltinDataset(root, { perClass: 6 }), ensureBuiltinDataset(root, { perClass: 6 })]);
    expect(again.dir).toBe(first.dir);
    expect(concurrent.summary.createdAt).toBe(first.summary.createdAt);
    expect(statSync(join(first.dir, 'train.u8')).mtimeMs).toBe(mtime);
  });

  it('has at least 40 named categories of 32x32 RGB images, balanced in every split', async () => {
    const { dir, summary } = await seed1();
    const ds = await loadDataset(dir);
    const C = summary.classes.length;
    expect(C).toBeGreaterThanOrEqual(40);
    expect(new Set(summary.classes).size).toBe(C);
    for (const name of summary.classes) expect(name).toMatch(/^[a-z]+-[a-z]+$/);
    expect(summary.classes).toContain('red-star');
    expect(summary).toMatchObject({ size: 32, channels: 3, source: 'builtin' });
    expect(ds.train.count).toBe(PER_CLASS * C);
    expect(ds.train.pixels.length).toBe(ds.train.count * 32 * 32 * 3);
    for (const split of [ds.train, ds.val, ds.test]) {
      const counts = indicesByClass(split, C).map((idx) => idx.length);
      expect(Math.min(...counts)).toBe(Math.max(...counts));
      expect(counts[0]).toBeGreaterThan(0);
    }
  });

  it('varies within a category and carries each category colour', async () => {
    const { dir, summary } = await seed1();
    const { train } = await loadDataset(dir);
    const C = summary.classes.length, px = 32 * 32 * 3;
    const byClass = indicesByClass(train, C);
    for (let c = 0; c < C; c++) {
      // Mean over pixels of the per-pixel standard deviation across the category's images.
      const idx = byClass[c]!;
      let stdSum = 0;
      for (let p = 0; p < px; p++) {
        let s = 0, s2 = 0;
        for (const i of idx) {
          const v = train.pixels[i * px + p]!;
          s += v; s2 += v * v;
        }
        const m = s / idx.length;
        stdSum += Math.sqrt(Math.max(0, s2 / idx.length - m * m));
      }
      expect(stdSum / px, summary.classes[c]).toBeGreaterThan(35);
    }
    // Object colour: the centre of red objects is redder than that of green ones, on average.
    const centreMean = (name: string, ch: number) => {
      const idx = byClass[summary.classes.indexOf(name)]!;
      let s = 0, n = 0;
      for (const i of idx) for (let y = 12; y < 20; y++) for (let x = 12; x < 20; x++) { s += train.pixels[i * px + (y * 32 + x) * 3 + ch]!; n++; }
      return s / n;
    };
    expect(centreMean('red-heart', 0) - centreMean('red-heart', 1)).toBeGreaterThan(40);
    expect(centreMean('green-heart', 1) - centreMean('green-heart', 0)).toBeGreaterThan(40);
  });

  it('gives each shape its fine surface pattern, and the plain bolt none', async () => {
    const { dir, summary } = await seed1();
    const { train } = await loadDataset(dir);
    const px = 32 * 32 * 3;
    const byClass = indicesByClass(train, summary.classes.length);
    // Mean absolute difference between horizontal and vertical neighbours over the image: a
    // 2.3-3.2-pixel pattern flips tone every 1-2 pixels wherever the object is.
    const detail = (shape: string) => {
      let s = 0, n = 0;
      for (const [c, name] of summary.classes.entries()) {
        if (!name.endsWith(`-${shape}`)) continue;
        for (const i of byClass[c]!) {
          for (let y = 0; y < 31; y++) for (let x = 0; x < 31; x++) for (let ch = 0; ch < 3; ch++) {
            const at = (yy: number, xx: number) => train.pixels[i * px + (yy * 32 + xx) * 3 + ch]!;
            s += Math.abs(at(y, x) - at(y, x + 1)) + Math.abs(at(y, x) - at(y + 1, x)); n += 2;
          }
        }
      }
      return s / n;
    };
    const plain = detail('bolt');
    for (const shape of ['star', 'heart', 'cross', 'ring', 'triangle', 'crescent', 'arrow']) {
      expect(detail(shape), shape).toBeGreaterThan(1.25 * plain);
    }
  });

  it('is not solvable by a nearest class mean on raw pixels', async () => {
    const { dir, summary } = await seed1();
    const { train, test } = await loadDataset(dir);
    const C = summary.classes.length, px = 32 * 32 * 3;
    const means = Array.from({ length: C }, () => new Float64Array(px));
    const counts = new Array<number>(C).fill(0);
    for (let i = 0; i < train.count; i++) {
      const m = means[train.labels[i]!]!;
      counts[train.labels[i]!]!++;
      for (let p = 0; p < px; p++) m[p]! += train.pixels[i * px + p]!;
    }
    means.forEach((m, c) => m.forEach((v, p) => (m[p] = v / counts[c]!)));
    let correct = 0;
    for (let i = 0; i < test.count; i++) {
      let best = -1, bestD = Infinity;
      for (let c = 0; c < C; c++) {
        let d = 0;
        for (let p = 0; p < px; p++) { const e = test.pixels[i * px + p]! - means[c]![p]!; d += e * e; }
        if (d < bestD) { bestD = d; best = c; }
      }
      if (best === test.labels[i]) correct++;
    }
    const acc = correct / test.count;
    expect(acc).toBeLessThan(0.5);
    expect(acc).toBeGreaterThan(1 / C); // the class means still carry colour and shape
  });

  it('exposes the category list in label order', () => {
    expect(BUILTIN_CATEGORIES.length).toBeGreaterThanOrEqual(40);
    expect(BUILTIN_CATEGORIES[0]!.name).toBe('red-star');
  });
});
