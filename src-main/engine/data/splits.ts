// Splitting items into train / validation / test per category, with a fixed seed, so a
// dataset imported twice gives the same splits (SPEC.md section 3).
import type { ImageSplit } from '../types';
import { Rng, hashSeed } from './random';

export interface SplitFractions {
  val: number;
  test: number;
}

export const DEFAULT_FRACTIONS: SplitFractions = { val: 0.1, test: 0.1 };

/** Seed of the split shuffles; fixed so that re-imports are identical. */
export const SPLIT_SEED = 20240611;

export interface SplitAssignment<T> {
  train: T[];
  val: T[];
  test: T[];
}

/**
 * How many of n items go to val and test. Each gets round(fraction * n), but at least one when
 * the category has 3 or more items (so every category is validated and tested); 2 items give
 * one train and one test image; train always keeps at least one.
 */
export function splitSizes(n: number, f: SplitFractions = DEFAULT_FRACTIONS): { train: number; val: number; test: number } {
  let val = f.val > 0 ? Math.round(f.val * n) : 0;
  let test = f.test > 0 ? Math.round(f.test * n) : 0;
  if (n >= 3) {
    if (f.val > 0) val = Math.max(1, val);
    if (f.test > 0) test = Math.max(1, test);
  } else {
    val = 0;
    test = f.test > 0 && n === 2 ? 1 : 0;
  }
  return { train: n - val - test, val, test };
}

/** Splits one category's items: shuffle with (seed, category), then cut test, val, train. */
export function splitCategory<T>(items: readonly T[], category: number, f: SplitFractions = DEFAULT_FRACTIONS, seed = SPLIT_SEED): SplitAssignment<T> {
  const order = new Rng(hashSeed(seed, category, items.length)).shuffle(items.slice());
  const sizes = splitSizes(order.length, f);
  return {
    test: order.slice(0, sizes.test),
    val: order.slice(sizes.test, sizes.test + sizes.val),
    train: order.slice(sizes.test + sizes.val),
  };
}

/** Indices of images per category, in stored order. */
export function indicesByClass(split: Pick<ImageSplit, 'labels' | 'count'>, numClasses: number): number[][] {
  const out: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < split.count; i++) out[split.labels[i]!]!.push(i);
  return out;
}

/** A new split with the first `perClass` images of each category (stored order), e.g. for trainPerClass. */
export function subsetPerClass(split: ImageSplit, numClasses: number, perClass: number): ImageSplit {
  const keep = indicesByClass(split, numClasses).flatMap((idx) => idx.slice(0, perClass)).sort((a, b) => a - b);
  return takeImages(split, keep);
}

/** A new split made of the given image indices, in the given order. */
export function takeImages(split: ImageSplit, indices: readonly number[]): ImageSplit {
  const bytes = split.count > 0 ? split.pixels.length / split.count : 0;
  const pixels = new Uint8Array(indices.length * bytes);
  const labels = new Int32Array(indices.length);
  indices.forEach((src, dst) => {
    pixels.set(split.pixels.subarray(src * bytes, (src + 1) * bytes), dst * bytes);
    labels[dst] = split.labels[src]!;
  });
  return { pixels, labels, count: indices.length };
}
