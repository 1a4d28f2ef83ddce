// Building blocks that more than one transformation uses, on tfjs passed in (see define.ts
// for why tfjs is an argument here). Filters are cross-correlations (as tf.conv2d), per
// channel, "same" output size, with the border REFLECTED (mirror without repeating the edge
// pixel: tf.mirrorPad 'reflect', OpenCV's BORDER_REFLECT_101). Outputs are not clipped.
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
import type { Tensor4D, Tfjs } from './define';

/** Correlate every channel with outer(column, row), border reflected, same size. */
export function correlateSeparable(tf: Tfjs, x: Tensor4D, column: readonly number[], row: readonly number[]): Tensor4D {
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

// Rotations permute pixels in plain JS on the downloaded values: measured 3-15x faster than
// tf.gather or tf.reverse+transpose on both the cpu and wasm backends (tf.reverse on cpu is
// the slowest: about 5 s for 512 images of 32x32x3), and the data already lives in host
// memory on every backend this project uses.

/** Out pixel k (row-major over outH x outW) of every image is input pixel source[k]. */
export function permutePixels(tf: Tfjs, x: Tensor4D, outH: number, outW: number, source: Int32Array): Tensor4D {
  const [n, h, w, c] = x.shape;
  const src = x.dataSync();
  const out = new Float32Array(src.length);
  const hw = h * w;
  for (let b = 0; b < n; b++) {
    const base = b * hw * c;
    for (let k = 0; k < hw; k++) {
      const from = base + source[k]! * c, to = base + k * c;
      for (let ch = 0; ch < c; ch++) out[to + ch] = src[from + ch]!;
    }
  }
  return tf.tensor4d(out, [n, outH, outW, c]);
}
