// Training kernels for the tfjs wasm backend (issue 3; measurements in ../shared/bench/wasm-facts.md).
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
// Side effect: registers the stock wasm kernels, which the functions below wrap and call.
import '@tensorflow/tfjs-backend-wasm';
import { backend_util } from '@tensorflow/tfjs';
import type { DataType, KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { simdKernels, type SimdKernels } from './simd/simd-kernels';

const BACKEND = 'wasm';

/** The part of tfjs-backend-wasm's BackendWasm these kernels use. */
interface WasmBackend {
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
  disposeData(dataId: object, force?: boolean): boolean;
  incRef(dataId: object): void;
}

interface KernelArgs {
  inputs: Record<string, TensorInfo>;
  backend: WasmBackend;
  attrs: NamedAttrMap;
}

type WasmKernel = (args: KernelArgs) => TensorInfo;

/** Marks kernel functions registered here, so registration can be repeated safely. */
const OURS = Symbol.for('invlab.wasmTrainingKernel');

/** The stock wasm kernel functions, captured before any override replaces them. */
const stock = new Map<string, WasmKernel>();

function stockKernel(name: string): WasmKernel {
  const found = stock.get(name);
  if (found) return found;
  const config = tf.getKernel(name, BACKEND);
  if (!config) throw new Error(`wasm backend has no "${name}" kernel; is @tensorflow/tfjs-backend-wasm loaded?`);
  if ((config.kernelFunc as unknown as Record<symbol, boolean>)[OURS]) {
    throw new Error(`internal: stock wasm "${name}" kernel was not captured before it was overridden`);
  }
  const fn = config.kernelFunc as unknown as WasmKernel;
  stock.set(name, fn);
  return fn;
}

/** A view of a tensor's data with another shape; shares the data, so never dispose it. */
function view(info: TensorInfo, shape: number[]): TensorInfo {
  return { dataId: info.dataId, shape, dtype: info.dtype };
}

function dispose(backend: WasmBackend, ...infos: TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

function transpose(backend: WasmBackend, x: TensorInfo, perm: number[]): TensorInfo {
  return stockKernel('Transpose')({ inputs: { x }, backend, attrs: { perm } });
}

/** Plain (untransposed) product of a [1, m, k] and a [1, k, n]: the fast XNNPACK path. */
function plainMatMul(backend: WasmBackend, a: TensorInfo, b: TensorInfo): TensorInfo {
  return stockKernel(tf.BatchMatMul)({ inputs: { a, b }, backend, attrs: { transposeA: false, transposeB: false } });
}

function swapLastTwo(backend: WasmBackend, x: TensorInfo): TensorInfo {
  const r = x.shape.length;
  const perm = [...Array(r).keys()];
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return transpose(backend, x, perm);
}

function convInfo(xShape: number[], filterShape: number[], attrs: NamedAttrMap): backend_util.Conv2DInfo {
  const format = backend_util.convertConv2DDataFormat((attrs.dataFormat as 'NHWC' | 'NCHW' | undefined) ?? 'NHWC');
  if (format !== 'channelsLast') throw new Error(`wasm training kernels support only NHWC convolutions, got dataFormat "${String(attrs.dataFormat)}"`);
  return backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides as [number, number],
    1,
    attrs.pad as 'same' | 'valid',
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
    false,
    format,
  );
}

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

function imageChunks(n: number, floatsPerImage: number): [number, number][] {
  const per = Math.max(1, Math.floor(maxPatchFloats / floatsPerImage));
  const chunks: [number, number][] = [];
  for (let b = 0; b < n; b += per) chunks.push([b, Math.min(n, b + per)]);
  return chunks;
}

/** Rows [from, to) of a [rows, cols] matrix as a new tensor (one native copy). */
function rowSlice(backend: WasmBackend, x: TensorInfo, cols: number, from: number, to: number): TensorInfo {
  const out = backend.makeOutput([1, to - from, cols], 'float32');
  const dst = backend.typedArrayFromHeap(out);
  const src = backend.typedArrayFromHeap(x);
  const heap = new Float32Array(dst.buffer);
  const s0 = (src.byteOffset >> 2) + from * cols;
  heap.copyWithin(dst.byteOffset >> 2, s0, s0 + (to - from) * cols);
  return out;
}

/** a += b, elementwise, into a's buffer (a is a fresh kernel output, owned here). */
function accumulate(backend: WasmBackend, a: TensorInfo, b: TensorInfo): void {
  const av = backend.typedArrayFromHeap(a);
  const bv = backend.typedArrayFromHeap(b);
  for (let i = 0; i < av.length; i++) av[i] += bv[i];
}

/**
 * The patch source of a filter gradient: x as planes [c, n, h, w] (one XNNPACK transpose). The
 * SIMD kernel reads them unpadded and writes the padding's zeros itself; the JS loops read
 * zero-padded planes [c, n, hp, wp] so they check no bounds per value.
 */
function patchPlanes(backend: WasmBackend, x: TensorInfo, ci: backend_util.Conv2DInfo, simd: SimdKernels | null): TensorInfo {
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
function fillPatches(backend: WasmBackend, planes: TensorInfo, cols: TensorInfo, ci: backend_util.Conv2DInfo, simd: SimdKernels | null, images: [number, number]): void {
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

/**
 * Filter gradients with at most this many patch values per position (kh*kw*ci) and bias sums run
 * in the SIMD module's reduce_rows instead of XNNPACK's product, which packs its right operand
 * (dy, as large as the layer's output) at 10-20 ns per value first. Measured faster for every K
 * up to 576 (labnet's conv3); beyond it the patch chunk outgrows the caches, untested.
 */
const DIRECT_FILTER_GRAD_MAX_K = 576;

// Off switch for A/B measurements (INVLAB_SIMD_REDUCE=0): bias sums and filter gradients through
// XNNPACK, as before reduce_rows.
let directReductions = typeof process === 'undefined' || process.env.INVLAB_SIMD_REDUCE !== '0';

/** Turns the reduce_rows paths on or off (XNNPACK's product instead); returns the previous state. */
export function setDirectReductions(on: boolean): boolean {
  const previous = directReductions;
  directReductions = on;
  return previous;
}

/**
 * dW = patches^T x dy, [fh*fw*ci, M] x [M, co], M = images*oh*ow, summed over chunks of images:
 * up to DIRECT_FILTER_GRAD_MAX_K in the SIMD module's reduce_rows, which reads dy in place;
 * otherwise as plain XNNPACK products (with one chunk dy is used as is).
 */
function filterGradByPatches(backend: WasmBackend, x: TensorInfo, dy: TensorInfo, ci: backend_util.Conv2DInfo): TensorInfo {
  const k = ci.filterHeight * ci.filterWidth * ci.inChannels;
  const perImage = ci.outHeight * ci.outWidth;
  const co = ci.outChannels;
  const simd = simdKernels(backend);
  const planes = patchPlanes(backend, x, ci, simd);
  const chunks = imageChunks(ci.batchSize, k * perImage);
  if (simd && directReductions && k <= DIRECT_FILTER_GRAD_MAX_K) {
    const dw = backend.makeOutput([k, co], 'float32');
    backend.typedArrayFromHeap(dw).fill(0);
    for (const [b0, b1] of chunks) {
      const m = (b1 - b0) * perImage;
      const cols = backend.makeOutput([1, k, m], 'float32');
      fillPatches(backend, planes, cols, ci, simd, [b0, b1]);
      const at = (t: TensorInfo) => backend.typedArrayFromHeap(t).byteOffset;
      simd.reduceRows(at(dw), at(cols), at(dy) + b0 * perImage * co * 4, { K: k, N: m, co }, 1);
      dispose(backend, cols);
    }
    dispose(backend, planes);
    return dw;
  }
  let dw: TensorInfo | null = null;
  for (const [b0, b1] of chunks) {
    const m = (b1 - b0) * perImage;
    const cols = backend.makeOutput([1, k, m], 'float32');
    const dyPart = chunks.length === 1 ? view(dy, [1, m, co]) : rowSlice(backend, dy, co, b0 * perImage, b1 * perImage);
    fillPatches(backend, planes, cols, ci, simd, [b0, b1]);
    const part = plainMatMul(backend, cols, dyPart);
    dispose(backend, cols);
    if (chunks.length > 1) dispose(backend, dyPart);
    if (dw === null) dw = part;
    else {
      accumulate(backend, dw, part);
      dispose(backend, part);
    }
  }
  dispose(backend, planes);
  return dw as TensorInfo;
}

const conv2DBackpropFilter: WasmKernel = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs;
  const filterShape = attrs.filterShape as number[];
  const ci = convInfo(x.shape, filterShape, attrs);
  const dw = filterGradByPatches(backend, x, dy, ci);
  dw.shape = filterShape.slice();
  return dw;
};

/** out[a, b, o, i] = w[fh-1-a, fw-1-b, i, o]: the filter of the transposed convolution. */
function flipAndSwapFilter(backend: WasmBackend, filter: TensorInfo): TensorInfo {
  const [fh, fw, inC, outC] = filter.shape;
  const out = backend.makeOutput([fh, fw, outC, inC], 'float32');
  const src = backend.typedArrayFromHeap(filter);
  const dst = backend.typedArrayFromHeap(out);
  for (let a = 0; a < fh; a++) {
    for (let b = 0; b < fw; b++) {
      const from = ((fh - 1 - a) * fw + (fw - 1 - b)) * inC * outC;
      const to = (a * fw + b) * outC * inC;
      for (let i = 0; i < inC; i++) {
        for (let o = 0; o < outC; o++) dst[to + o * inC + i] = src[from + i * outC + o];
      }
    }
  }
  return out;
}

/**
 * Stride 1: the input gradient is a forward convolution of dy with the flipped, in/out-swapped
 * filter, padded by (filter size - 1 - forward padding) on each side: XNNPACK's fast path.
 */
function backpropInputByConvolution(backend: WasmBackend, dy: TensorInfo, filter: TensorInfo, ci: backend_util.Conv2DInfo): TensorInfo {
  const p = ci.padInfo;
  const pad = [[0, 0], [ci.filterHeight - 1 - p.top, ci.filterHeight - 1 - p.bottom],
    [ci.filterWidth - 1 - p.left, ci.filterWidth - 1 - p.right], [0, 0]];
  const flipped = flipAndSwapFilter(backend, filter);
  const dx = stockKernel(tf.Conv2D)({
    inputs: { x: dy, filter: flipped },
    backend,
    attrs: { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined } as unknown as NamedAttrMap,
  });
  dispose(backend, flipped);
  return dx;
}

/**
 * Any stride: column gradients dy x W^T through the plain product, then scatter-add (col2im),
 * a few images at a time so the column matrix stays bounded.
 */
function backpropInputByCol2Im(backend: WasmBackend, dy: TensorInfo, filter: TensorInfo, ci: backend_util.Conv2DInfo): TensorInfo {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow, outChannels: co } = ci;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = ci;
  const k = fh * fw * c;
  const perImage = oh * ow;
  const wT = transpose(backend, view(filter, [k, co]), [1, 0]);
  const dx = backend.makeOutput([n, h, w, c], 'float32');
  backend.typedArrayFromHeap(dx).fill(0);
  const top = ci.padInfo.top;
  const left = ci.padInfo.left;
  const chunks = imageChunks(n, k * perImage);
  for (const [b0, b1] of chunks) {
    const dyPart = chunks.length === 1 ? view(dy, [1, n * perImage, co]) : rowSlice(backend, dy, co, b0 * perImage, b1 * perImage);
    const dcol = plainMatMul(backend, dyPart, view(wT, [1, co, k]));
    if (chunks.length > 1) dispose(backend, dyPart);
    const out = backend.typedArrayFromHeap(dx);
    const cols = backend.typedArrayFromHeap(dcol);
    let src = 0;
    for (let b = b0; b < b1; b++) {
      for (let y = 0; y < oh; y++) {
        for (let x = 0; x < ow; x++) {
          for (let kh = 0; kh < fh; kh++) {
            const iy = y * sh - top + kh;
            if (iy < 0 || iy >= h) {
              src += fw * c;
              continue;
            }
            for (let kw = 0; kw < fw; kw++) {
              const ix = x * sw - left + kw;
              if (ix < 0 || ix >= w) {
                src += c;
                continue;
              }
              const to = ((b * h + iy) * w + ix) * c;
              for (let ch = 0; ch < c; ch++) out[to + ch] += cols[src++];
            }
          }
        }
      }
    }
    dispose(backend, dcol);
  }
  dispose(backend, wT);
  return dx;
}

const conv2DBackpropInput: WasmKernel = ({ inputs, backend, attrs }) => {
  const { dy, filter } = inputs;
  const ci = convInfo(attrs.inputShape as number[], filter.shape, attrs);
  const p = ci.padInfo;
  const byConvolution = ci.strideHeight === 1 && ci.strideWidth === 1 &&
    p.top <= ci.filterHeight - 1 && p.bottom <= ci.filterHeight - 1 &&
    p.left <= ci.filterWidth - 1 && p.right <= ci.filterWidth - 1;
  return byConvolution ? backpropInputByConvolution(backend, dy, filter, ci) : backpropInputByCol2Im(backend, dy, filter, ci);
};

/**
 * Materialises transposed operands (a cheap copy) so the product itself runs on the fast
 * untransposed path; dense-layer gradients always ask for a transposed product.
 */
function withoutTransposes(name: string): WasmKernel {
  return ({ inputs, backend, attrs }) => {
    const { transposeA, transposeB } = attrs as { transposeA?: boolean; transposeB?: boolean };
    const original = stockKernel(name);
    if (!transposeA && !transposeB) return original({ inputs, backend, attrs });
    const temporaries: TensorInfo[] = [];
    const a = transposeA ? swapLastTwo(backend, inputs.a) : inputs.a;
    const b = transposeB ? swapLastTwo(backend, inputs.b) : inputs.b;
    if (transposeA) temporaries.push(a);
    if (transposeB) temporaries.push(b);
    const out = original({ inputs: { ...inputs, a, b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
    dispose(backend, ...temporaries);
    return out;
  };
}

/**
 * dx of max pooling: each dy goes to the first maximum of its window in row-major window order
 * (the cpu backend's rule, so ties resolve identically). Exact 2x2/2 tilings (labnet's) run in
 * the SIMD module; the rest is JS over the wasm heap, several times faster than the stock
 * wasm kernel.
 */
const maxPoolGrad: WasmKernel = ({ inputs, backend, attrs }) => {
  const { dy, input, output } = inputs;
  const pi = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize as [number, number] | number,
    attrs.strides as [number, number] | number,
    1,
    attrs.pad as 'same' | 'valid',
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
  );
  const dx = backend.makeOutput(input.shape.slice(), 'float32');
  const tiles = pi.strideHeight >= pi.filterHeight && pi.strideWidth >= pi.filterWidth;
  const exact2x2 = pi.filterHeight === 2 && pi.filterWidth === 2 && pi.strideHeight === 2 && pi.strideWidth === 2 &&
    pi.padInfo.top === 0 && pi.padInfo.left === 0 && pi.inHeight === 2 * pi.outHeight && pi.inWidth === 2 * pi.outWidth;
  const simd = exact2x2 ? simdKernels(backend) : null;
  if (simd) {
    const at = (t: TensorInfo) => backend.typedArrayFromHeap(t).byteOffset;
    simd.maxPoolGrad2x2(at(dx), at(input), at(output), at(dy), pi.batchSize * pi.outHeight, pi.outWidth, pi.inChannels);
    return dx;
  }
  const args = {
    out: backend.typedArrayFromHeap(dx),
    xs: backend.typedArrayFromHeap(input),
    ys: backend.typedArrayFromHeap(output),
    g: backend.typedArrayFromHeap(dy),
  };
  if (exact2x2) maxPoolGrad2x2(args, pi);
  else if (tiles) maxPoolGradTiled(args, pi);
  else maxPoolGradOverlapping(args, pi);
  return dx;
};

interface PoolGradArrays {
  out: Float32Array;
  xs: Float32Array;
  ys: Float32Array;
  g: Float32Array;
}

/**
 * Windows that do not overlap (stride >= window, e.g. 2x2/2): every input element belongs to at
 * most one window, so dx is written directly, without scatter: in each window the first
 * element equal to the pooled maximum gets dy, the others 0. Written without data-dependent
 * branches (random activations make branches mispredict).
 */
function maxPoolGradTiled({ out, xs, ys, g }: PoolGradArrays, pi: backend_util.Conv2DInfo): void {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = pi;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = pi;
  const top = pi.padInfo.top;
  const left = pi.padInfo.left;
  if (oh * sh !== h || ow * sw !== w || top !== 0 || left !== 0 || fh !== sh || fw !== sw) out.fill(0);
  let src = 0;
  for (let b = 0; b < n; b++) {
    for (let y = 0; y < oh; y++) {
      const y0 = Math.max(0, y * sh - top);
      const y1 = Math.min(h, y * sh - top + fh);
      for (let x = 0; x < ow; x++) {
        const x0 = Math.max(0, x * sw - left);
        const x1 = Math.min(w, x * sw - left + fw);
        for (let ch = 0; ch < c; ch++, src++) {
          const m = ys[src];
          const gv = g[src];
          let found = false;
          for (let iy = y0; iy < y1; iy++) {
            for (let i = ((b * h + iy) * w + x0) * c + ch, end = i + (x1 - x0) * c; i < end; i += c) {
              const hit: boolean = !found && xs[i] === m;
              out[i] = hit ? gv : 0;
              found = found || hit;
            }
          }
        }
      }
    }
  }
}

/**
 * The common 2x2 / stride 2 pooling that tiles the input exactly: the four window elements are
 * addressed directly and channels run innermost, so every array is read and written in order.
 */
function maxPoolGrad2x2({ out, xs, ys, g }: PoolGradArrays, pi: backend_util.Conv2DInfo): void {
  const { batchSize: n, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = pi;
  const rowStride = w * c;
  let src = 0;
  for (let b = 0; b < n; b++) {
    for (let y = 0; y < oh; y++) {
      const row0 = (b * oh * 2 + 2 * y) * rowStride;
      for (let x = 0; x < ow; x++) {
        const i00 = row0 + 2 * x * c;
        const i01 = i00 + c;
        const i10 = i00 + rowStride;
        const i11 = i10 + c;
        for (let ch = 0; ch < c; ch++, src++) {
          const m = ys[src];
          const gv = g[src];
          const h00 = xs[i00 + ch] === m;
          const h01 = !h00 && xs[i01 + ch] === m;
          const h10 = !h00 && !h01 && xs[i10 + ch] === m;
          const h11 = !h00 && !h01 && !h10 && xs[i11 + ch] === m;
          out[i00 + ch] = h00 ? gv : 0;
          out[i01 + ch] = h01 ? gv : 0;
          out[i10 + ch] = h10 ? gv : 0;
          out[i11 + ch] = h11 ? gv : 0;
        }
      }
    }
  }
}

/** Overlapping windows: scatter-add each dy to its window's first maximum. */
function maxPoolGradOverlapping({ out, xs, g }: PoolGradArrays, pi: backend_util.Conv2DInfo): void {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = pi;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = pi;
  const top = pi.padInfo.top;
  const left = pi.padInfo.left;
  out.fill(0);
  let src = 0;
  for (let b = 0; b < n; b++) {
    for (let y = 0; y < oh; y++) {
      const y0 = Math.max(0, y * sh - top);
      const y1 = Math.min(h, y * sh - top + fh);
      for (let x = 0; x < ow; x++) {
        const x0 = Math.max(0, x * sw - left);
        const x1 = Math.min(w, x * sw - left + fw);
        for (let ch = 0; ch < c; ch++, src++) {
          let best = -Infinity;
          let at = -1;
          for (let iy = y0; iy < y1; iy++) {
            for (let i = ((b * h + iy) * w + x0) * c + ch, end = i + (x1 - x0) * c; i < end; i += c) {
              const v = xs[i];
              if (v > best || at < 0) {
                best = v;
                at = i;
              }
            }
          }
          if (at >= 0) out[at] += g[src];
        }
      }
    }
  }
}

/**
 * Sum over leading axes of a float32 tensor (the bias gradient of every convolution: NHWC
 * summed over N, H, W) as column sums of x[m, rest] in the SIMD module (reduce_rows with a
 * single 1 for every row), else as ones[1, m] x x[m, rest] on the fast product, which packs x
 * first; the stock kernel transposes first, which costs more than the sum. Other reductions go
 * to the stock kernel.
 */
const sum: WasmKernel = ({ inputs, backend, attrs }) => {
  const { x } = inputs;
  const rank = x.shape.length;
  const axes = tf.util.parseAxisParam(attrs.axis as number | number[], x.shape).sort((a, b) => a - b);
  const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
  if (!leading || x.dtype !== 'float32') return stockKernel(tf.Sum)({ inputs, backend, attrs });
  const m = x.shape.slice(0, axes.length).reduce((p, q) => p * q, 1);
  const rest = x.shape.slice(axes.length);
  const k = rest.reduce((p, q) => p * q, 1);
  const simd = directReductions ? simdKernels(backend) : null;
  if (simd) {
    const out = backend.makeOutput(attrs.keepDims ? [...axes.map(() => 1), ...rest] : rest, 'float32');
    const one = backend.makeOutput([1], 'float32');
    backend.typedArrayFromHeap(one)[0] = 1;
    backend.typedArrayFromHeap(out).fill(0);
    const at = (t: TensorInfo) => backend.typedArrayFromHeap(t).byteOffset;
    simd.reduceRows(at(out), at(one), at(x), { K: 1, N: m, co: k }, 0);
    dispose(backend, one);
    return out;
  }
  const ones = backend.makeOutput([1, 1, m], 'float32');
  backend.typedArrayFromHeap(ones).fill(1);
  const out = plainMatMul(backend, ones, view(x, [1, m, k]));
  dispose(backend, ones);
  out.shape = attrs.keepDims ? [...axes.map(() => 1), ...rest] : rest;
  return out;
};

/**
 * Identity shares the data (tensors are immutable) instead of copying it, as the cpu backend
 * does; tfjs clones every tensor it saves for a gradient, so the copy cost every layer.
 */
const identity: WasmKernel = (args) => {
  const { x } = args.inputs;
  if (x.dtype === 'string') return stockKernel(tf.Identity)(args);
  args.backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape.slice(), dtype: x.dtype };
};

/**
 * tfjs's ReLU gradient is mul(dy, cast(step(x), 'float32')); step of a float32 tensor is already
 * float32, and on wasm the cast is a full copy of the layer (1M values for labnet's conv1).
 * Same arithmetic without it. (A one-pass JS kernel was measured too: JS loops over the wasm heap
 * run at ~4-6 ns per value here, slower than the three SIMD passes.)
 */
function registerReluGradient(): void {
  tf.registerGradient({
    kernelName: tf.Relu,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved as tf.Tensor[];
      return { x: () => tf.mul(dy as tf.Tensor, x.dtype === 'float32' ? tf.step(x) : tf.cast(tf.step(x), 'float32')) };
    },
  });
}

/**
 * Slice: tfjs-wasm's kernel reads the whole source out of the heap (`readSync` copies it) before
 * taking its part, so cutting a batch of 32 from 2048 images copied all 2048 (12 ms per step in
 * the bench, and in batched prediction). A contiguous part is copied within the heap instead.
 */
const slice: WasmKernel = ({ inputs, backend, attrs }) => {
  const { x } = inputs;
  const [begin, size] = tf.slice_util.parseSliceParams(x as tf.TensorInfo as tf.Tensor, attrs.begin as number[], attrs.size as number[]);
  if (x.dtype === 'string' || !tf.slice_util.isSliceContinous(x.shape, begin, size)) return stockKernel(tf.Slice)({ inputs, backend, attrs });
  const out = backend.makeOutput(size, x.dtype);
  const length = tf.util.sizeFromShape(size);
  if (length > 0) {
    // Views after the allocation: growing the heap detaches older ones.
    const from = backend.typedArrayFromHeap(x);
    const start = tf.slice_util.computeFlatOffset(begin, tf.util.computeStrides(x.shape));
    backend.typedArrayFromHeap(out).set(from.subarray(start, start + length));
  }
  return out;
};

const KERNELS: ReadonlyArray<[string, WasmKernel]> = [
  [tf.Identity, identity],
  [tf.MaxPoolGrad, maxPoolGrad],
  [tf.Sum, sum],
  [tf.Slice, slice],
  [tf.Conv2DBackpropFilter, conv2DBackpropFilter],
  [tf.Conv2DBackpropInput, conv2DBackpropInput],
  [tf.BatchMatMul, withoutTransposes(tf.BatchMatMul)],
  [tf._FusedMatMul, withoutTransposes(tf._FusedMatMul)],
];

/** Names of the kernels this module provides for the wasm backend. */
export const WASM_TRAINING_KERNELS: readonly string[] = KERNELS.map(([name]) => name);

/**
 * Registers (or replaces) the training kernels for backend 'wasm'. Idempotent. Call before
 * `tf.setBackend('wasm')` or after: the stock kernels' setup functions are kept.
 */
export function registerWasmTrainingKernels(): void {
  for (const name of [tf.Identity, tf.Transpose, tf.Conv2D, tf.BatchMatMul, tf._FusedMatMul, tf.Sum, tf.Slice]) stockKernel(name);
  for (const [name, fn] of KERNELS) {
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
