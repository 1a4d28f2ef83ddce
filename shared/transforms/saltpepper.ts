// Salt-and-pepper noise (SPEC.md section 2, noise family).
import { TRANSFORM_PALETTE } from '../palette';
import { createRng } from '../random';
import { defineTransform } from './define';

export default defineTransform({
  id: 'saltpepper',
  family: 'noise',
  label: 'Salt & pepper',
  color: TRANSFORM_PALETTE.darkGreen,
  summary: 'each pixel (all channels together) replaced with probability p by 0 or 255, equally likely',
  params: [{
    name: 'p', default: 0.5, min: 0, max: 1, step: 0.05, unit: '', sliderMax: 1,
    description: 'probability that a pixel (all channels) is replaced by 0 or 255',
  }],
  random: true,
  /** One uniform u per pixel decides both: replaced if u < p, white if u < p/2. */
  apply(x, { p }, { tf, seed }) {
    // Masks are built at full size [N,H,W,C]: broadcasting a [N,H,W,1] mask is several times
    // slower on the cpu backend than the extra memory costs.
    const c = x.shape[3];
    const rng = createRng(seed, 'saltpepper');
    const keep = new Float32Array(x.size);
    const value = new Float32Array(x.size);
    for (let i = 0; i < x.size; i += c) {
      const u = rng();
      if (u < p!) { if (u < p! / 2) value.fill(255, i, i + c); } else keep.fill(1, i, i + c);
    }
    return tf.tidy(() => tf.add(tf.mul(x, tf.tensor(keep, x.shape)), tf.tensor(value, x.shape)));
  },
  reference(img, { p }, seed) {
    const rng = createRng(seed, 'saltpepper');
    const out = { ...img, data: img.data.slice() };
    for (let i = 0; i < img.height * img.width; i++) {
      const u = rng();
      if (u < p!) out.data.fill(u < p! / 2 ? 255 : 0, i * img.channels, (i + 1) * img.channels);
    }
    return out;
  },
});
