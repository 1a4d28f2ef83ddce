// Convolutional transformations (SPEC.md section 2). Filters are cross-correlations (as
// tf.conv2d), per channel, "same" output size, with the border REFLECTED (mirror without
// repeating the edge pixel: tf.mirrorPad 'reflect', OpenCV's BORDER_REFLECT_101). Outputs are
// not clipped.
//
// Why reflect and not zeros: zero padding gives every filtered image an artificial frame (blur
// darkens the outermost ceil(3 sigma) pixels, highpass, whose kernel sums to 36, brightens
// them), a cue that says "transformed" and nothing about the category; networks trained on
// transformed images of some categories used that frame to send every transformed image to
// those categories (docs/transforms.md has the measurements).
//
// Every kernel here is separable (K = outer(column, row)), so it runs as two depthwise
// passes: a 1 x k pass along the width then a k x 1 pass along the height, each on the
// reflected image. This equals the 2D correlation on the reflected image exactly (up to
// float rounding). depthwiseConv2d and mirrorPad exist on the cpu, wasm and tensorflow backends.
import * as tf from '@tensorflow/tfjs';

export const HIGHPASS_TAPS = [-1, 2, 4, 2, -1] as const;
export const DERIVATIVE_TAPS = [-1, 0, 1] as const;

/** Correlate every channel with outer(column, row), border reflected, same size. */
export function correlateSeparable(x: tf.Tensor4D, column: readonly number[], row: readonly number[]): tf.Tensor4D {
  const c = x.shape[3];
  return tf.tidy(() => {
    let y = x;
    const [, h, w] = x.shape;
    if (!(row.length === 1 && row[0] === 1)) {
      const r = radiusWithin(row, w, 'row');
      const k = tf.tensor4d(tileTaps(row, c), [1, row.length, c, 1]);
      y = tf.depthwiseConv2d(r > 0 ? tf.mirrorPad(y, [[0, 0], [0, 0], [r, r], [0, 0]], 'reflect') : y, k, 1, 'valid');
    }
    if (!(column.length === 1 && column[0] === 1)) {
      const r = radiusWithin(column, h, 'column');
      const k = tf.tensor4d(tileTaps(column, c), [column.length, 1, c, 1]);
      y = tf.depthwiseConv2d(r > 0 ? tf.mirrorPad(y, [[0, 0], [r, r], [0, 0], [0, 0]], 'reflect') : y, k, 1, 'valid');
    }
    return y === x ? tf.clone(x) : y;
  });
}

/** Half-width of an odd 1D kernel; reflection needs it below the image side. */
function radiusWithin(taps: readonly number[], side: number, what: string): number {
  if (taps.length % 2 !== 1) throw new Error(`internal: ${what} kernel of ${taps.length} taps is not odd`);
  const r = (taps.length - 1) / 2;
  if (r > side - 1) throw new Error(`a ${taps.length}-tap filter needs images of at least ${r + 1} pixels per side (the border is reflected); this image has ${side} along its ${what === 'row' ? 'width' : 'height'}`);
  return r;
}

/** Filter layout [k, c] (channel fastest) for a depthwise kernel of k taps. */
function tileTaps(taps: readonly number[], channels: number): Float32Array {
  const out = new Float32Array(taps.length * channels);
  taps.forEach((t, i) => out.fill(t, i * channels, (i + 1) * channels));
  return out;
}

/**
 * 1D Gaussian of radius ceil(3 sigma) normalised to sum 1. A radius beyond the image
 * (maxOffset = side - 1) cannot be reflected, so such a kernel is cut at maxOffset and the
 * kept taps are normalised to sum 1 (documented in docs/transforms.md; only a sigma above
 * (side - 1) / 3 is affected).
 */
export function gaussianTaps(sigma: number, maxOffset = Infinity): number[] {
  const r = Math.min(Math.ceil(3 * sigma), maxOffset);
  const taps: number[] = [];
  for (let k = -r; k <= r; k++) taps.push(Math.exp(-(k * k) / (2 * sigma * sigma)));
  const total = taps.reduce((a, b) => a + b, 0);
  return taps.map((t) => t / total);
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
