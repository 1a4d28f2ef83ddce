// Mean over leading axes (batch-norm statistics, global average pooling) as the project's Sum
// over leading axes (./Sum.ts) scaled in place; the stock kernel transposes the whole tensor
// first (a ResNet-18 step at 32x32 spent 6 % of its time there). Other means go to the stock kernel.
import * as tf from '@tensorflow/tfjs';
import { stockKernel, type WasmKernelConfig } from '../kernel';
import { sumConfig } from './Sum';

export const meanConfig: WasmKernelConfig = {
  kernelName: tf.Mean,
  uses: [tf.Mean],
  kernelFunc: (args) => {
    const { inputs, attrs } = args;
    const { x } = inputs;
    const rank = x.shape.length;
    const axes = tf.util.parseAxisParam(attrs.axis as number | number[], x.shape).sort((a, b) => a - b);
    const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
    if (!leading || x.dtype !== 'float32') return stockKernel(tf.Mean)(args);
    const out = sumConfig.kernelFunc(args);
    const m = x.shape.slice(0, axes.length).reduce((p, q) => p * q, 1);
    const values = args.backend.typedArrayFromHeap(out);
    for (let i = 0; i < values.length; i++) values[i] /= m;
    return out;
  },
};
