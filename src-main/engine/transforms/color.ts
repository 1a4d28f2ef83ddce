// Colour transformations (SPEC.md section 2). Both need 3 channels; the index refuses
// 1-channel inputs before calling them.
import * as tf from '@tensorflow/tfjs';

/** ITU-R 601 luma, the weights of tf.image.rgb_to_grayscale. */
export const GRAY_WEIGHTS = [0.2989, 0.587, 0.114] as const;

/** Y = 0.2989 R + 0.5870 G + 0.1140 B, copied to all three channels. */
export function grayscale(x: tf.Tensor4D): tf.Tensor4D {
  // One matrix product [pixels, 3] x [3, 3] (every column the weights) computes Y and copies
  // it to three channels at once; it is the fastest route on both cpu and wasm.
  const [n, h, w] = x.shape;
  const [r, g, b] = GRAY_WEIGHTS;
  return tf.tidy(() => {
    const m = tf.tensor2d([r, r, r, g, g, g, b, b, b], [3, 3]);
    return tf.reshape(tf.matMul(tf.reshape(x, [n * h * w, 3]), m), [n, h, w, 3]) as tf.Tensor4D;
  });
}

/**
 * Hue rotated by 180 degrees, as TensorFlow's adjust_hue(x, 0.5) (hexcone HSV).
 * Closed form: every channel c -> max + min - c. Why this equals HSV rotation: it keeps V
 * (= max) and S (= (max - min) / max), swaps which channel is the max and which the min,
 * and maps the middle channel's fraction f = (mid - min) / (max - min) to 1 - f; in the
 * hexcone that is exactly H -> H + 1/2 (mod 1). It is homogeneous in scale, so it applies
 * on [0,255] as adjust_hue does on float input. Tested against an explicit RGB->HSV->RGB.
 */
export function hue180(x: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const hi = tf.max(x, 3, true);
    const lo = tf.min(x, 3, true);
    return tf.sub(tf.add(hi, lo), x) as tf.Tensor4D;
  });
}
