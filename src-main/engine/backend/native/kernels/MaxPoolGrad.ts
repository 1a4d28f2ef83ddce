// The gradient of max pooling on oneDNN (which recomputes the forward's winners from x: tfjs
// passes x and y, oneDNN's backward wants the forward's workspace).
import * as tf from '@tensorflow/tfjs';
import { nativeAddon } from '../addon';
import { poolGeometry, poolInfo } from '../geometry';
import { counted, heapOf, type WasmKernel } from '../heap';
import type { NativeKernel } from '../kernel';

export const maxPoolGradConfig: NativeKernel = {
  kernelName: tf.MaxPoolGrad,
  make: (fallback) => {
    const kernel: WasmKernel = (args) => {
      const { inputs, backend, attrs } = args;
      const { dy, input } = inputs;
      const info = dy.dtype === 'float32' && input.shape.length === 4 ? poolInfo(input.shape, attrs) : null;
      const geometry = info && poolGeometry(info);
      if (!info || !geometry) return fallback(args);
      const dx = backend.makeOutput(input.shape, 'float32');
      const { heap, at } = heapOf(backend, input, dy, dx);
      counted(tf.MaxPoolGrad);
      nativeAddon()!.maxPoolGrad(heap, at[0], at[1], at[2], ...geometry);
      return dx;
    };
    return kernel;
  },
};
