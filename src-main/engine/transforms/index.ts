// The engine side of the transformations: apply a registered definition
// (shared/transforms/<id>.ts) to batches [N,H,W,C] in [0,255] (C = 1 or 3) with this
// process's tfjs, plus standardisation and calibration. Pure: inputs are never disposed.
import * as tf from '@tensorflow/tfjs';
import { checkApplicable, resolveParams, transformDef, type TransformId } from '../../../shared/transforms/index';
import { freshSeed } from '../../../shared/random';
import type { ResolvedTransform } from '../types';

export {
  checkApplicable, defaultParams, paramErrors, paramSpecs, resolveParams, assertTransformId, transformDef,
  TransformParamError, type Applicability, type ParamDef as ParamSpec,
} from '../../../shared/transforms/index';
export { standardize } from './standardize';
export {
  calibrate, calibrationValue, defaultCalibrationTarget, DEFAULT_MAX_STEPS,
  type CalibratedId, type CalibrationPoint, type CalibrationResult, type CalibrateOptions,
} from './calibrate';

/** Thrown when a transformation cannot apply to the given images (e.g. colour on 1 channel). */
export class TransformInputError extends Error {
  override name = 'TransformInputError';
}

/** Whether a transformation draws random numbers (and so depends on the seed). */
export function isRandomTransform(id: TransformId): boolean {
  return transformDef(id).random;
}

/**
 * Apply `t` to a batch. Missing parameters take their defaults; invalid ones, and an id that
 * is not registered, throw TransformParamError. `seed` drives the random transformations:
 * pass a fresh one per training batch and a fixed one for a test set; omitted, a random seed
 * is drawn.
 */
export function applyTransform(t: ResolvedTransform, x: tf.Tensor4D, seed?: number): tf.Tensor4D {
  const def = transformDef(t.id);
  const p = resolveParams(def.id, t.params);
  if (x.rank !== 4) throw new TransformInputError(`${t.id}: expected a batch [N,H,W,C], got shape [${x.shape.join(',')}]`);
  const ok = checkApplicable(def.id, x.shape[3]);
  if (!ok.ok) throw new TransformInputError(ok.reason);
  const ctx = { tf, seed: seed ?? freshSeed() };
  const run = (xf: tf.Tensor4D): tf.Tensor4D => {
    const y = def.apply(xf, p, ctx);
    if (y.rank !== 4) { y.dispose(); throw new Error(`internal: ${t.id}'s apply returned rank ${y.rank}, not a batch [N,H,W,C]`); }
    return y as tf.Tensor4D;
  };
  if (x.dtype !== 'float32') {
    const xf = tf.cast(x, 'float32') as tf.Tensor4D;
    try { return run(xf); } finally { xf.dispose(); }
  }
  return run(x);
}

/**
 * One image as plain numbers (HWC, [0,255]) in and out: what the app's preview and the
 * CLI need. Output is unclipped float32 HWC (H and W swap for rot90 of a non-square image).
 */
export function transformImage(
  t: ResolvedTransform,
  image: { data: ArrayLike<number>; height: number; width: number; channels: number },
  seed?: number,
): { data: Float32Array; height: number; width: number; channels: number } {
  const { height, width, channels } = image;
  if (image.data.length !== height * width * channels) {
    throw new TransformInputError(`image data has ${image.data.length} values, expected ${height}x${width}x${channels}`);
  }
  const x = tf.tensor4d(Float32Array.from(image.data), [1, height, width, channels]);
  try {
    const y = applyTransform(t, x, seed);
    try {
      return { data: y.dataSync() as Float32Array, height: y.shape[1], width: y.shape[2], channels: y.shape[3] };
    } finally { y.dispose(); }
  } finally { x.dispose(); }
}
