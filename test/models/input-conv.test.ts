// InputConv2D (the first convolution, unfused): same output and weight gradients as
// tf.layers.conv2d, and the gradient step never computes the discarded gradient of the images.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src-main/engine/backend/index';
import { InputConv2D } from '../../src-main/engine/models/layers';
import { buildNetwork } from '../../src-main/engine/models/index';

beforeAll(async () => {
  await initBackend('wasm');
});

function maxRelError(a: tf.Tensor, b: tf.Tensor): number {
  const d = tf.max(tf.abs(tf.sub(a, b))).dataSync()[0];
  return d / Math.max(1e-12, tf.max(tf.abs(b)).dataSync()[0]);
}

describe('InputConv2D', () => {
  it.each([[3, 1, 'same'], [5, 2, 'same'], [3, 1, 'valid'], [11, 4, 'same']] as const)(
    'kernel %i stride %i %s: output and weight gradients equal tf.layers.conv2d\'s', (k, s, padding) => {
      tf.tidy(() => {
        const x = tf.randomNormal([2, 13, 13, 3], 0, 1, 'float32', 1);
        const ours = new InputConv2D({ name: 'conv1', filters: 5, kernelSize: k, strides: s, padding });
        const stock = tf.layers.conv2d({ name: 'ref', filters: 5, kernelSize: k, strides: s, padding });
        const yOurs = ours.apply(x) as tf.Tensor;
        stock.apply(x);
        const kernel = tf.randomNormal([k, k, 3, 5], 0, 1, 'float32', 2);
        const bias = tf.randomNormal([5], 0, 1, 'float32', 3);
        ours.setWeights([kernel, bias]);
        stock.setWeights([kernel, bias]);
        expect(yOurs.shape.slice(1)).toEqual((ours.computeOutputShape(x.shape) as number[]).slice(1));
        expect(maxRelError(ours.apply(x) as tf.Tensor, stock.apply(x) as tf.Tensor)).toBeLessThan(1e-5);
        const dy = tf.randomNormal(yOurs.shape, 0, 1, 'float32', 4);
        const viaVars = (layer: tf.layers.Layer) => {
          const vars = layer.trainableWeights.map((w) => w.read() as tf.Variable);
          const { grads: g } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(x) as tf.Tensor, dy)) as tf.Scalar, vars);
          return vars.map((v) => g[v.name]);
        };
        const [gk1, gb1] = viaVars(ours);
        const [gk2, gb2] = viaVars(stock);
        expect(maxRelError(gk1, gk2)).toBeLessThan(1e-4);
        expect(maxRelError(gb1, gb2)).toBeLessThan(1e-4);
      });
    });

  it('a labnet gradient step runs no input gradient for the images', async () => {
    const net = buildNetwork('labnet', { imageSize: 16, channels: 3, classes: 4, seed: 1 });
    const x = tf.randomNormal([4, 16, 16, 3]);
    const vars = net.model.trainableWeights.map((w) => w.read() as tf.Variable);
    const profile = await tf.profile(() => {
      const { grads } = tf.variableGrads(() => tf.sum(net.model.apply(x) as tf.Tensor) as tf.Scalar, vars);
      Object.values(grads).forEach((g) => g.dispose());
    });
    const inputGrads = profile.kernels.filter((k) => k.name === 'Conv2DBackpropInput');
    // conv2 and conv3 need theirs; conv1's would have the images' shape.
    expect(inputGrads.length).toBe(2);
    expect(inputGrads.every((k) => (k.outputShapes[0] as number[])[3] !== 3)).toBe(true);
    x.dispose();
    net.model.dispose();
  });
});
