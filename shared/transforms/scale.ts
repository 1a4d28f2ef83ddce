// Scaling (journal version: Jang, Zaidi, Boix et al., Neural Computation 2023; SPEC.md section
// 2, geometric family; calibrated downward, section 4): the image shrunk to s x its side and
// centred on its own background colour, so that the object gets smaller while the frame stays.
import { TRANSFORM_PALETTE } from '../palette';
import { defineTransform, type PlainImage } from './define';
import { get, mapValues } from './plain';

/** Side of the shrunk image: round(s x side), at least 1. */
export function scaledSide(side: number, s: number): number {
  return Math.max(1, Math.min(side, Math.round(s * side)));
}

/** Per channel, the mean of the 1-pixel outer frame (each frame pixel once). */
export function frameMean(img: PlainImage): number[] {
  const { height: h, width: w, channels: c } = img;
  const out: number[] = [];
  for (let k = 0; k < c; k++) {
    let s = 0, n = 0;
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
      if (y === 0 || y === h - 1 || x === 0 || x === w - 1) { s += get(img, y, x, k); n++; }
    }
    out.push(s / n);
  }
  return out;
}

export default defineTransform({
  id: 'scale',
  family: 'geometric',
  label: 'Scaling',
  color: TRANSFORM_PALETTE.violet,
  summary: 'shrunk to s x the side (bilinear, half-pixel centres), centred, the rest filled with the mean colour of the image\'s 1-pixel outer frame',
  params: [{
    name: 's', default: 0.5, min: 0, minExclusive: true, max: 1, step: 0.05, unit: 'x side', sliderMax: 1,
    description: 'the shrunk image\'s side as a fraction of the original (1: unchanged)',
  }],
  calibration: { param: 's', first: 0.95, step: -0.05, bound: () => ({ value: 0.25, rule: 'scale s >= 0.25' }) },
  apply(x, { s }, { tf }) {
    const [n, h, w, c] = x.shape;
    const nh = scaledSide(h, s!), nw = scaledSide(w, s!);
    const top = Math.floor((h - nh) / 2), left = Math.floor((w - nw) / 2);
    const pad: [number, number][] = [[0, 0], [top, h - nh - top], [left, w - nw - left], [0, 0]];
    return tf.tidy(() => {
      const small = tf.image.resizeBilinear(x, [nh, nw], false, true);
      // Background per image and channel: the frame's sum over its pixel count.
      const inner = h > 2 && w > 2 ? tf.slice(x, [0, 1, 1, 0], [n, h - 2, w - 2, c]).sum([1, 2]) : tf.zeros([n, c]);
      const frameCount = h * w - Math.max(0, h - 2) * Math.max(0, w - 2);
      const bg = tf.sub(x.sum([1, 2]), inner).div(frameCount).reshape([n, 1, 1, c]);
      const inside = tf.pad(tf.ones([1, nh, nw, 1]), pad);
      return tf.add(tf.pad(small, pad), tf.mul(tf.sub(1, inside), bg));
    });
  },
  reference(img, { s }) {
    const { height: h, width: w } = img;
    const nh = scaledSide(h, s!), nw = scaledSide(w, s!);
    const top = Math.floor((h - nh) / 2), left = Math.floor((w - nw) / 2);
    const bg = frameMean(img);
    const coord = (j: number, size: number, nsize: number) => {
      const src = Math.max(0, (j + 0.5) * (size / nsize) - 0.5);
      const a = Math.min(Math.floor(src), size - 1);
      return [a, Math.min(a + 1, size - 1), src - a] as const;
    };
    return mapValues(img, (_v, y, x, c) => {
      const i = y - top, j = x - left;
      if (i < 0 || i >= nh || j < 0 || j >= nw) return bg[c]!;
      const [y0, y1, fy] = coord(i, h, nh);
      const [x0, x1, fx] = coord(j, w, nw);
      const row = (yy: number) => (1 - fx) * get(img, yy, x0, c) + fx * get(img, yy, x1, c);
      return (1 - fy) * row(y0) + fy * row(y1);
    });
  },
});
