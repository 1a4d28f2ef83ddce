// A gradient (not a kernel) the wasm training path replaces.
import * as tf from '@tensorflow/tfjs';

/**
 * tfjs's ReLU gradient is mul(dy, cast(step(x), 'float32')); step of a float32 tensor is already
 * float32, and on wasm the cast is a full copy of the layer (1M values for labnet's conv1).
 * Same arithmetic without it. (A one-pass JS kernel was measured too: JS loops over the wasm heap
 * run at ~4-6 ns per value here, slower than the three SIMD passes.)
 */
export function registerReluGradient(): void {
  tf.registerGradient({
    kernelName: tf.Relu,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved as tf.Tensor[];
      return { x: () => tf.mul(dy as tf.Tensor, x.dtype === 'float32' ? tf.step(x) : tf.cast(tf.step(x), 'float32')) };
    },
  });
}

