// Rotation by 90 degrees (SPEC.md section 2, geometric family).
import { TRANSFORM_PALETTE } from '../palette';
import { defineTransform } from './define';
import { permutePixels } from './ops';
import { blank, get, set } from './plain';

export default defineTransform({
  id: 'rot90',
  family: 'geometric',
  label: 'Rotation 90°',
  color: TRANSFORM_PALETTE.orange,
  summary: 'rotate 90 degrees anticlockwise (numpy rot90); a H x W image becomes W x H',
  /** out[i][j] = in[j][W-1-i]. */
  apply(x, _p, { tf }) {
    const [, h, w] = x.shape;
    const source = new Int32Array(h * w);
    for (let i = 0; i < w; i++) for (let j = 0; j < h; j++) source[i * h + j] = j * w + (w - 1 - i);
    return permutePixels(tf, x, w, h, source);
  },
  reference(img) {
    const out = blank(img.width, img.height, img.channels);
    for (let i = 0; i < img.width; i++) for (let j = 0; j < img.height; j++) {
      for (let c = 0; c < img.channels; c++) set(out, i, j, c, get(img, j, img.width - 1 - i, c));
    }
    return out;
  },
});
