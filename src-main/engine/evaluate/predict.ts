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
}

export interface Predictions {
  /** True labels and predictions, in the same (batch-internal) order. */
  labels: Int32Array;
  preds: Int32Array;
}

export function predictSplit(net: Network, split: ImageSplit, g: ImageGeometry, opts: PredictOptions): Predictions {
  const labels = new Int32Array(split.count);
  const preds = new Int32Array(split.count);
  const seed = opts.seed ?? TEST_TRANSFORM_SEED;
  const classes = net.options.classes;
  for (let start = 0, b = 0; start < split.count; start += EVAL_BATCH, b++) {
    const n = Math.min(EVAL_BATCH, split.count - start);
    const indices = Array.from({ length: n }, (_, i) => start + i);
    const pick = opts.pick;
    const batch = prepareBatch(split, indices, g, opts.transform, pick ? (i) => pick(start + i) : () => true, hashSeed(seed, b));
    try {
      labels.set(batch.labels, start);
      preds.set(argmaxRows(predictLogits(net, batch.x, EVAL_BATCH), classes), start);
    } finally {
      batch.x.dispose();
    }
  }
  return { labels, preds };
}

/** Confusion counts[true][pred] of the network on a split, clean or transformed. */
export function confusionOn(net: Network, split: ImageSplit, g: ImageGeometry, opts: PredictOptions): number[][] {
  const { labels, preds } = predictSplit(net, split, g, opts);
  return confusionCounts(labels, preds, net.options.classes);
}
