// Predictions of a network on a whole split, in batches, optionally through a transformation.
import type { Network } from '../models/index';
import { argmaxRows, predictLogits } from '../models/index';
import type { ImageSplit, ResolvedTransform } from '../types';
import { prepareBatch, type ImageGeometry } from '../train/batches';
import { hashSeed } from '../data/random';
import { confusionCounts } from './metrics';

/** Batch size for evaluation; fixed so the noise a seed draws per batch never depends on it. */
export const EVAL_BATCH = 100;

/** Seed of the fixed random draws of test-set transformations (SPEC.md section 2). */
export const TEST_TRANSFORM_SEED = 20240612;

export interface PredictOptions {
  /** null: clean images. */
  transform: ResolvedTransform | null;
  /** Which images (by index into the split) to transform; all when omitted. */
  pick?: (index: number) => boolean;
  /** Seed for random transformations; each batch mixes in its number. */
  seed?: number;
  /** Category subsets: for each, also the argmax over that subset's logits only (restricted choice, SPEC.md section 3). */
  subsets?: readonly (readonly number[])[];
}

export interface Predictions {
  /** True labels and predictions, in the same (batch-internal) order. */
  labels: Int32Array;
  preds: Int32Array;
  /** One per `subsets` entry: the best category among that subset's (-1 for an empty subset). */
  restricted: Int32Array[];
}

/** Per row, the category of `subset` with the largest logit (-1 when the subset is empty). */
export function argmaxAmong(logits: Float32Array, classes: number, subset: readonly number[]): Int32Array {
  const n = logits.length / classes;
  const out = new Int32Array(n).fill(-1);
  if (subset.length === 0) return out;
  for (let i = 0; i < n; i++) {
    let best = subset[0]!;
    let bestV = logits[i * classes + best]!;
    for (let k = 1; k < subset.length; k++) {
      const c = subset[k]!;
      const v = logits[i * classes + c]!;
      if (v > bestV) { bestV = v; best = c; }
    }
    out[i] = best;
  }
  return out;
}

export function predictSplit(net: Network, split: ImageSplit, g: ImageGeometry, opts: PredictOptions): Predictions {
  const labels = new Int32Array(split.count);
  const preds = new Int32Array(split.count);
  const seed = opts.seed ?? TEST_TRANSFORM_SEED;
  const classes = net.options.classes;
  const subsets = opts.subsets ?? [];
  const restricted = subsets.map(() => new Int32Array(split.count));
  for (let start = 0, b = 0; start < split.count; start += EVAL_BATCH, b++) {
    const n = Math.min(EVAL_BATCH, split.count - start);
    const indices = Array.from({ length: n }, (_, i) => start + i);
    const pick = opts.pick;
    const batch = prepareBatch(split, indices, g, opts.transform, pick ? (i) => pick(start + i) : () => true, hashSeed(seed, b));
    try {
      labels.set(batch.labels, start);
      const logits = predictLogits(net, batch.x, EVAL_BATCH);
      preds.set(argmaxRows(logits, classes), start);
      subsets.forEach((sub, k) => restricted[k]!.set(argmaxAmong(logits, classes, sub), start));
    } finally {
      batch.x.dispose();
    }
  }
  return { labels, preds, restricted };
}

/** Confusion counts[true][pred] of the network on a split, clean or transformed. */
export function confusionOn(net: Network, split: ImageSplit, g: ImageGeometry, opts: PredictOptions): number[][] {
  return confusionAndRestricted(net, split, g, opts).counts;
}

/** The confusion counts and, per subset, top-1 correct / total over the images whose true category is in it with the choice restricted to it. */
export function confusionAndRestricted(net: Network, split: ImageSplit, g: ImageGeometry, opts: PredictOptions):
  { counts: number[][]; restricted: { correct: number; total: number }[] } {
  const { labels, preds, restricted } = predictSplit(net, split, g, opts);
  const subsets = opts.subsets ?? [];
  return {
    counts: confusionCounts(labels, preds, net.options.classes),
    restricted: subsets.map((sub, k) => {
      const inSub = new Set(sub);
      let correct = 0, total = 0;
      for (let i = 0; i < labels.length; i++) {
        if (!inSub.has(labels[i]!)) continue;
        total++;
        if (restricted[k]![i] === labels[i]) correct++;
      }
      return { correct, total };
    }),
  };
}
