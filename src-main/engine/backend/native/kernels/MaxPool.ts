// Max pooling forward on oneDNN.
import * as tf from '@tensorflow/tfjs';
import { nativeAddon } from '../addon';
import { poolGeometry, poolInfo } from '../geometry';
import { counted, heapOf, type WasmKernel } from '../heap';
import type { NativeKernel } from '../kernel';

export const maxPoolConfig: NativeKernel = {
  kernelName: tf.MaxPool,
  make: (fallback) => {
    const kernel: WasmKernel = (args) => {
      const { inputs, backend, attrs } = args;
      const { x } = inputs;
      const info = x.dtype === 'float32' && x.shape.length === 4 ? poolInfo(x.shape, attrs) : null;
      const geometry = info && poolGeometry(info);
      if (!info || !geometry) return fallback(args);
      const y = backend.makeOutput(info.outShape, 'float32');
      const { heap, at } = heapOf(backend, x, y);
      counted(tf.MaxPool);
      nativeAddon()!.maxPool(heap, at[0], at[1], ...geometry);
      return y;
    };
    return kernel;
  },
};
