// What the native kernels need of tfjs-backend-wasm: its allocator and the heap it allocates in.
// The oneDNN addon reads and writes tensors in place in that WebAssembly.Memory (a plain
// ArrayBuffer to Node-API), so no kernel copies activations in or out.
import type { TensorInfo } from '@tensorflow/tfjs';
import type { WasmBackend } from '../wasm/kernel';

export type { KernelArgs, WasmBackend, WasmKernel } from '../wasm/kernel';

/**
 * Byte offsets of tensors in the heap, and the heap itself, read after every allocation (growing
 * the memory replaces its ArrayBuffer; offsets stay valid).
 */
export function heapOf(backend: WasmBackend, ...infos: (TensorInfo | undefined)[]): { heap: ArrayBuffer; at: number[] } {
  let heap: ArrayBuffer | null = null;
  const at = infos.map((t) => {
    if (!t) return -1;
    const view = backend.typedArrayFromHeap(t);
    heap = view.buffer as ArrayBuffer;
    return view.byteOffset;
  });
  if (!heap) throw new Error('internal: heapOf needs at least one tensor');
  return { heap, at };
}

/** Calls that ran on oneDNN, per kernel name (tests check the native path ran, not a fallback). */
export const nativeCalls = new Map<string, number>();

export function counted(kernelName: string): void {
  nativeCalls.set(kernelName, (nativeCalls.get(kernelName) ?? 0) + 1);
}
