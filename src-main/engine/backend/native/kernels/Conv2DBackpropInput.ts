// The gradient of a convolution with respect to its input, on oneDNN (backward data).
import * as tf from '@tensorflow/tfjs';
import { nativeAddon } from '../addon';
import { convGeometry, convInfo } from '../geometry';
import { counted, heapOf, type WasmKernel } from '../heap';
import type { NativeKernel } from '../kernel';

export const conv2DBackpropInputConfig: NativeKernel = {
  kernelName: tf.Conv2DBackpropInput,
  make: (fallback) => {
    const kernel: WasmKernel = (args) => {
      const { inputs, backend, attrs } = args;
      const { dy, filter } = inputs;
      const info = dy.dtype === 'float32' ? convInfo(attrs.inputShape as number[], filter.shape, attrs) : null;
      const geometry = info && convGeometry(info);
      if (!info || !geometry) return fallback(args);
      const dx = backend.makeOutput(info.inShape, 'float32');
      const { heap, at } = heapOf(backend, dy, filter, dx);
      counted(tf.Conv2DBackpropInput);
      nativeAddon()!.conv2dBackpropInput(heap, at[0], at[1], at[2], ...geometry);
      return dx;
    };
    return kernel;
  },
};
