// Sums over leading axes (bias gradients).
import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import { simdKernels } from '../../simd/simd-kernels';
import { dispose, plainMatMul, stockKernel, view, type WasmKernelConfig } from '../kernel';
import { directReductionsOn } from '../reductions';

/**
 * Sum over leading axes of a float32 tensor (the bias gradient of every convolution: NHWC
 * summed over N, H, W) as column sums of x[m, rest] in the SIMD module (reduce_rows with a
 * single 1 for every row), else as ones[1, m] x x[m, rest] on the fast product, which packs x
 * first; the stock kernel transposes first, which costs more than the sum. Other reductions go
 * to the stock kernel.
 */
export const sumConfig: WasmKernelConfig = {
  kernelName: tf.Sum,
  uses: [tf.Sum, tf.BatchMatMul],
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x } = inputs;
    const rank = x.shape.length;
    const axes = tf.util.parseAxisParam(attrs.axis as number | number[], x.shape).sort((a, b) => a - b);
    const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
    if (!leading || x.dtype !== 'float32') return stockKernel(tf.Sum)({ inputs, backend, attrs });
    const m = x.shape.slice(0, axes.length).reduce((p, q) => p * q, 1);
    const rest = x.shape.slice(axes.length);
    const k = rest.reduce((p, q) => p * q, 1);
    const simd = directReductionsOn() ? simdKernels(backend) : null;
    if (simd) {
      const out = backend.makeOutput(attrs.keepDims ? [...axes.map(() => 1), ...rest] : rest, 'float32');
      const one = backend.makeOutput([1], 'float32');
      backend.typedArrayFromHeap(one)[0] = 1;
      backend.typedArrayFromHeap(out).fill(0);
      const at = (t: TensorInfo) => backend.typedArrayFromHeap(t).byteOffset;
      simd.reduceRows(at(out), at(one), at(x), { K: 1, N: m, co: k }, 0);
      dispose(backend, one);
      return out;
    }
    const ones = backend.makeOutput([1, 1, m], 'float32');
    backend.typedArrayFromHeap(ones).fill(1);
    const out = plainMatMul(backend, ones, view(x, [1, m, k]));
    dispose(backend, ones);
    out.shape = attrs.keepDims ? [...axes.map(() => 1), ...rest] : rest;
    return out;
  },
};
