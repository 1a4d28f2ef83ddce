// dW of a 2D convolution: patches^T x dy on the fast paths (tfjs-wasm 4.22 has no such kernel).
import * as tf from '@tensorflow/tfjs';
import { backend_util, type TensorInfo } from '@tensorflow/tfjs';
import { simdKernels } from '../../simd/simd-kernels';
import { convInfo, dispose, plainMatMul, view, type WasmBackend, type WasmKernelConfig } from '../kernel';
import { accumulate, fillPatches, imageChunks, patchPlanes, rowSlice } from '../patches';
import { DIRECT_FILTER_GRAD_MAX_K, directReductionsOn } from '../reductions';

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
  if (simd && directReductionsOn() && k <= DIRECT_FILTER_GRAD_MAX_K) {
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

export const conv2DBackpropFilterConfig: WasmKernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs;
    const filterShape = attrs.filterShape as number[];
    const ci = convInfo(x.shape, filterShape, attrs);
    const dw = filterGradByPatches(backend, x, dy, ci);
    dw.shape = filterShape.slice();
    return dw;
  },
};
