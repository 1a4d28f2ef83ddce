// Matrix products with transpose flags on the untransposed XNNPACK path.
import * as tf from '@tensorflow/tfjs';
import type { WasmKernelConfig } from '../kernel';
import { withoutTransposes } from './matmul-without-transposes';

export const batchMatMulConfig: WasmKernelConfig = {
  kernelName: tf.BatchMatMul,
  uses: [tf.BatchMatMul, tf.Transpose],
  kernelFunc: withoutTransposes(tf.BatchMatMul),
};
