// Pixelation (journal version: Jang, Zaidi, Boix et al., Neural Computation 2023; SPEC.md
// section 2, convolutional family; calibrated upward from 2, section 4): the mean of each
// non-overlapping f x f block repeated over the block.
import { TRANSFORM_PALETTE } from '../palette';
import { defineTransform } from './define';
import { get, mapValues } from './plain';

/**
 * The side x side matrix that averages blocks of f along one axis and repeats the mean: entry
 * (i, j) is 1 / (size of the block) when i and j are in the same block, else 0. The last
 * block is side - f floor((side - 1) / f) long (smaller when f does not divide side).
 */
export function blockAverager(side: number, f: number): Float32Array {
  const m = new Float32Array(side * side);
  for (let start = 0; start < side; start += f) {
    const end = Math.min(side, start + f);
    for (let i = start; i < end; i++) for (let j = start; j < end; j++) m[i * side + j] = 1 / (end - start);
  }
  return m;
}

export default defineTransform({
  id: 'quantize',
  family: 'convolutional',
  label: 'Pixelation',
  color: TRANSFORM_PALETTE.pink,
  summary: 'mean of every non-overlapping f x f block (the last of a row or column may be smaller), repeated over the block',
  params: [{
    name: 'f', default: 4, min: 1, max: 256, step: 1, unit: 'px', sliderMax: 16,
    description: 'side of the square blocks in pixels (1: unchanged)',
  }],
  calibration: {
    param: 'f', first: 2, step: 1,
    bound: (side) => ({ value: Math.max(2, Math.floor(side / 4)), rule: `quantize block f <= side / 4 = ${side / 4} px at ${side} px` }),
  },
  /** Y = M_h X M_w along the two axes (M symmetric), as two matrix products per channel. */
  apply(x, { f }, { tf }) {
    const [n, h, w, c] = x.shape;
    const k = Math.round(f!);
    return tf.tidy(() => {
      const mh = tf.tensor2d(blockAverager(h, k), [h, h]);
      const mw = tf.tensor2d(blockAverager(w, k), [w, w]);
      // Along the height: [N,W,C,H] x M_h.
      const a = tf.matMul(tf.transpose(x, [0, 2, 3, 1]).reshape([-1, h]), mh).reshape([n, w, c, h]);
      // Along the width: [N,H,C,W] x M_w.
      const b = tf.transpose(a, [0, 3, 2, 1]);
      const out = tf.matMul(b.reshape([-1, w]), mw).reshape([n, h, c, w]);
      return tf.transpose(out, [0, 1, 3, 2]);
    });
  },
  reference(img, { f }) {
    const k = Math.round(f!);
    return mapValues(img, (_v, y, x, c) => {
      const y0 = Math.floor(y / k) * k, x0 = Math.floor(x / k) * k;
      const y1 = Math.min(img.height, y0 + k), x1 = Math.min(img.width, x0 + k);
      let s = 0;
      for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) s += get(img, yy, xx, c);
      return s / ((y1 - y0) * (x1 - x0));
    });
  },
});
