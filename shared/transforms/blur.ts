// Gaussian blur (SPEC.md section 2, convolutional family; calibrated, section 4).
import { TRANSFORM_PALETTE } from '../palette';
import { defineTransform } from './define';
import { correlateSeparable } from './ops';
import { correlate2d, outer } from './plain';

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

export default defineTransform({
  id: 'blur',
  family: 'convolutional',
  label: 'Blur',
  color: TRANSFORM_PALETTE.indigo,
  summary: 'Gaussian of std sigma, radius ceil(3 sigma), weights sum to 1, per channel, border reflected',
  params: [{
    name: 'sigma', default: 2, min: 0, minExclusive: true, max: 1000, step: 0.5, unit: 'px', sliderMax: 20,
    description: 'standard deviation of the Gaussian in pixels (kernel radius ceil(3 sigma))',
  }],
  calibration: {
    param: 'sigma', first: 0.5, step: 0.5,
    bound: (side) => {
      const maxRadius = Math.floor((side - 1) / 4);
      // Largest sigma on the 0.5 grid with ceil(3 sigma) <= maxRadius.
      let sigma = 0;
      for (let s = 0.5; Math.ceil(3 * s - 1e-9) <= maxRadius; s += 0.5) sigma = s;
      return { value: sigma, rule: `blur kernel radius ceil(3 sigma) <= (side - 1) / 4 = ${((side - 1) / 4).toFixed(2)} px at ${side} px` };
    },
  },
  apply(x, { sigma }, { tf }) {
    const [, h, w] = x.shape;
    return correlateSeparable(tf, x, gaussianTaps(sigma!, h - 1), gaussianTaps(sigma!, w - 1));
  },
  reference(img, { sigma }) {
    return correlate2d(img, outer(gaussianTaps(sigma!, img.height - 1), gaussianTaps(sigma!, img.width - 1)));
  },
});
