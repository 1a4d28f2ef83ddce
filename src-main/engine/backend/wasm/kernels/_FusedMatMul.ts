// Fused (bias, activation) matrix products with transpose flags on the untransposed XNNPACK path.
import * as tf from '@tensorflow/tfjs';
import type { WasmKernelConfig } from '../kernel';
import { withoutTransposes } from './matmul-without-transposes';

export const fusedMatMulConfig: WasmKernelConfig = {
  kernelName: tf._FusedMatMul,
  uses: [tf._FusedMatMul, tf.Transpose],
  kernelFunc: withoutTransposes(tf._FusedMatMul),
};
