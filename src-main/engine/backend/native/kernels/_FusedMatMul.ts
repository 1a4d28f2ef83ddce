// _FusedMatMul on oneDNN: a dense layer's product with its bias and ReLU fused.
import * as tf from '@tensorflow/tfjs';
import type { NativeKernel } from '../kernel';
import { product } from './BatchMatMul';

export const fusedMatMulConfig: NativeKernel = { kernelName: tf._FusedMatMul, make: product(true) };
