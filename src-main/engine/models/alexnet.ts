// The paper's modified AlexNet (supplement: FaceScrub network): AlexNet's five convolutions
// with ReLU, local response normalisation after conv1 and conv2 and dropout before the two
// fully connected hidden layers, but no max-pooling after conv1 and conv2 (to keep
// resolution). Kernel sizes and strides are AlexNet's scaled by imageSize / 227; the one
// remaining max-pool (after conv5) is sized so its output is 6x6, as AlexNet's is, so the
// first FC layer always sees 6*6*256 = 9216 inputs. See docs/training.md for the table.
import * as tf from '@tensorflow/tfjs';
import type { BuiltGraph, NetworkBuilder, NetworkOptions } from './index';
import { InputConv2D, LocalResponseNorm, SeededDropout, type NetMode } from './layers';
import { constant, type InitRules } from './init';

/** Nearest odd integer to v, at least 3. */
function oddAtLeast3(v: number): number {
  const r = Math.max(3, Math.round(v));
  return r % 2 === 1 ? r : r + 1;
}

export interface AlexnetGeometry {
  conv1Kernel: number;
  conv1Stride: number;
  conv2Kernel: number;
  /** Side of the conv1..conv5 feature maps. */
  featureSize: number;
  pool5Size: number;
  pool5Stride: number;
}

/** Kernel sizes and strides for an input side: AlexNet's (227 px) scaled linearly. */
export function alexnetGeometry(imageSize: number): AlexnetGeometry {
  const r = imageSize / 227;
  const conv1Stride = Math.max(1, Math.round(4 * r));
  const featureSize = Math.ceil(imageSize / conv1Stride);
  if (featureSize < 6) throw new Error(`alexnet: imageSize ${imageSize} is too small (feature maps must be at least 6x6)`);
  const pool5Stride = Math.floor(featureSize / 6);
  return {
    conv1Kernel: oddAtLeast3(11 * r),
    conv1Stride,
    conv2Kernel: oddAtLeast3(5 * r),
    featureSize,
    pool5Size: featureSize - 5 * pool5Stride,
    pool5Stride,
  };
}

/**
 * AlexNet's initialisation, as the paper keeps it: weights N(0, 0.01); biases 1 in conv2, conv4,
 * conv5 and the hidden FC layers (so their ReLUs start active), 0 elsewhere.
 */
const ONE_BIAS = new Set(['conv2', 'conv4', 'conv5', 'fc6', 'fc7']);
export const alexnetInit: InitRules = (layer, weight) => weight === 'kernel' ? { kind: 'normal', std: 0.01 }
  : weight === 'bias' ? constant(ONE_BIAS.has(layer) ? 1 : 0) : null;

export const alexnet: NetworkBuilder = (o: NetworkOptions, mode: NetMode): BuiltGraph => {
  const g = alexnetGeometry(o.imageSize);
  const input = tf.input({ shape: [o.imageSize, o.imageSize, o.channels], name: 'input' });
  let x: tf.SymbolicTensor = input;
  const apply = (layer: tf.layers.Layer) => { x = layer.apply(x) as tf.SymbolicTensor; };
  const convs: { filters: number; kernel: number; stride: number }[] = [
    { filters: 96, kernel: g.conv1Kernel, stride: g.conv1Stride },
    { filters: 256, kernel: g.conv2Kernel, stride: 1 },
    { filters: 384, kernel: 3, stride: 1 },
    { filters: 384, kernel: 3, stride: 1 },
    { filters: 256, kernel: 3, stride: 1 },
  ];
  convs.forEach((c, i) => {
    const n = i + 1;
    apply(n === 1
      ? new InputConv2D({ name: 'conv1', filters: c.filters, kernelSize: c.kernel, strides: c.stride, padding: 'same' })
      : tf.layers.conv2d({
        name: `conv${n}`, filters: c.filters, kernelSize: c.kernel, strides: c.stride, padding: 'same',
        kernelInitializer: 'zeros', biasInitializer: 'zeros',
      }));
    apply(tf.layers.activation({ name: `conv${n}_relu`, activation: 'relu' }));
    if (n <= 2) apply(new LocalResponseNorm({ name: `conv${n}_lrn`, depthRadius: 2, bias: 2, alpha: 1e-4, beta: 0.75 }));
  });
  apply(tf.layers.maxPooling2d({ name: 'pool5', poolSize: g.pool5Size, strides: g.pool5Stride }));
  apply(tf.layers.flatten({ name: 'flatten' }));
  [6, 7].forEach((n, i) => {
    apply(new SeededDropout({ name: `drop${n}`, rate: 0.5, salt: i + 1, mode }));
    apply(tf.layers.dense({
      name: `fc${n}`, units: 4096,
      kernelInitializer: 'zeros', biasInitializer: 'zeros',
    }));
    apply(tf.layers.activation({ name: `fc${n}_relu`, activation: 'relu' }));
  });
  apply(tf.layers.dense({ name: 'logits', units: o.classes, kernelInitializer: 'zeros', biasInitializer: 'zeros' }));
  return {
    model: tf.model({ name: 'alexnet', inputs: input, outputs: x }),
    analysableLayers: ['conv1_relu', 'conv2_relu', 'conv3_relu', 'conv4_relu', 'conv5_relu', 'fc6_relu', 'fc7_relu'],
    penultimate: 'fc7_relu',
    initRules: alexnetInit,
  };
};

export default alexnet;
