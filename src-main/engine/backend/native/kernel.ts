// The shape of a native kernel: tfjs-backend-wasm's one-KernelConfig-per-file, except that each
// is made from the kernel it replaces, which it calls for what oneDNN cannot express the same way
// (other data formats, activations, broadcasts).
import type { WasmKernel } from './heap';

export interface NativeKernel {
  kernelName: string;
  make(fallback: WasmKernel): WasmKernel;
}
