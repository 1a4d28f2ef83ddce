// Gaussian noise (SPEC.md section 2, noise family; calibrated, section 4). Random numbers come
// from shared/random.ts so a seed reproduces the same pixels on every backend.
import { TRANSFORM_PALETTE } from '../palette';
import { createRng, gaussianArray } from '../random';
import { defineTransform } from './define';

export default defineTransform({
  id: 'noise',
  family: 'noise',
  label: 'Gaussian noise',
  color: TRANSFORM_PALETTE.cyan,
  summary: 'x + N(0, sigma^2) independently per pixel and channel, then clipped to [0,255]',
  params: [{
    name: 'sigma', default: 50, min: 0, max: 10000, step: 25, unit: 'intensity (0-255)', sliderMax: 500,
    description: 'standard deviation of the additive Gaussian noise on the [0,255] scale',
  }],
  random: true,
  calibration: { param: 'sigma', first: 25, step: 25, bound: () => ({ value: 250, rule: 'noise sigma <= 255 (the pixel range), on the grid of 25' }) },
  apply(x, { sigma }, { tf, seed }) {
    const n = gaussianArray(x.size, sigma!, createRng(seed, 'noise'));
    return tf.tidy(() => tf.clipByValue(tf.add(x, tf.tensor(n, x.shape)), 0, 255));
  },
  reference(img, { sigma }, seed) {
    const n = gaussianArray(img.data.length, sigma!, createRng(seed, 'noise'));
    return { ...img, data: img.data.map((v, i) => Math.min(255, Math.max(0, v + n[i]!))) };
  },
});
