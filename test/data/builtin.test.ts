import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BUILTIN_CATEGORIES, builtinDatasetId, ensureBuiltinDataset, parseBuiltinRef, loadDataset, indicesByClass,
} from '../../src-main/engine/data';
import { GENERATOR_VERSION, PATTERN_NAMES, TYPICAL_HUES } from '../../src-main/engine/data/builtin/generate';
import { tempDirs } from './tmp';

const tmp = tempDirs('builtin');
const PER_CLASS = 24;
let shared: ReturnType<typeof ensureBuiltinDataset> | null = null;
/** One seed-1 dataset for the tests that only read it. */
const seed1 = () => (shared ??= ensureBuiltinDataset(tmp(), { seed: 1, perClass: PER_CLASS }));
const FILES = ['train.u8', 'train.labels.i32', 'val.u8', 'val.labels.i32', 'test.u8', 'test.labels.i32'];

describe('built-in procedural dataset', () => {
  it('names its cache folder after seed and non-default options', () => {
    expect(GENERATOR_VERSION).toBe(7);
    expect(builtinDatasetId()).toBe('builtin-v7');
    expect(builtinDatasetId({ seed: 7 })).toBe('builtin-7-v7');
    expect(builtinDatasetId({ seed: 0, perClass: 24 })).toBe('builtin-n24-v7');
    expect(builtinDatasetId({ seed: 2, size: 48, perClass: 24 })).toBe('builtin-2-s48-n24-v7');
    expect(() => builtinDatasetId({ seed: -1 })).toThrow(/seed/);
  });

  it('reads the references a spec or the store uses', () => {
    expect(parseBuiltinRef('builtin')).toEqual({ seed: 0, size: 32, perClass: 300 });
    expect(parseBuiltinRef('builtin:7')).toEqual({ seed: 7, size: 32, perClass: 300 });
    expect(parseBuiltinRef('builtin-2-s48-n24')).toEqual({ seed: 2, size: 48, perClass: 24 });
    expect(parseBuiltinRef('builtin-n24')).toEqual({ seed: 0, size: 32, perClass: 24 });
    // Its own cache id reads back; a version it does not generate is refused, naming both.
    expect(parseBuiltinRef('builtin-s16-n150-v7')).toEqual({ seed: 0, size: 16, perClass: 150 });
    expect(() => parseBuiltinRef('builtin-s16-n150-v6')).toThrow(/version 6 .*generates version 7/);
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
    expect(a.summary.id).toBe('builtin-3-n12-v7');
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
    for (const name of summary.classes) expect(name).toMatch(/^[a-z]+$/);
    expect(summary.classes).toContain('star');
    expect(summary).toMatchObject({ size: 32, channels: 3, source: 'builtin' });
    expect(ds.train.count).toBe(PER_CLASS * C);
    expect(ds.train.pixels.length).toBe(ds.train.count * 32 * 32 * 3);
    for (const split of [ds.train, ds.val, ds.test]) {
      const counts = indicesByClass(split, C).map((idx) => idx.length);
      expect(Math.min(...counts)).toBe(Math.max(...counts));
      expect(counts[0]).toBeGreaterThan(0);
    }
  });

  it('varies within a category, and colour is a category-typical prior, not its identity', async () => {
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
    // Per image, the centre's colour: red objects (typical hue 0) have R well above G; the heart's
    // typical hue is red and the hexastar's (typical hue 72, yellow-green) is not.
    expect(BUILTIN_CATEGORIES.find((c) => c.name === 'heart')!.hue).toBe(TYPICAL_HUES[0]);
    expect(BUILTIN_CATEGORIES.find((c) => c.name === 'hexastar')!.hue).toBe(TYPICAL_HUES[1]);
    const redShare = (name: string) => {
      const idx = byClass[summary.classes.indexOf(name)]!;
      let red = 0;
      for (const i of idx) {
        let r = 0, g = 0, b = 0;
        for (let y = 13; y < 19; y++) for (let x = 13; x < 19; x++) { const o = i * px + (y * 32 + x) * 3; r += train.pixels[o]!; g += train.pixels[o + 1]!; b += train.pixels[o + 2]!; }
        if (r > 1.5 * g && r > 1.5 * b) red++;
      }
      return red / idx.length;
    };
    // Most hearts are red, yet not all (the prior is 70 %, the centre is sometimes background or
    // an occluder); few hexastars are.
    expect(redShare('heart')).toBeGreaterThan(0.4);
    expect(redShare('heart')).toBeLessThan(0.95);
    expect(redShare('hexastar')).toBeLessThan(0.25);
  });

  it('gives each category its fine surface pattern, and the plain ones none', async () => {
    const { dir, summary } = await seed1();
    const { train } = await loadDataset(dir);
    const px = 32 * 32 * 3;
    const byClass = indicesByClass(train, summary.classes.length);
    // Mean absolute difference between horizontal and vertical neighbours over the image: a
    // 2.3-3.2-pixel pattern flips tone every 1-2 pixels wherever the object is.
    const detail = (pattern: number) => {
      let s = 0, n = 0;
      for (const c of summary.classes.keys()) {
        if (BUILTIN_CATEGORIES[c]!.pattern !== pattern) continue;
        for (const i of byClass[c]!) {
          for (let y = 0; y < 31; y++) for (let x = 0; x < 31; x++) for (let ch = 0; ch < 3; ch++) {
            const at = (yy: number, xx: number) => train.pixels[i * px + (yy * 32 + xx) * 3 + ch]!;
            s += Math.abs(at(y, x) - at(y, x + 1)) + Math.abs(at(y, x) - at(y + 1, x)); n += 2;
          }
        }
      }
      return s / n;
    };
    const plain = detail(PATTERN_NAMES.indexOf('plain'));
    for (const [p, name] of PATTERN_NAMES.entries()) {
      if (name !== 'plain') expect(detail(p), name).toBeGreaterThan(1.25 * plain);
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
    expect(BUILTIN_CATEGORIES[0]!.name).toBe('star');
    // Pattern and typical hue together single out each category (8 x 5 combinations, one each).
    expect(new Set(BUILTIN_CATEGORIES.map((c) => `${c.pattern}/${c.hue}`)).size).toBe(BUILTIN_CATEGORIES.length);
    expect(new Set(BUILTIN_CATEGORIES.map((c) => c.shape)).size).toBe(BUILTIN_CATEGORIES.length);
  });
});
