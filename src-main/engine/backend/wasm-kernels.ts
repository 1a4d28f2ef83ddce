// Kernels training needs that @tensorflow/tfjs-backend-wasm lacks or runs slowly
// (see ../shared/bench/wasm-facts.md). Filled in by the performance work (issue 3).
export function registerWasmTrainingKernels(): void {
  // placeholder: nothing registered yet
}
