// labnet (SPEC.md section 5): the small default network.
// conv3x3-32, ReLU, maxpool2; conv3x3-64, ReLU, maxpool2; conv3x3-128, ReLU, GAP;
// dense 256, ReLU (penultimate); dense C.
import * as tf from '@tensorflow/tfjs';
import type { BuiltGraph, NetworkBuilder, NetworkOptions } from './index';
import { constant, heNormal, torchUniform } from './init';
import { InputConv2D } from './layers';

export const labnet: NetworkBuilder = (o: NetworkOptions): BuiltGraph => {
  const input = tf.input({ shape: [o.imageSize, o.imageSize, o.channels], name: 'input' });
  let x: tf.SymbolicTensor = input;
  const widths = [32, 64, 128];
  widths.forEach((filters, i) => {
    const n = i + 1;
    const conv = n === 1
      ? new InputConv2D({ name: 'conv1', filters, kernelSize: 3, strides: 1, padding: 'same' })
      : tf.layers.conv2d({ name: `conv${n}`, filters, kernelSize: 3, padding: 'same', kernelInitializer: 'zeros', biasInitializer: 'zeros' });
    x = conv.apply(x) as tf.SymbolicTensor;
    x = tf.layers.activation({ name: `conv${n}_relu`, activation: 'relu' }).apply(x) as tf.SymbolicTensor;
    if (n < widths.length) x = tf.layers.maxPooling2d({ name: `pool${n}`, poolSize: 2, strides: 2 }).apply(x) as tf.SymbolicTensor;
  });
  x = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ name: 'fc1', units: 256, kernelInitializer: 'zeros', biasInitializer: 'zeros' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.activation({ name: 'fc1_relu', activation: 'relu' }).apply(x) as tf.SymbolicTensor;
  const logits = tf.layers.dense({ name: 'logits', units: o.classes, kernelInitializer: 'zeros', biasInitializer: 'zeros' }).apply(x) as tf.SymbolicTensor;
  return {
    model: tf.model({ name: 'labnet', inputs: input, outputs: logits }),
    analysableLayers: ['conv1_relu', 'conv2_relu', 'conv3_relu', 'fc1_relu'],
    penultimate: 'fc1_relu',
    // He normal for the ReLU layers, PyTorch's default for the classifier, zero biases.
    initRules: (layer, weight, shape) => weight !== 'kernel' ? constant(0)
      : layer === 'logits' ? torchUniform(shape) : heNormal(shape),
  };
};

export default labnet;
