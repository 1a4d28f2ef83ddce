// Convolutional transformations (SPEC.md section 2). Filters are cross-correlations (as
// tf.conv2d), per channel, "same" output size, with ZERO padding at the border (the rule of
// tf.conv2d padding 'same'). Outputs are not clipped.
//
// Every kernel here is separable (K = outer(column, row)), so it runs as two depthwise
// passes: a 1 x k pass along the width then a k x 1 pass along the height. With zero
// padding this equals the 2D correlation exactly (up to float rounding), and it makes
// large blur kernels cheap. depthwiseConv2d exists on the cpu, wasm and tensorflow backends.
import * as tf from '@tensorflow/tfjs';

export const HIGHPASS_TAPS = [-1, 2, 4, 2, -1] as const;
export const DERIVATIVE_TAPS = [-1, 0, 1] as const;

/** Correlate every channel with outer(column, row), zero-padded, same size. */
export function correlateSeparable(x: tf.Tensor4D, column: readonly number[], row: readonly number[]): tf.Tensor4D {
  const c = x.shape[3];
  return tf.tidy(() => {
    let y = x;
    if (!(row.length === 1 && row[0] === 1)) {
      const k = tf.tensor4d(tileTaps(row, c), [1, row.length, c, 1]);
      y = tf.depthwiseConv2d(y, k, 1, 'same');
    }
    if (!(column.length === 1 && column[0] === 1)) {
      const k = tf.tensor4d(tileTaps(column, c), [column.length, 1, c, 1]);
      y = tf.depthwiseConv2d(y, k, 1, 'same');
    }
    return y === x ? tf.clone(x) : y;
  });
}

/** Filter layout [k, c] (channel fastest) for a depthwise kernel of k taps. */
function tileTaps(taps: readonly number[], channels: number): Float32Array {
  const out = new Float32Array(taps.length * channels);
  taps.forEach((t, i) => out.fill(t, i * channels, (i + 1) * channels));
  return out;
}

/**
 * Normalised 1D Gaussian of radius ceil(3 sigma), restricted to |offset| <= maxOffset.
 * Taps farther than the image size only ever meet zero padding, so dropping them (after
 * normalising over the full radius) leaves the result unchanged and keeps huge sigmas cheap.
 */
export function gaussianTaps(sigma: number, maxOffset = Infinity): number[] {
  const radius = Math.ceil(3 * sigma);
  let total = 0;
  for (let k = -radius; k <= radius; k++) total += Math.exp(-(k * k) / (2 * sigma * sigma));
  const r = Math.min(radius, maxOffset);
  const taps: number[] = [];
  for (let k = -r; k <= r; k++) taps.push(Math.exp(-(k * k) / (2 * sigma * sigma)) / total);
  return taps;
}

export function blur(x: tf.Tensor4D, sigma: number): tf.Tensor4D {
  const [, h, w] = x.shape;
  return correlateSeparable(x, gaussianTaps(sigma, h - 1), gaussianTaps(sigma, w - 1));
}

/** 5x5 outer([-1,2,4,2,-1], [-1,2,4,2,-1]), not normalised. */
export function highpass(x: tf.Tensor4D): tf.Tensor4D {
  return correlateSeparable(x, HIGHPASS_TAPS, HIGHPASS_TAPS);
}

/** 3x3, every row [-1, 0, 1]. */
export function hfilter(x: tf.Tensor4D): tf.Tensor4D {
  return correlateSeparable(x, [1, 1, 1], DERIVATIVE_TAPS);
}

/** Transpose of hfilter: every column [-1, 0, 1]^T. */
export function vfilter(x: tf.Tensor4D): tf.Tensor4D {
  return correlateSeparable(x, DERIVATIVE_TAPS, [1, 1, 1]);
}

/** Contrast inversion 255 - x. */
export function invert(x: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => tf.sub(255, x) as tf.Tensor4D);
}
