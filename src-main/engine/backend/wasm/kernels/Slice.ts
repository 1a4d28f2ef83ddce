// Contiguous slices copied within the heap.
import * as tf from '@tensorflow/tfjs';
import { stockKernel, type WasmKernelConfig } from '../kernel';

/**
 * Slice: tfjs-wasm's kernel reads the whole source out of the heap (`readSync` copies it) before
 * taking its part, so cutting a batch of 32 from 2048 images copied all 2048 (12 ms per step in
 * the bench, and in batched prediction). A contiguous part is copied within the heap instead.
 */
export const sliceConfig: WasmKernelConfig = {
  kernelName: tf.Slice,
  uses: [tf.Slice],
  kernelFunc: ({ inputs, backend, attrs }) => {
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
  },
};
