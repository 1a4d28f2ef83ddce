// The shape of a native kernel: one file per kernel in ./kernels/ exporting `<name>Config`,
// registered from the one list in ./register.ts (as ../wasm/ and tfjs-backend-wasm). A kernel
// tfjs-wasm has is made from the wasm kernel it replaces, which it calls for what oneDNN cannot
// express the same way (other data formats, activations, broadcasts); a kernel of the project's
// own (`own`, ../own-kernels.ts) has no wasm kernel: it is registered while native is on and
// removed when it is off, and its callers fall back to tfjs ops then.
import type { GradConfig, TensorInfo } from '@tensorflow/tfjs';
import type { KernelArgs, WasmKernel } from './heap';

export interface NativeKernel {
  kernelName: string;
  /** For an `own` kernel the fallback throws: there is no wasm kernel of that name. */
  make(fallback: WasmKernel): (args: KernelArgs) => TensorInfo | TensorInfo[];
  own?: boolean;
  /** The kernel's gradient, registered (once, for every backend) when native first turns on. */
  gradient?: GradConfig;
}
