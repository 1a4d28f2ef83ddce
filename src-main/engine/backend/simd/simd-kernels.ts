// The hand-written WebAssembly SIMD kernels (kernels.wat), instantiated on tfjs-backend-wasm's
// own linear memory so they read and write tensors in place, by byte offset.
import { KERNELS_WASM_BASE64 } from './kernels-wasm';

/** Geometry of a filter gradient's patch matrix (a subset of tfjs's Conv2DInfo). */
export interface PatchGeometry {
  batchSize: number;
  inChannels: number;
  inHeight: number;
  inWidth: number;
  outHeight: number;
  outWidth: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  padInfo: { top: number; left: number };
}

/** Byte offsets into the backend's heap; see kernels.wat for each function's contract. */
export interface SimdKernels {
  /** cols[(kh, kw, c), (b, oy, ox)] for images [b0, b1) from unpadded planes [c, n, h, w]. */
  patches(planes: number, cols: number, g: PatchGeometry, images: [number, number]): void;
  /** dx of a 2x2 / stride 2 max pooling tiling an NHWC input of n*2oh rows exactly. */
  maxPoolGrad2x2(dx: number, x: number, y: number, dy: number, windowRows: number, outWidth: number, channels: number): void;
  /**
   * out[k, j] += sum_n a[k, n] * b[n, j] for a [K, N] (row-major, or aStepFloats 0: one value
   * for every n), b [N, co], out [K, co]: a product reducing over a long n, without packing.
   */
  reduceRows(out: number, a: number, b: number, dims: { K: number; N: number; co: number }, aStepFloats: 0 | 1): void;
}

interface Exports {
  patches(...args: number[]): void;
  patches_same_stride1(...args: number[]): void;
  max_pool_grad_2x2(...args: number[]): void;
  reduce_rows(...args: number[]): void;
}

/** The part of tfjs-backend-wasm's backend object that holds its Emscripten module. */
interface WithEmscriptenModule {
  wasm?: { asm?: { memory?: unknown } };
}

/** Per backend object: its kernels, or null where they cannot run there. */
const instances = new WeakMap<object, SimdKernels | null>();

// Off switch for A/B measurements against the JS loops (INVLAB_WASM_SIMD=0) and for tests.
let enabled = typeof process === 'undefined' || process.env.INVLAB_WASM_SIMD !== '0';

/** Turns the SIMD kernels on or off (the JS loops run instead); returns the previous state. */
export function setSimdKernelsEnabled(on: boolean): boolean {
  const previous = enabled;
  enabled = on;
  return previous;
}

/**
 * Rows of b per chunk in reduce_rows: the length of the partial sums, and the part of b re-read
 * from cache for every 4 rows of a (64-256 measured alike for labnet's shapes).
 */
const REDUCE_ROWS = 256;

function instantiate(memory: WebAssembly.Memory): SimdKernels {
  const bytes = Uint8Array.from(atob(KERNELS_WASM_BASE64), (ch) => ch.charCodeAt(0));
  // Synchronous: the module is ~1 KB and compiled once per backend.
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  const wasm = instance.exports as unknown as Exports;
  return {
    patches: (planes, cols, g, [b0, b1]) => {
      const sameSize = g.strideHeight === 1 && g.strideWidth === 1 && g.outHeight === g.inHeight && g.outWidth === g.inWidth;
      if (sameSize) {
        wasm.patches_same_stride1(planes, cols, g.batchSize, g.inChannels, g.inHeight, g.inWidth,
          g.filterHeight, g.filterWidth, g.padInfo.top, g.padInfo.left, b0, b1);
      } else {
        wasm.patches(planes, cols, g.batchSize, g.inChannels, g.inHeight, g.inWidth, g.outHeight, g.outWidth,
          g.filterHeight, g.filterWidth, g.strideHeight, g.strideWidth, g.padInfo.top, g.padInfo.left, b0, b1);
      }
    },
    maxPoolGrad2x2: (dx, x, y, dy, windowRows, outWidth, channels) => wasm.max_pool_grad_2x2(dx, x, y, dy, windowRows, outWidth, channels),
    reduceRows: (out, a, b, { K, N, co }, aStepFloats) =>
      wasm.reduce_rows(out, a, b, K, N, co, aStepFloats * N * 4, aStepFloats * 4, REDUCE_ROWS),
  };
}

/**
 * The SIMD kernels bound to a wasm backend's memory, or null (callers then run their JS loops):
 * when switched off, when the backend is the multi-threaded build (its memory is shared, which
 * this module does not import), or when this engine lacks WebAssembly SIMD.
 */
export function simdKernels(backend: object): SimdKernels | null {
  if (!enabled) return null;
  let kernels = instances.get(backend);
  if (kernels === undefined) {
    const memory = (backend as WithEmscriptenModule).wasm?.asm?.memory;
    kernels = null;
    if (memory instanceof WebAssembly.Memory && memory.buffer instanceof ArrayBuffer) {
      try {
        kernels = instantiate(memory);
      } catch {
        // No SIMD in this engine: the JS loops are correct, only slower.
      }
    }
    instances.set(backend, kernels);
  }
  return kernels;
}
