// Hue rotation by 180 degrees (SPEC.md section 2, colour family).
import { TRANSFORM_PALETTE } from '../palette';
import { defineTransform } from './define';
import { blank } from './plain';

export default defineTransform({
  id: 'hue180',
  family: 'color',
  label: 'Hue rotation',
  color: TRANSFORM_PALETTE.sand,
  summary: 'RGB -> HSV, H <- (H + 0.5) mod 1, -> RGB (TensorFlow adjust_hue(x, 0.5))',
  colourOnly: true,
  /**
   * Closed form of adjust_hue(x, 0.5) (hexcone HSV): every channel c -> max + min - c. Why this
   * equals the HSV rotation: it keeps V (= max) and S (= (max - min) / max), swaps which channel
   * is the max and which the min, and maps the middle channel's fraction
   * f = (mid - min) / (max - min) to 1 - f; in the hexcone that is exactly H -> H + 1/2 (mod 1).
   * It is homogeneous in scale, so it applies on [0,255] as adjust_hue does on float input.
   * `reference` is the explicit RGB -> HSV -> RGB.
   */
  apply(x, _p, { tf }) {
    return tf.tidy(() => tf.sub(tf.add(tf.max(x, 3, true), tf.min(x, 3, true)), x));
  },
  reference(img) {
    const out = blank(img.height, img.width, 3);
    for (let i = 0; i < img.height * img.width; i++) {
      const [h, s, v] = rgbToHsv(img.data[3 * i]!, img.data[3 * i + 1]!, img.data[3 * i + 2]!);
      out.data.set(hsvToRgb((h + 0.5) % 1, s, v), 3 * i);
    }
    return out;
  },
});

/** Hexcone HSV, H in [0, 1), as tf.image.rgb_to_hsv. */
function rgbToHsv(r: number, g: number, b: number): [number, number, number] {
  const v = Math.max(r, g, b), d = v - Math.min(r, g, b);
  const s = v > 0 ? d / v : 0;
  if (d === 0) return [0, s, v];
  let h = v === r ? (g - b) / d : v === g ? 2 + (b - r) / d : 4 + (r - g) / d;
  h /= 6;
  return [h < 0 ? h + 1 : h, s, v];
}

function hsvToRgb(h: number, s: number, v: number): [number, number, number] {
  const k = (n: number) => (n + h * 6) % 6;
  const f = (n: number) => v - v * s * Math.max(0, Math.min(k(n), 4 - k(n), 1));
  return [f(5), f(3), f(1)];
}
