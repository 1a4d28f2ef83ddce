// The native kernels, all registered from this one list on the wasm backend (replacing the wasm
// ones, which each native kernel keeps as its fallback), and switched off again by restoring
// those. tfjs-wasm keeps allocating every tensor and runs every other kernel (elementwise,
// reductions, the optimiser) with its SIMD code; oneDNN runs the arithmetic-heavy ones in place
// on the wasm heap.
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs';
import type { WasmKernel } from './heap';
import type { NativeKernel } from './kernel';
import { conv2DConfig } from './kernels/Conv2D';
import { fusedConv2DConfig } from './kernels/FusedConv2D';
import { conv2DBackpropInputConfig } from './kernels/Conv2DBackpropInput';
import { conv2DBackpropFilterConfig } from './kernels/Conv2DBackpropFilter';
import { batchMatMulConfig } from './kernels/BatchMatMul';
import { fusedMatMulConfig } from './kernels/_FusedMatMul';
import { maxPoolConfig } from './kernels/MaxPool';
import { maxPoolGradConfig } from './kernels/MaxPoolGrad';
import { batchNormTrainingConfig } from './kernels/BatchNormTraining';
import { batchNormTrainingGradConfig } from './kernels/BatchNormTrainingGrad';

/** The one registration list: adding a kernel = a file in ./kernels/ + one line here. */
export const NATIVE_KERNEL_CONFIGS: readonly NativeKernel[] = [
  conv2DConfig,
  fusedConv2DConfig,
  conv2DBackpropInputConfig,
  conv2DBackpropFilterConfig,
  batchMatMulConfig,
  fusedMatMulConfig,
  maxPoolConfig,
  maxPoolGradConfig,
  batchNormTrainingConfig,
  batchNormTrainingGradConfig,
];

export const NATIVE_KERNELS: readonly string[] = NATIVE_KERNEL_CONFIGS.map((k) => k.kernelName);

const BACKEND = 'wasm';
/** The wasm configs the native ones replaced, to restore them (null: an own kernel, to remove). */
const replaced = new Map<string, KernelConfig | null>();
let gradientsRegistered = false;

function swap(config: KernelConfig): void {
  if (tf.getKernel(config.kernelName, BACKEND)) tf.unregisterKernel(config.kernelName, BACKEND);
  tf.registerKernel(config);
}

function noWasmKernel(name: string): WasmKernel {
  return () => { throw new Error(`internal: "${name}" is a native-only kernel, it has no wasm fallback`); };
}

/**
 * Native kernels on (true) or the wasm ones back (false). Call after the wasm training kernels are
 * registered (initBackend does), so those become the fallbacks. `only` limits which kernels are
 * native (tests compare one group at a time). Returns the previous state.
 */
export function setNativeKernels(on: boolean, only: readonly string[] = NATIVE_KERNELS): boolean {
  const was = replaced.size > 0;
  for (const [name, config] of replaced) {
    if (config) swap(config);
    else tf.unregisterKernel(name, BACKEND);
  }
  replaced.clear();
  if (on) {
    if (!gradientsRegistered) {
      for (const k of NATIVE_KERNEL_CONFIGS) if (k.gradient) tf.registerGradient(k.gradient);
      gradientsRegistered = true;
    }
    for (const k of NATIVE_KERNEL_CONFIGS) {
      if (!only.includes(k.kernelName)) continue;
      if (k.own) {
        replaced.set(k.kernelName, null);
        const kernelFunc = k.make(noWasmKernel(k.kernelName)) as unknown as KernelFunc;
        swap({ kernelName: k.kernelName, backendName: BACKEND, kernelFunc });
        continue;
      }
      const existing = tf.getKernel(k.kernelName, BACKEND);
      if (!existing) throw new Error(`wasm backend has no "${k.kernelName}" kernel to wrap; is @tensorflow/tfjs-backend-wasm loaded?`);
      replaced.set(k.kernelName, existing);
      const kernelFunc = k.make(existing.kernelFunc as unknown as WasmKernel) as unknown as KernelFunc;
      swap({ ...existing, kernelFunc });
    }
  }
  return was;
}

export function nativeKernelsOn(): boolean {
  return replaced.size > 0;
}
