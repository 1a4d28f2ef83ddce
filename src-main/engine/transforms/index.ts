// The twelve transformations of SPEC.md section 2 on batches [N,H,W,C] in [0,255]
// (C = 1 or 3), plus standardisation and calibration. Pure: inputs are never disposed.
import * as tf from '@tensorflow/tfjs';
import type { TransformId } from '../../../shared/ids';
import type { ResolvedTransform } from '../types';
import { checkApplicable } from './applicability';
import { grayscale, hue180 } from './color';
import { blur, hfilter, highpass, invert, vfilter } from './convolutional';
import { rot180, rot90, thin } from './geometric';
import { gaussianNoise, saltPepper } from './noise';
import { assertTransformId, resolveParams } from './params';
import { freshSeed } from './random';

export { checkApplicable, type Applicability } from './applicability';
export {
  defaultParams, paramErrors, paramSpecs, resolveParams, assertTransformId,
  TransformParamError, type ParamSpec,
} from './params';
export { standardize } from './standardize';
export {
  calibrate, defaultCalibrationTarget, CALIBRATION_STEP, DEFAULT_MAX_STEPS,
  type CalibratedId, type CalibrationPoint, type CalibrationResult, type CalibrateOptions,
} from './calibrate';

/** Thrown when a transformation cannot apply to the given images (e.g. colour on 1 channel). */
export class TransformInputError extends Error {
  override name = 'TransformInputError';
}

/** Whether a transformation draws random numbers (and so depends on the seed). */
export function isRandomTransform(id: TransformId): boolean {
  return id === 'noise' || id === 'saltpepper';
}

/**
 * Apply `t` to a batch. Missing parameters take their defaults; invalid ones throw
 * TransformParamError. `seed` drives noise and saltpepper: pass a fresh one per training
 * batch and a fixed one for a test set; omitted, a random seed is drawn.
 */
export function applyTransform(t: ResolvedTransform, x: tf.Tensor4D, seed?: number): tf.Tensor4D {
  assertTransformId(t.id);
  const p = resolveParams(t.id, t.params);
  if (x.rank !== 4) throw new TransformInputError(`${t.id}: expected a batch [N,H,W,C], got shape [${x.shape.join(',')}]`);
  const ok = checkApplicable(t.id, x.shape[3]);
  if (!ok.ok) throw new TransformInputError(ok.reason);
  if (x.dtype !== 'float32') {
    const xf = tf.cast(x, 'float32') as tf.Tensor4D;
    try { return dispatch(t.id, p, xf, seed); } finally { xf.dispose(); }
  }
  return dispatch(t.id, p, x, seed);
}

function dispatch(id: TransformId, p: Record<string, number>, x: tf.Tensor4D, seed?: number): tf.Tensor4D {
  switch (id) {
    case 'grayscale': return grayscale(x);
    case 'hue180': return hue180(x);
    case 'blur': return blur(x, p.sigma!);
    case 'highpass': return highpass(x);
    case 'hfilter': return hfilter(x);
    case 'vfilter': return vfilter(x);
    case 'invert': return invert(x);
    case 'noise': return gaussianNoise(x, p.sigma!, seed ?? freshSeed());
    case 'saltpepper': return saltPepper(x, p.p!, seed ?? freshSeed());
    case 'rot90': return rot90(x);
    case 'rot180': return rot180(x);
    case 'thin': return thin(x);
  }
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
