// Kernels of the project's own, which tfjs does not have. A backend registers them where it
// implements them (native: ./native/kernels/); the code that uses them asks `hasKernel` first and
// otherwise composes the same arithmetic from tfjs ops, so every backend computes the same thing.
import * as tf from '@tensorflow/tfjs';

/**
 * Batch normalisation in training mode over the last axis: inputs `x`, `scale`, `offset`, attr
 * `epsilon`; outputs `y`, the batch `mean` and the biased batch `variance` (as tf.moments gives
 * them). Its gradient (BatchNormTrainingGrad) is the one of the composed formula, through the
 * batch statistics.
 */
export const BatchNormTraining = 'BatchNormTraining';
/** Inputs `dy`, `x`, `scale`, `mean`, `variance`, attr `epsilon`; outputs dx, dscale, doffset. */
export const BatchNormTrainingGrad = 'BatchNormTrainingGrad';

export function hasKernel(name: string): boolean {
  return tf.getKernel(name, tf.getBackend()) !== undefined;
}

/** y, mean and variance of BatchNormTraining, or null where the current backend lacks it. */
export function batchNormTraining(x: tf.Tensor, scale: tf.Tensor, offset: tf.Tensor, epsilon: number): [tf.Tensor, tf.Tensor, tf.Tensor] | null {
  if (!hasKernel(BatchNormTraining) || x.dtype !== 'float32' || (x.rank !== 4 && x.rank !== 2)) return null;
  const out = tf.engine().runKernel(BatchNormTraining, { x, scale, offset }, { epsilon }) as tf.Tensor[];
  return [out[0], out[1], out[2]];
}
