// Identity without a copy.
import * as tf from '@tensorflow/tfjs';
import { stockKernel, type WasmKernelConfig } from '../kernel';

/**
 * Identity shares the data (tensors are immutable) instead of copying it, as the cpu backend
 * does; tfjs clones every tensor it saves for a gradient, so the copy cost every layer.
 */
export const identityConfig: WasmKernelConfig = {
  kernelName: tf.Identity,
  uses: [tf.Identity],
  kernelFunc: (args) => {
    const { x } = args.inputs;
    if (x.dtype === 'string') return stockKernel(tf.Identity)(args);
    args.backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape.slice(), dtype: x.dtype };
  },
};
