// Conv2D forward on oneDNN; FusedConv2D.ts is the same with bias and ReLU fused.
import * as tf from '@tensorflow/tfjs';
import { nativeAddon } from '../addon';
import { convGeometry, convInfo } from '../geometry';
import { counted, heapOf, type WasmKernel } from '../heap';
import type { NativeKernel } from '../kernel';

export function convolution(fused: boolean): NativeKernel['make'] {
  return (fallback) => {
    const kernel: WasmKernel = (args) => {
      const { inputs, backend, attrs } = args;
      const { x, filter, bias, preluActivationWeights } = inputs;
      const activation = fused ? ((attrs.activation as string | undefined) ?? 'linear') : 'linear';
      const dilations = (attrs.dilations as number | [number, number] | undefined) ?? 1;
      const info = x.dtype === 'float32' && !preluActivationWeights && (activation === 'linear' || activation === 'relu')
        ? convInfo(x.shape, filter.shape, attrs, dilations) : null;
      const geometry = info && convGeometry(info);
      const biasOk = !bias || tf.util.sizeFromShape(bias.shape) === info?.outChannels;
      if (!info || !geometry || !biasOk) return fallback(args);
      const y = backend.makeOutput(info.outShape, 'float32');
      const { heap, at } = heapOf(backend, x, filter, bias, y);
      counted(fused ? tf.FusedConv2D : tf.Conv2D);
      nativeAddon()!.conv2d(heap, at[0], at[1], at[2], at[3], activation === 'relu' ? 1 : 0, ...geometry);
      return y;
    };
    return kernel;
  };
}

export const conv2DConfig: NativeKernel = { kernelName: tf.Conv2D, make: convolution(false) };
