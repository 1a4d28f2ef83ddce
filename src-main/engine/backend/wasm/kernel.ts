// The shape of a project kernel for the tfjs wasm backend, as tfjs-backend-wasm itself is laid
// out (src/kernels/<Name>.ts exporting its KernelConfig + register_all_kernels.ts): one file per
// kernel in ./kernels/, exporting `<name>Config: WasmKernelConfig`, registered from the one list
// in ./register.ts. This module holds the types and the few helpers several kernels use
// (the stock kernels they fall back to or build on, tensor views, the convolution geometry).
// The native oneDNN kernels (../native/) follow the same shape.
import * as tf from '@tensorflow/tfjs';
import { backend_util } from '@tensorflow/tfjs';
import type { DataType, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';

export const BACKEND = 'wasm';

/** The part of tfjs-backend-wasm's BackendWasm these kernels use. */
export interface WasmBackend {
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
  disposeData(dataId: object, force?: boolean): boolean;
  incRef(dataId: object): void;
}

export interface KernelArgs {
  inputs: Record<string, TensorInfo>;
  backend: WasmBackend;
  attrs: NamedAttrMap;
}

export type WasmKernel = (args: KernelArgs) => TensorInfo;

/** One kernel: the tfjs kernel name it implements and its function. */
export interface WasmKernelConfig {
  kernelName: string;
  kernelFunc: WasmKernel;
  /** Stock kernels it calls (captured before any project kernel replaces them). */
  uses?: readonly string[];
}

/** Marks kernel functions registered here, so registration can be repeated safely. */
export const OURS = Symbol.for('invlab.wasmTrainingKernel');

/** The stock wasm kernel functions, captured before any override replaces them. */
const stock = new Map<string, WasmKernel>();

export function stockKernel(name: string): WasmKernel {
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
export function view(info: TensorInfo, shape: number[]): TensorInfo {
  return { dataId: info.dataId, shape, dtype: info.dtype };
}

export function dispose(backend: WasmBackend, ...infos: TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

export function transpose(backend: WasmBackend, x: TensorInfo, perm: number[]): TensorInfo {
  return stockKernel('Transpose')({ inputs: { x }, backend, attrs: { perm } });
}

/** Plain (untransposed) product of a [1, m, k] and a [1, k, n]: the fast XNNPACK path. */
export function plainMatMul(backend: WasmBackend, a: TensorInfo, b: TensorInfo): TensorInfo {
  return stockKernel(tf.BatchMatMul)({ inputs: { a, b }, backend, attrs: { transposeA: false, transposeB: false } });
}

export function swapLastTwo(backend: WasmBackend, x: TensorInfo): TensorInfo {
  const r = x.shape.length;
  const perm = [...Array(r).keys()];
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return transpose(backend, x, perm);
}

export function convInfo(xShape: number[], filterShape: number[], attrs: NamedAttrMap): backend_util.Conv2DInfo {
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

