// dx of max pooling.
import * as tf from '@tensorflow/tfjs';
import { backend_util, type TensorInfo } from '@tensorflow/tfjs';
import { simdKernels } from '../../simd/simd-kernels';
import type { WasmKernelConfig } from '../kernel';

/**
 * dx of max pooling: each dy goes to the first maximum of its window in row-major window order
 * (the cpu backend's rule, so ties resolve identically). Exact 2x2/2 tilings (labnet's) run in
 * the SIMD module; the rest is JS over the wasm heap, several times faster than the stock
 * wasm kernel.
 */
export const maxPoolGradConfig: WasmKernelConfig = {
  kernelName: tf.MaxPoolGrad,
  kernelFunc: ({ inputs, backend, attrs }) => {
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
    else maxPoolGradWindows(args, pi);
    return dx;
  },
};

interface PoolGradArrays {
  out: Float32Array;
  xs: Float32Array;
  ys: Float32Array;
  g: Float32Array;
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

/**
 * Every other window geometry (overlapping or not, padded or not): dx starts at 0 and each dy
 * is added to the first element of its window, row-major, equal to the pooled maximum. Where
 * windows do not overlap every element gets at most one dy; where they do, the dys add up.
 */
function maxPoolGradWindows({ out, xs, ys, g }: PoolGradArrays, pi: backend_util.Conv2DInfo): void {
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
          const m = ys[src];
          search: for (let iy = y0; iy < y1; iy++) {
            for (let i = ((b * h + iy) * w + x0) * c + ch, end = i + (x1 - x0) * c; i < end; i += c) {
              if (xs[i] === m) {
                out[i] += g[src];
                break search;
              }
            }
          }
        }
      }
    }
  }
}
