// Batch normalisation in training mode on oneDNN (one primitive: the batch statistics and the
// normalisation), and its gradient as one BatchNormTrainingGrad call. The project's own kernel
// (../../own-kernels.ts): tfjs composes it as moments + batchNorm, ~4 passes forward and ~20 for
// the gradient.
import * as tf from '@tensorflow/tfjs';
import { nativeAddon } from '../addon';
import { BatchNormTraining, BatchNormTrainingGrad } from '../../own-kernels';
import { counted, heapOf } from '../heap';
import type { NativeKernel } from '../kernel';

/** n, h, w, c of an NHWC (or [n, c]) tensor. */
export function batchNormGeometry(shape: number[]): [number, number, number, number] {
  return shape.length === 4 ? [shape[0], shape[1], shape[2], shape[3]] : [shape[0], 1, 1, shape[1]];
}

export const batchNormTrainingConfig: NativeKernel = {
  kernelName: BatchNormTraining,
  own: true,
  gradient: {
    kernelName: BatchNormTraining,
    inputsToSave: ['x', 'scale'],
    outputsToSave: [false, true, true],
    gradFunc: (dys, saved, attrs) => {
      const dy = Array.isArray(dys) ? dys[0] : dys;
      const [x, scale, mean, variance] = saved;
      // One call for all three gradients, made here (in the backward pass's scope) rather than in
      // a thunk, whose tidy would dispose the two it does not return.
      const [dx, dscale, doffset] = tf.engine().runKernel(BatchNormTrainingGrad, { dy, x, scale, mean, variance }, attrs) as tf.Tensor[];
      return { x: () => dx, scale: () => dscale, offset: () => doffset };
    },
  },
  make: () => (args) => {
    const { inputs, backend, attrs } = args;
    const { x, scale, offset } = inputs;
    const c = x.shape[x.shape.length - 1];
    const y = backend.makeOutput(x.shape, 'float32');
    const mean = backend.makeOutput([c], 'float32');
    const variance = backend.makeOutput([c], 'float32');
    const { heap, at } = heapOf(backend, x, scale, offset, y, mean, variance);
    counted(BatchNormTraining);
    nativeAddon()!.batchNormTraining(heap, at[0], at[1], at[2], at[3], at[4], at[5], ...batchNormGeometry(x.shape), attrs.epsilon as number);
    return [y, mean, variance];
  },
};
