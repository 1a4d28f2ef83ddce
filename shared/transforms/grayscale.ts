// Grayscale (SPEC.md section 2, colour family).
import { TRANSFORM_PALETTE } from '../palette';
import { defineTransform } from './define';
import { mapValues } from './plain';

/** ITU-R 601 luma, the weights of tf.image.rgb_to_grayscale. */
export const GRAY_WEIGHTS = [0.2989, 0.587, 0.114] as const;

export default defineTransform({
  id: 'grayscale',
  family: 'color',
  label: 'Grayscale',
  color: TRANSFORM_PALETTE.wine,
  summary: 'Y = 0.2989 R + 0.5870 G + 0.1140 B, copied to all 3 channels',
  colourOnly: true,
  apply(x, _p, { tf }) {
    // One matrix product [pixels, 3] x [3, 3] (every column the weights) computes Y and copies
    // it to three channels at once; it is the fastest route on both cpu and wasm.
    const [n, h, w] = x.shape;
    const [r, g, b] = GRAY_WEIGHTS;
    return tf.tidy(() => {
      const m = tf.tensor2d([r, r, r, g, g, g, b, b, b], [3, 3]);
      return tf.reshape(tf.matMul(tf.reshape(x, [n * h * w, 3]), m), [n, h, w, 3]);
    });
  },
  reference(img) {
    const [r, g, b] = GRAY_WEIGHTS;
    const at = (y: number, x: number, c: number) => img.data[(y * img.width + x) * 3 + c]!;
    return mapValues(img, (_v, y, x) => r * at(y, x, 0) + g * at(y, x, 1) + b * at(y, x, 2));
  },
});
