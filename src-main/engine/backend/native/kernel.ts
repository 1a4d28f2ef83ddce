// The shape of a native kernel: one file per kernel in ./kernels/ exporting `<name>Config`,
// registered from the one list in ./register.ts (as ../wasm/ and tfjs-backend-wasm), except that
// each is made from the wasm kernel it replaces, which it calls for what oneDNN cannot express the same way
// (other data formats, activations, broadcasts).
import type { WasmKernel } from './heap';

export interface NativeKernel {
  kernelName: string;
  make(fallback: WasmKernel): WasmKernel;
}
