// Per-image standardisation, the last preprocessing step (SPEC.md section 1).
import * as tf from '@tensorflow/tfjs';

/** TensorFlow's per_image_standardization: (x - mean) / max(std, 1/sqrt(numel)) per image. */
export function standardize(x: tf.Tensor4D): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  return tf.tidy(() => {
    // Moments over a flattened [N, H*W*C] view: one reduction axis is much faster on cpu.
    const flat = tf.reshape(x, [n, h * w * c]);
    const { mean, variance } = tf.moments(flat, 1, true);
    const std = tf.maximum(tf.sqrt(variance), 1 / Math.sqrt(h * w * c));
    return tf.reshape(tf.div(tf.sub(flat, mean), std), [n, h, w, c]) as tf.Tensor4D;
  });
}
