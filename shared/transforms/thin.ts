// Image thinning (SPEC.md section 2, geometric family).
import { TRANSFORM_PALETTE } from '../palette';
import { defineTransform } from './define';
import { get, mapValues } from './plain';

/** Width of a thinned image: half, rounded down, at least 1. */
export function thinWidth(width: number): number {
  return Math.max(1, Math.floor(width / 2));
}

export default defineTransform({
  id: 'thin',
  family: 'geometric',
  label: 'Image thinning',
  color: TRANSFORM_PALETTE.slate,
  summary: 'width resized to half (bilinear, half-pixel centres), centred, zero-padded to the original width',
  /**
   * Left pad floor((W - W/2) / 2). Half-pixel centres (tf.image.resize's rule in TF2): for even
   * widths each output column is the mean of two input columns, rather than every other column
   * dropped.
   */
  apply(x, _p, { tf }) {
    const [, h, w] = x.shape;
    const nw = thinWidth(w);
    const left = Math.floor((w - nw) / 2);
    return tf.tidy(() => {
      const small = tf.image.resizeBilinear(x, [h, nw], false, true);
      return tf.pad(small, [[0, 0], [0, 0], [left, w - nw - left], [0, 0]]);
    });
  },
  reference(img) {
    const w = img.width, nw = thinWidth(w), left = Math.floor((w - nw) / 2);
    return mapValues(img, (_v, y, x, c) => {
      const j = x - left;
      if (j < 0 || j >= nw) return 0;
      const src = Math.max(0, (j + 0.5) * (w / nw) - 0.5);
      const x0 = Math.min(Math.floor(src), w - 1), x1 = Math.min(x0 + 1, w - 1), f = src - x0;
      return (1 - f) * get(img, y, x0, c) + f * get(img, y, x1, c);
    });
  },
});
