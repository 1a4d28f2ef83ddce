// dx of a 2D convolution: a forward convolution (stride 1) or product + col2im (any stride).
import * as tf from '@tensorflow/tfjs';
import { backend_util, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs';
import { convInfo, dispose, plainMatMul, stockKernel, transpose, view, type WasmBackend, type WasmKernelConfig } from '../kernel';
import { imageChunks, rowSlice } from '../patches';

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

export const conv2DBackpropInputConfig: WasmKernelConfig = {
  kernelName: tf.Conv2DBackpropInput,
  uses: [tf.Conv2D, tf.Transpose],
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { dy, filter } = inputs;
    const ci = convInfo(attrs.inputShape as number[], filter.shape, attrs);
    const p = ci.padInfo;
    const byConvolution = ci.strideHeight === 1 && ci.strideWidth === 1 &&
      p.top <= ci.filterHeight - 1 && p.bottom <= ci.filterHeight - 1 &&
      p.left <= ci.filterWidth - 1 && p.right <= ci.filterWidth - 1;
    return byConvolution ? backpropInputByConvolution(backend, dy, filter, ci) : backpropInputByCol2Im(backend, dy, filter, ci);
  },
};
