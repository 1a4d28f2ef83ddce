// FusedConv2D forward on oneDNN: bias and ReLU fused as post-ops (other activations and PReLU
// weights run on wasm).
import * as tf from '@tensorflow/tfjs';
import type { NativeKernel } from '../kernel';
import { convolution } from './Conv2D';

export const fusedConv2DConfig: NativeKernel = { kernelName: tf.FusedConv2D, make: convolution(true) };
