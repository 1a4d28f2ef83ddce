// Patch matrices (im2col) over the wasm heap, shared by the convolution gradients: the JS
// loops, the chunking that bounds their size, and the row slices and sums over chunks.
import { backend_util, type TensorInfo } from '@tensorflow/tfjs';
import type { SimdKernels } from '../simd/simd-kernels';
import { dispose, transpose, type WasmBackend } from './kernel';

/**
 * Runs at least this long are copied natively (copyWithin); shorter ones by a JS loop over the
 * heap, which is faster for them (measured: 16-float rows 25 % faster, 8-float rows 2.5x).
 */
const NATIVE_COPY_MIN = 32;

/**
 * x [n, h, w, c] -> zero-padded xT [c, n, hp, wp], from x already transposed to [c, n, h, w]:
 * one native copy per input row. (The JS patch path only; the SIMD one reads unpadded planes.)
 */
function padPlanes(heap: Float32Array, xT: Float32Array, xTp: Float32Array, ci: backend_util.Conv2DInfo, hp: number, wp: number): void {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c } = ci;
  const top = ci.padInfo.top;
  const left = ci.padInfo.left;
  xTp.fill(0);
  const from0 = xT.byteOffset >> 2;
  const to0 = xTp.byteOffset >> 2;
  for (let p = 0; p < c * n; p++) {
    for (let y = 0; y < h; y++) {
      const from = from0 + (p * h + y) * w;
      heap.copyWithin(to0 + (p * hp + y + top) * wp + left, from, from + w);
    }
  }
}

/**
 * Transposed patches: cols[(kh, kw, c), (n, oh, ow)] = xTp[c, n, oh*sh + kh, ow*sw + kw], read
 * from the zero-padded planes so no bounds are checked per element. Contiguous runs (stride 1)
 * long enough are native copies.
 */
function fillTransposedPatches(heap: Float32Array, xTp: Float32Array, cols: Float32Array, ci: backend_util.Conv2DInfo, hp: number, wp: number, images: [number, number]): void {
  const { batchSize: n, inChannels: c, outHeight: oh, outWidth: ow } = ci;
  const [b0, b1] = images;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = ci;
  const native = sw === 1 && ow >= NATIVE_COPY_MIN;
  const src0 = xTp.byteOffset >> 2;
  const dst0 = cols.byteOffset >> 2;
  let dst = 0;
  for (let kh = 0; kh < fh; kh++) {
    for (let kw = 0; kw < fw; kw++) {
      for (let ch = 0; ch < c; ch++) {
        for (let b = b0; b < b1; b++) {
          const plane = (ch * n + b) * hp;
          for (let y = 0; y < oh; y++, dst += ow) {
            const row = (plane + y * sh + kh) * wp + kw;
            if (native) {
              heap.copyWithin(dst0 + dst, src0 + row, src0 + row + ow);
            } else if (sw === 1) {
              for (let x = 0, to = dst0 + dst, from = src0 + row; x < ow; x++) heap[to + x] = heap[from + x];
            } else {
              for (let x = 0; x < ow; x++) cols[dst + x] = xTp[row + x * sw];
            }
          }
        }
      }
    }
  }
}

/**
 * Patch matrices are kept under this many floats (64 MB): a large layer (AlexNet's 384-channel
 * convolutions at 64 px are 14M floats per image) is processed a few images at a time.
 */
let maxPatchFloats = 1 << 24;

/** Changes the patch-matrix bound (returns the previous one): lets tests exercise chunking. */
export function setMaxPatchFloats(floats: number): number {
  const previous = maxPatchFloats;
  maxPatchFloats = floats;
  return previous;
}

export function imageChunks(n: number, floatsPerImage: number): [number, number][] {
  const per = Math.max(1, Math.floor(maxPatchFloats / floatsPerImage));
  const chunks: [number, number][] = [];
  for (let b = 0; b < n; b += per) chunks.push([b, Math.min(n, b + per)]);
  return chunks;
}

/** Rows [from, to) of a [rows, cols] matrix as a new tensor (one native copy). */
export function rowSlice(backend: WasmBackend, x: TensorInfo, cols: number, from: number, to: number): TensorInfo {
  const out = backend.makeOutput([1, to - from, cols], 'float32');
  const dst = backend.typedArrayFromHeap(out);
  const src = backend.typedArrayFromHeap(x);
  const heap = new Float32Array(dst.buffer);
  const s0 = (src.byteOffset >> 2) + from * cols;
  heap.copyWithin(dst.byteOffset >> 2, s0, s0 + (to - from) * cols);
  return out;
}

/** a += b, elementwise, into a's buffer (a is a fresh kernel output, owned here). */
export function accumulate(backend: WasmBackend, a: TensorInfo, b: TensorInfo): void {
  const av = backend.typedArrayFromHeap(a);
  const bv = backend.typedArrayFromHeap(b);
  for (let i = 0; i < av.length; i++) av[i] += bv[i];
}

/**
 * The patch source of a filter gradient: x as planes [c, n, h, w] (one XNNPACK transpose). The
 * SIMD kernel reads them unpadded and writes the padding's zeros itself; the JS loops read
 * zero-padded planes [c, n, hp, wp] so they check no bounds per value.
 */
export function patchPlanes(backend: WasmBackend, x: TensorInfo, ci: backend_util.Conv2DInfo, simd: SimdKernels | null): TensorInfo {
  const xT = transpose(backend, x, [3, 0, 1, 2]);
  if (simd) return xT;
  const p = ci.padInfo;
  const hp = ci.inHeight + p.top + p.bottom;
  const wp = ci.inWidth + p.left + p.right;
  const xTp = backend.makeOutput([ci.inChannels, ci.batchSize, hp, wp], 'float32');
  const xTpView = backend.typedArrayFromHeap(xTp);
  padPlanes(new Float32Array(xTpView.buffer), backend.typedArrayFromHeap(xT), xTpView, ci, hp, wp);
  dispose(backend, xT);
  return xTp;
}

/** Fills cols with the transposed patches of images [b0, b1) from patchPlanes' result. */
export function fillPatches(backend: WasmBackend, planes: TensorInfo, cols: TensorInfo, ci: backend_util.Conv2DInfo, simd: SimdKernels | null, images: [number, number]): void {
  // Views are taken here, after the caller's last allocation: growing the wasm heap detaches
  // older views (and the SIMD kernel gets byte offsets, which stay valid).
  const planesView = backend.typedArrayFromHeap(planes);
  const colsView = backend.typedArrayFromHeap(cols);
  if (simd) {
    simd.patches(planesView.byteOffset, colsView.byteOffset, ci, images);
    return;
  }
  const [, , hp, wp] = planes.shape;
  fillTransposedPatches(new Float32Array(planesView.buffer), planesView, colsView, ci, hp, wp, images);
}

