// ResNet-18 (He et al. 2016) with batch normalisation and identity shortcuts (1x1 conv + BN
// where the shape changes). Inputs of 128 px and more get the ImageNet stem (7x7/2 conv,
// 3x3/2 max-pool); smaller inputs get the CIFAR stem (3x3/1 conv, no pool), as He et al. do
// for 32 px images, so 32 px images are not reduced to 1x1 before the last stage.
// The penultimate layer is the global-average-pooled 512-d feature.
import * as tf from '@tensorflow/tfjs';
import type { BuiltGraph, NetworkBuilder, NetworkOptions } from './index';
import { BatchNorm, type NetMode } from './layers';
import { constant, heNormal, torchUniform } from './init';

const STAGES = [64, 128, 256, 512];
const BLOCKS_PER_STAGE = 2;

export const resnet18: NetworkBuilder = (o: NetworkOptions, mode: NetMode): BuiltGraph => {
  const analysable: string[] = [];
  const input = tf.input({ shape: [o.imageSize, o.imageSize, o.channels], name: 'input' });
  const conv = (x: tf.SymbolicTensor, name: string, filters: number, kernel: number, stride: number) =>
    tf.layers.conv2d({
      name, filters, kernelSize: kernel, strides: stride, padding: 'same', useBias: false,
      kernelInitializer: 'zeros',
    }).apply(x) as tf.SymbolicTensor;
  const bn = (x: tf.SymbolicTensor, name: string) => new BatchNorm({ name, mode }).apply(x) as tf.SymbolicTensor;
  const relu = (x: tf.SymbolicTensor, name: string) => {
    analysable.push(name);
    return tf.layers.activation({ name, activation: 'relu' }).apply(x) as tf.SymbolicTensor;
  };

  const imagenetStem = o.imageSize >= 128;
  let x = conv(input, 'conv1', 64, imagenetStem ? 7 : 3, imagenetStem ? 2 : 1);
  x = relu(bn(x, 'bn1'), 'conv1_relu');
  if (imagenetStem) x = tf.layers.maxPooling2d({ name: 'maxpool', poolSize: 3, strides: 2, padding: 'same' }).apply(x) as tf.SymbolicTensor;

  let inFilters = 64;
  STAGES.forEach((filters, s) => {
    for (let b = 0; b < BLOCKS_PER_STAGE; b++) {
      const p = `layer${s + 1}_${b}`;
      const stride = s > 0 && b === 0 ? 2 : 1;
      let y = conv(x, `${p}_conv1`, filters, 3, stride);
      y = relu(bn(y, `${p}_bn1`), `${p}_relu1`);
      y = bn(conv(y, `${p}_conv2`, filters, 3, 1), `${p}_bn2`);
      const shortcut = stride !== 1 || inFilters !== filters
        ? bn(conv(x, `${p}_down_conv`, filters, 1, stride), `${p}_down_bn`)
        : x;
      const sum = tf.layers.add({ name: `${p}_add` }).apply([y, shortcut]) as tf.SymbolicTensor;
      x = relu(sum, `${p}_relu2`);
      inFilters = filters;
    }
  });
  x = tf.layers.globalAveragePooling2d({ name: 'avgpool' }).apply(x) as tf.SymbolicTensor;
  analysable.push('avgpool');
  const logits = tf.layers.dense({
    name: 'logits', units: o.classes, kernelInitializer: 'zeros', biasInitializer: 'zeros',
  }).apply(x) as tf.SymbolicTensor;
  return {
    model: tf.model({ name: 'resnet18', inputs: input, outputs: logits }),
    analysableLayers: analysable,
    penultimate: 'avgpool',
    // torchvision: Kaiming normal (fan-out) convolutions, BN gamma 1 / beta 0 (the layer's own),
    // PyTorch's default Linear init for the classifier with a zero bias.
    initRules: (layer, weight, shape) => layer === 'logits' ? (weight === 'kernel' ? torchUniform(shape) : constant(0))
      : weight === 'kernel' ? heNormal(shape, 'fanOut') : null,
  };
};

export default resnet18;
