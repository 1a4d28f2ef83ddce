// The training kernels for the tfjs wasm backend, all registered from this one list (issue 3; measurements in ../shared/bench/wasm-facts.md).
//
// @tensorflow/tfjs-backend-wasm 4.22 has fast XNNPACK kernels for the forward convolution and for
// the matrix product WITHOUT transpose flags (15-22 GFLOP/s here), but it lacks
// Conv2DBackpropFilter, runs Conv2DBackpropInput naively (~0.8 GFLOP/s) and runs transposed
// matrix products about ten times slower than plain ones. Every kernel below therefore reduces
// its heavy arithmetic to those two fast paths; the rearrangements are loops over the wasm heap:
// the hot ones (im2col, the 2x2 max-pool gradient) in a small WebAssembly SIMD module
// (simd/kernels.wat), the rest, and everything where that module cannot run, in JS. That module
// also computes bias sums and filter-gradient products that would otherwise pay XNNPACK's packing.
import * as tf from '@tensorflow/tfjs';
// Side effect: registers the stock wasm kernels, which the project kernels wrap and call.
import '@tensorflow/tfjs-backend-wasm';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs';
import { BACKEND, OURS, stockKernel, type WasmKernelConfig } from './kernel';
import { registerReluGradient } from './relu-gradient';
import { identityConfig } from './kernels/Identity';
import { maxPoolGradConfig } from './kernels/MaxPoolGrad';
import { sumConfig } from './kernels/Sum';
import { sliceConfig } from './kernels/Slice';
import { conv2DBackpropFilterConfig } from './kernels/Conv2DBackpropFilter';
import { conv2DBackpropInputConfig } from './kernels/Conv2DBackpropInput';
import { batchMatMulConfig } from './kernels/BatchMatMul';
import { fusedMatMulConfig } from './kernels/_FusedMatMul';
import { tileConfig } from './kernels/Tile';
import { meanConfig } from './kernels/Mean';

export { setMaxPatchFloats } from './patches';
export { setDirectReductions } from './reductions';

/** The one registration list: adding a kernel = a file in ./kernels/ + one line here. */
export const WASM_KERNEL_CONFIGS: readonly WasmKernelConfig[] = [
  identityConfig,
  maxPoolGradConfig,
  sumConfig,
  sliceConfig,
  conv2DBackpropFilterConfig,
  conv2DBackpropInputConfig,
  batchMatMulConfig,
  fusedMatMulConfig,
  tileConfig,
  meanConfig,
];

/** Names of the kernels this module provides for the wasm backend. */
export const WASM_TRAINING_KERNELS: readonly string[] = WASM_KERNEL_CONFIGS.map((k) => k.kernelName);

/**
 * Registers (or replaces) the training kernels for backend 'wasm'. Idempotent. Call before
 * `tf.setBackend('wasm')` or after: the stock kernels' setup functions are kept.
 */
export function registerWasmTrainingKernels(): void {
  // Capture every stock kernel a project kernel calls before any of them is replaced.
  for (const k of WASM_KERNEL_CONFIGS) for (const name of k.uses ?? []) stockKernel(name);
  for (const { kernelName: name, kernelFunc: fn } of WASM_KERNEL_CONFIGS) {
    const existing = tf.getKernel(name, BACKEND);
    if (existing && (existing.kernelFunc as unknown as Record<symbol, boolean>)[OURS]) continue;
    if (existing) tf.unregisterKernel(name, BACKEND);
    const kernelFunc = fn as unknown as KernelFunc;
    (kernelFunc as unknown as Record<symbol, boolean>)[OURS] = true;
    const config: KernelConfig = { kernelName: name, backendName: BACKEND, kernelFunc };
    if (existing?.setupFunc) config.setupFunc = existing.setupFunc;
    if (existing?.disposeFunc) config.disposeFunc = existing.disposeFunc;
    tf.registerKernel(config);
  }
  registerReluGradient();
}
