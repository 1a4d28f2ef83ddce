// Rotation by 180 degrees (SPEC.md section 2, geometric family).
import { TRANSFORM_PALETTE } from '../palette';
import { defineTransform } from './define';
import { permutePixels } from './ops';
import { get, mapValues } from './plain';

export default defineTransform({
  id: 'rot180',
  family: 'geometric',
  label: 'Rotation 180°',
  color: TRANSFORM_PALETTE.brown,
  summary: 'rotate 180 degrees: out[i][j] = in[H-1-i][W-1-j]',
  apply(x, _p, { tf }) {
    const [, h, w] = x.shape;
    const source = new Int32Array(h * w);
    for (let k = 0; k < h * w; k++) source[k] = h * w - 1 - k;
    return permutePixels(tf, x, h, w, source);
  },
  reference: (img) => mapValues(img, (_v, y, x, c) => get(img, img.height - 1 - y, img.width - 1 - x, c)),
});
