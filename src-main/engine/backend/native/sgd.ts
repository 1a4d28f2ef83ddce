// The trainer's SGD-with-momentum update as one native pass per variable, in place on the wasm
// heap (the variables' own buffers), where the native kernels are on. Same arithmetic and
// float32 rounding as the op-by-op update (native/src/sgd.cc).
import * as tf from '@tensorflow/tfjs';
import { nativeAddon } from './addon';
import { counted, heapOf, type WasmBackend } from './heap';
import { nativeKernelsOn } from './register';

export interface SgdHyper {
  learningRate: number;
  momentum: number;
  weightDecay: number;
}

/**
 * w -= lr * (v = mu * v + g + wd * w), written into w's and v's buffers. Returns false (nothing
 * done) unless native kernels are on and all three are float32 tensors of one size on wasm.
 */
export function nativeSgdUpdate(w: tf.Variable, g: tf.Tensor, v: tf.Variable, h: SgdHyper): boolean {
  if (!nativeKernelsOn() || tf.getBackend() !== 'wasm') return false;
  if (w.dtype !== 'float32' || g.dtype !== 'float32' || v.dtype !== 'float32' || w.size !== g.size || w.size !== v.size) return false;
  const addon = nativeAddon();
  if (!addon) return false;
  const backend = tf.backend() as unknown as WasmBackend;
  const { heap, at } = heapOf(backend, w, g, v);
  counted('sgdMomentum');
  addon.sgdMomentum(heap, at[0], at[1], at[2], w.size, h.learningRate, h.momentum, h.weightDecay);
  return true;
}
