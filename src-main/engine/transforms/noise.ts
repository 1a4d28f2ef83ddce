// Noise transformations (SPEC.md section 2). Random numbers come from random.ts so a seed
// reproduces the same pixels on every backend.
import * as tf from '@tensorflow/tfjs';
import { createRng, gaussianArray } from './random';

/** x + N(0, sigma^2) per pixel and channel, then clipped to [0,255]. */
export function gaussianNoise(x: tf.Tensor4D, sigma: number, seed: number): tf.Tensor4D {
  const n = gaussianArray(x.size, sigma, createRng(seed, 'noise'));
  return tf.tidy(() => tf.clipByValue(tf.add(x, tf.tensor(n, x.shape)), 0, 255) as tf.Tensor4D);
}

/**
 * Each pixel (all channels together) is replaced with probability p by 0 or 255, each with
 * probability 1/2. One uniform u per pixel decides both: replaced if u < p, white if u < p/2.
 */
export function saltPepper(x: tf.Tensor4D, p: number, seed: number): tf.Tensor4D {
  // Masks are built at full size [N,H,W,C]: broadcasting a [N,H,W,1] mask is several times
  // slower on the cpu backend than the extra memory costs.
  const c = x.shape[3];
  const rng = createRng(seed, 'saltpepper');
  const keep = new Float32Array(x.size);
  const value = new Float32Array(x.size);
  for (let i = 0; i < x.size; i += c) {
    const u = rng();
    if (u < p) { if (u < p / 2) value.fill(255, i, i + c); } else keep.fill(1, i, i + c);
  }
  return tf.tidy(() => tf.add(tf.mul(x, tf.tensor(keep, x.shape)), tf.tensor(value, x.shape)) as tf.Tensor4D);
}
