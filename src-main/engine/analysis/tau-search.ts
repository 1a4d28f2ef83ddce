// Choosing tau by ablation (SPEC.md section 6, paper section 3.2 and Fig. 7): for each tau on
// the grid, zero the inactive units of layer L (normalised f_k(x) <= tau) per image and
// measure accuracy; separately zero the active ones (f_k(x) > tau). tau is the highest grid
// value whose inactive-ablation accuracy drop is at most 1 percentage point.
import * as tf from '@tensorflow/tfjs';
import type { TauPoint } from '../../../shared/results';
import type { ResolvedTransform } from '../types';
import { findLayer, layerModel, layerShape } from './capture';
import { buildHead, type Head } from './head';
import { ANALYSIS_BATCH, type AnalysisImages, imageBatches } from './image-batches';
import { type ActivationMatrix, checkActivationPair } from './activations';
import { unitCount } from './sampling';
import { neuronMaxima, rawThresholds } from './invariance';

/** 0, 0.05, ..., 1, computed as i / 20 so that grid values print and compare exactly. */
export const TAU_GRID: readonly number[] = Array.from({ length: 21 }, (_, i) => i / 20);

/** The largest allowed drop, in percentage points. */
export const MAX_DROP_POINTS = 1;

/** Correct-prediction counts at one tau, out of `images`. */
export interface TauCounts {
  tau: number;
  inactiveAblatedClean: number;
  inactiveAblatedTransformed: number;
  activeAblatedClean: number;
  activeAblatedTransformed: number;
}

export interface AblationCounts {
  images: number;
  /** Correct predictions without ablation. */
  baseClean: number;
  baseTransformed: number;
  points: TauCounts[];
}

export interface TauSearchResult {
  /** Accuracy (fraction correct) without ablation. */
  baseClean: number;
  baseTransformed: number;
  points: TauPoint[];
  /** The chosen tau (highest grid value within the allowed drop on clean and transformed). */
  tau: number;
}

/**
 * The highest tau whose inactive-ablation drop is at most 1 point on clean AND on
 * transformed images, compared on counts (drop * 100 <= images) so no rounding decides.
 * tau = 0 always qualifies in exact arithmetic (zeroing units that are already 0 changes
 * nothing); if float noise ever disqualifies it, 0 is still returned as the floor.
 */
export function chooseTau(c: AblationCounts): number {
  let best = 0;
  for (const p of c.points) {
    const okClean = (c.baseClean - p.inactiveAblatedClean) * 100 <= MAX_DROP_POINTS * c.images;
    const okTransformed = (c.baseTransformed - p.inactiveAblatedTransformed) * 100 <= MAX_DROP_POINTS * c.images;
    if (okClean && okTransformed && p.tau > best) best = p.tau;
  }
  return best;
}

export function toTauSearchResult(c: AblationCounts): TauSearchResult {
  const acc = (k: number) => k / c.images;
  return {
    baseClean: acc(c.baseClean),
    baseTransformed: acc(c.baseTransformed),
    tau: chooseTau(c),
    points: c.points.map((p) => ({
      tau: p.tau,
      inactiveAblatedClean: acc(p.inactiveAblatedClean),
      inactiveAblatedTransformed: acc(p.inactiveAblatedTransformed),
      activeAblatedClean: acc(p.activeAblatedClean),
      activeAblatedTransformed: acc(p.activeAblatedTransformed),
    })),
  };
}

export interface AblationOptions {
  /** Seeds random transformations of the test set; default the evaluation's TEST_TRANSFORM_SEED. */
  transformSeed?: number;
  taus?: readonly number[];
  onBatch?: (pass: 1 | 2, done: number, total: number) => void;
}

/**
 * Run the ablation grid at `layerName` on all test images (clean and transformed).
 * Two streaming passes over the images: the first finds M_k for every unit of the layer
 * (not only sampled ones: ablation zeroes the whole layer), the second ablates and predicts.
 * Only one batch of activations is alive at a time.
 */
export async function ablationCounts(
  model: tf.LayersModel, layerName: string, images: AnalysisImages, transform: ResolvedTransform,
  inputSize: number, opts: AblationOptions,
): Promise<AblationCounts> {
  const taus = opts.taus ?? TAU_GRID;
  const layer = findLayer(model, layerName);
  const head = buildHead(model, layerName);
  const trunk = layerModel(model, layer);
  const shape = layerShape(layer);

  // Pass 1: M_k over clean and transformed images.
  let maxima: tf.Tensor = tf.zeros(shape);
  for (const b of imageBatches(images, transform, inputSize, opts.transformSeed)) {
    const next = tf.tidy(() => {
      const a = trunk.predict(b.clean) as tf.Tensor;
      const g = trunk.predict(b.transformed) as tf.Tensor;
      return tf.maximum(maxima, tf.maximum(a.max(0), g.max(0)));
    });
    maxima.dispose();
    maxima = next;
    opts.onBatch?.(1, b.start + b.size, images.count);
  }
  const maxArr = Float32Array.from(maxima.dataSync());
  maxima.dispose();

  const grid = new AblationGrid(head, shape, maxArr, taus, images.count);
  try {
    // Pass 2: per batch, one trunk pass, then the head on each ablated version.
    for (const b of imageBatches(images, transform, inputSize, opts.transformSeed)) {
      const labels = images.labels.subarray(b.start, b.start + b.size);
      for (const cond of ['clean', 'transformed'] as const) {
        const acts = tf.tidy(() => trunk.predict(cond === 'clean' ? b.clean : b.transformed) as tf.Tensor);
        try {
          grid.add(acts, labels, cond);
        } finally {
          acts.dispose();
        }
      }
      opts.onBatch?.(2, b.start + b.size, images.count);
    }
  } finally {
    grid.dispose();
  }
  return grid.counts;
}

/**
 * The same grid from a layer's activations already captured whole (every unit, in flat
 * order: captured with maxUnits >= the layer's units). Saves both trunk passes: the job
 * uses it at the penultimate layer, whose activations it captures anyway.
 */
export function ablationCountsFromActivations(
  model: tf.LayersModel, layerName: string, clean: ActivationMatrix, transformed: ActivationMatrix,
  labels: Int32Array, opts: { taus?: readonly number[]; onBatch?: (done: number, total: number) => void } = {},
): AblationCounts {
  const layer = findLayer(model, layerName);
  const shape = layerShape(layer);
  if (clean.neurons !== unitCount(shape)) {
    throw new Error(`ablation needs all ${unitCount(shape)} units of layer "${layerName}", the activations hold ${clean.neurons}`);
  }
  if (labels.length !== clean.images) throw new Error(`${labels.length} labels for ${clean.images} images`);
  checkActivationPair(clean, transformed);
  const grid = new AblationGrid(buildHead(model, layerName), shape, neuronMaxima(clean, transformed), opts.taus ?? TAU_GRID, clean.images);
  const n = clean.neurons;
  try {
    for (let start = 0; start < clean.images; start += ANALYSIS_BATCH) {
      const size = Math.min(ANALYSIS_BATCH, clean.images - start);
      for (const [m, cond] of [[clean, 'clean'], [transformed, 'transformed']] as const) {
        const acts = tf.tensor(m.data.subarray(start * n, (start + size) * n), [size, ...shape]);
        try {
          grid.add(acts, labels.subarray(start, start + size), cond);
        } finally {
          acts.dispose();
        }
      }
      opts.onBatch?.(start + size, clean.images);
    }
  } finally {
    grid.dispose();
  }
  return grid.counts;
}

/** Accumulates correct predictions over batches of a layer's activations, per tau. */
class AblationGrid {
  readonly counts: AblationCounts;
  private readonly thresholds: tf.Tensor[];

  constructor(private readonly head: Head, shape: number[], maxima: Float32Array, taus: readonly number[], images: number) {
    // Per tau, the raw activity above which a unit is active: the same exact test as the
    // analysis core (rawThresholds), so "active" means the same thing in both places.
    this.thresholds = taus.map((tau) => tf.tensor(Float32Array.from(rawThresholds(maxima, tau)), shape));
    this.counts = {
      images, baseClean: 0, baseTransformed: 0,
      points: taus.map((tau) => ({ tau, inactiveAblatedClean: 0, inactiveAblatedTransformed: 0, activeAblatedClean: 0, activeAblatedTransformed: 0 })),
    };
  }

  /** One batch [b, ...shape] of activations with its labels. */
  add(acts: tf.Tensor, labelArr: Int32Array, cond: 'clean' | 'transformed'): void {
    const labels = tf.tensor1d(labelArr, 'int32');
    const correct = (build: () => tf.Tensor): number => tf.tidy(() => {
      const logits = this.head.predict(build());
      return tf.equal(tf.argMax(logits, 1), labels).sum().dataSync()[0];
    });
    try {
      const c = this.counts;
      const base = correct(() => acts);
      if (cond === 'clean') c.baseClean += base; else c.baseTransformed += base;
      c.points.forEach((p, i) => {
        const active = tf.tidy(() => tf.cast(tf.greater(acts, this.thresholds[i]), 'float32'));
        const inactiveAblated = correct(() => tf.mul(acts, active));
        const activeAblated = correct(() => tf.mul(acts, tf.sub(1, active)));
        active.dispose();
        if (cond === 'clean') { p.inactiveAblatedClean += inactiveAblated; p.activeAblatedClean += activeAblated; }
        else { p.inactiveAblatedTransformed += inactiveAblated; p.activeAblatedTransformed += activeAblated; }
      });
    } finally {
      labels.dispose();
    }
  }

  dispose(): void {
    for (const t of this.thresholds) t.dispose();
  }
}
