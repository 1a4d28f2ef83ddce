// BatchMatMul on oneDNN (_FusedMatMul.ts: the same with bias and ReLU fused): transposed operands are read through
// strides, in place. Batch shapes must be equal or one of them 1 (every product our networks ask
// for); other broadcasts, activations and bias shapes go to the wasm kernel.
import * as tf from '@tensorflow/tfjs';
import { nativeAddon } from '../addon';
import { counted, heapOf, type WasmKernel } from '../heap';
import type { NativeKernel } from '../kernel';

export function product(fused: boolean): NativeKernel['make'] {
  return (fallback) => {
    const kernel: WasmKernel = (args) => {
      const { inputs, backend, attrs } = args;
      const { a, b, bias, preluActivationWeights } = inputs;
      const ta = Boolean(attrs.transposeA);
      const tb = Boolean(attrs.transposeB);
      const activation = fused ? ((attrs.activation as string | undefined) ?? 'linear') : 'linear';
      const ra = a.shape.length;
      const rb = b.shape.length;
      if (a.dtype !== 'float32' || b.dtype !== 'float32' || ra < 2 || rb < 2 || preluActivationWeights
        || (activation !== 'linear' && activation !== 'relu')) return fallback(args);
      const m = ta ? a.shape[ra - 1] : a.shape[ra - 2];
      const k = ta ? a.shape[ra - 2] : a.shape[ra - 1];
      const n = tb ? b.shape[rb - 2] : b.shape[rb - 1];
      const batchShapeA = a.shape.slice(0, -2);
      const batchShapeB = b.shape.slice(0, -2);
      const batchA = tf.util.sizeFromShape(batchShapeA);
      const batchB = tf.util.sizeFromShape(batchShapeB);
      const sameBatch = tf.util.arraysEqual(batchShapeA, batchShapeB);
      if ((tb ? b.shape[rb - 1] : b.shape[rb - 2]) !== k || (!sameBatch && batchA !== 1 && batchB !== 1)) return fallback(args);
      if (bias && tf.util.sizeFromShape(bias.shape) !== n) return fallback(args);
      const batchShape = batchA >= batchB ? batchShapeA : batchShapeB;
      const out = backend.makeOutput([...batchShape, m, n], 'float32');
      if (m * n === 0) return out;
      const { heap, at } = heapOf(backend, a, b, bias, out);
      counted(fused ? tf._FusedMatMul : tf.BatchMatMul);
      nativeAddon()!.matMul(heap, at[0], at[1], at[2], at[3], activation === 'relu' ? 1 : 0, batchA, batchB, m, k, n, ta ? 1 : 0, tb ? 1 : 0);
      return out;
    };
    return kernel;
  };
}

export const batchMatMulConfig: NativeKernel = { kernelName: tf.BatchMatMul, make: product(false) };
