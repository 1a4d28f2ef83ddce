// The gradient of BatchNormTraining on oneDNN: dx (through the batch statistics), dscale and
// doffset in one primitive.
import { nativeAddon } from '../addon';
import { BatchNormTrainingGrad } from '../../own-kernels';
import { counted, heapOf } from '../heap';
import type { NativeKernel } from '../kernel';
import { batchNormGeometry } from './BatchNormTraining';

export const batchNormTrainingGradConfig: NativeKernel = {
  kernelName: BatchNormTrainingGrad,
  own: true,
  make: () => (args) => {
    const { inputs, backend, attrs } = args;
    const { dy, x, scale, mean, variance } = inputs;
    const c = x.shape[x.shape.length - 1];
    const dx = backend.makeOutput(x.shape, 'float32');
    const dscale = backend.makeOutput([c], 'float32');
    const doffset = backend.makeOutput([c], 'float32');
    const { heap, at } = heapOf(backend, x, dy, scale, mean, variance, dx, dscale, doffset);
    counted(BatchNormTrainingGrad);
    nativeAddon()!.batchNormTrainingGrad(heap, at[0], at[1], at[2], at[3], at[4], at[5], at[6], at[7], ...batchNormGeometry(x.shape), attrs.epsilon as number);
    return [dx, dscale, doffset];
  },
};
