// The gradient of a convolution with respect to its filter, on oneDNN (backward weights).
import * as tf from '@tensorflow/tfjs';
import { nativeAddon } from '../addon';
import { convGeometry, convInfo } from '../geometry';
import { counted, heapOf, type WasmKernel } from '../heap';
import type { NativeKernel } from '../kernel';

export const conv2DBackpropFilterConfig: NativeKernel = {
  kernelName: tf.Conv2DBackpropFilter,
  make: (fallback) => {
    const kernel: WasmKernel = (args) => {
      const { inputs, backend, attrs } = args;
      const { x, dy } = inputs;
      const filterShape = attrs.filterShape as number[];
      const info = x.dtype === 'float32' ? convInfo(x.shape, filterShape, attrs) : null;
      const geometry = info && convGeometry(info);
      if (!info || !geometry) return fallback(args);
      const dw = backend.makeOutput(filterShape, 'float32');
      const { heap, at } = heapOf(backend, x, dy, dw);
      counted(tf.Conv2DBackpropFilter);
      nativeAddon()!.conv2dBackpropFilter(heap, at[0], at[1], at[2], -1, ...geometry);
      return dw;
    };
    return kernel;
  },
};
