// The three networks of SPEC.md section 5: shapes, the named post-ReLU layers the analysis
// reads, parameter counts against the architectures' definitions, seeded initialisation, and the
// custom layers (LRN, batch norm, dropout) against their formulas.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src-main/engine/backend/index';
import { buildNetwork, type Network } from '../../src-main/engine/models/index';
import { alexnetGeometry, alexnetInit } from '../../src-main/engine/models/alexnet';
import { getWeights } from '../../src-main/engine/models/weights';
import { BatchNorm, LocalResponseNorm, NetMode, SeededDropout } from '../../src-main/engine/models/layers';

beforeAll(async () => {
  await initBackend('auto');
});

const trainableCount = (net: Network) => net.model.trainableWeights.reduce((s, w) => s + (w.shape as number[]).reduce((a, b) => a * b, 1), 0);
const outShape = (net: Network, layer: string) => net.model.getLayer(layer).outputShape;

function checkReluLayers(net: Network): void {
  for (const name of net.analysableLayers) {
    const layer = net.model.getLayer(name);
    const cls = layer.getClassName();
    if (cls === 'Activation') expect((layer.getConfig() as { activation: string }).activation).toBe('relu');
    else expect(cls).toBe('GlobalAveragePooling2D'); // resnet18's pooled post-ReLU feature
  }
  expect(net.analysableLayers.at(-1)).toBe(net.penultimate);
}

function forward(net: Network, n: number, seed = 1): tf.Tensor {
  const [, h, w, c] = net.model.inputs[0]!.shape as number[];
  return tf.tidy(() => net.model.predict(tf.randomNormal([n, h!, w!, c!], 0, 1, 'float32', seed)) as tf.Tensor);
}

describe('labnet', () => {
  it('has the exact layers of SPEC.md section 5 and named ReLU outputs', () => {
    const net = buildNetwork('labnet', { imageSize: 16, channels: 3, classes: 5, seed: 1 });
    expect(net.analysableLayers).toEqual(['conv1_relu', 'conv2_relu', 'conv3_relu', 'fc1_relu']);
    expect(outShape(net, 'conv1_relu')).toEqual([null, 16, 16, 32]);
    expect(outShape(net, 'conv2_relu')).toEqual([null, 8, 8, 64]);
    expect(outShape(net, 'conv3_relu')).toEqual([null, 4, 4, 128]);
    expect(outShape(net, 'fc1_relu')).toEqual([null, 256]);
    checkReluLayers(net);
    // 3x3 convs 3->32->64->128, dense 128->256->5, all with biases.
    const expected = (27 * 32 + 32) + (288 * 64 + 64) + (576 * 128 + 128) + (128 * 256 + 256) + (256 * 5 + 5);
    expect(trainableCount(net)).toBe(expected);
    const y = forward(net, 2);
    expect(y.shape).toEqual([2, 5]);
    y.dispose();
    net.model.dispose();
  });

  it('builds the same weights from the same seed and different ones from another', () => {
    const a = buildNetwork('labnet', { imageSize: 16, channels: 1, classes: 3, seed: 11 });
    const b = buildNetwork('labnet', { imageSize: 16, channels: 1, classes: 3, seed: 11 });
    const c = buildNetwork('labnet', { imageSize: 16, channels: 1, classes: 3, seed: 12 });
    const [wa, wb, wc] = [a, b, c].map(getWeights);
    expect(wa!.map((w) => w.name)).toEqual(wb!.map((w) => w.name));
    wa!.forEach((w, i) => expect(Array.from(w.data)).toEqual(Array.from(wb![i]!.data)));
    expect(Array.from(wa![0]!.data)).not.toEqual(Array.from(wc![0]!.data));
    // Layers get distinct streams: conv1 and conv2 kernels do not start alike.
    expect(wa![0]!.data[0]).not.toBe(wa![2]!.data[0]);
    [a, b, c].forEach((n) => n.model.dispose());
  });

  it('rejects bad options with the field named', () => {
    expect(() => buildNetwork('labnet', { imageSize: 16, channels: 3, classes: 1, seed: 1 })).toThrow(/classes must be an integer >= 2/);
    expect(() => buildNetwork('vgg' as never, { imageSize: 16, channels: 3, classes: 4, seed: 1 })).toThrow(/unknown network "vgg"/);
  });
});

describe('alexnet', () => {
  it('scales kernels and strides with the input size and always feeds 6x6x256 to fc6', () => {
    expect(alexnetGeometry(227)).toEqual({ conv1Kernel: 11, conv1Stride: 4, conv2Kernel: 5, featureSize: 57, pool5Size: 12, pool5Stride: 9 });
    expect(alexnetGeometry(32)).toEqual({ conv1Kernel: 3, conv1Stride: 1, conv2Kernel: 3, featureSize: 32, pool5Size: 7, pool5Stride: 5 });
    for (const s of [16, 32, 64, 96, 128, 227]) {
      const g = alexnetGeometry(s);
      expect(Math.floor((g.featureSize - g.pool5Size) / g.pool5Stride) + 1).toBe(6);
    }
    expect(() => alexnetGeometry(5)).toThrow(/too small/);
  });

  it('has five convolutions with LRN after the first two, no pooling until conv5, dropout and two FC layers', () => {
    // Structure only: drawing 58M initial weights takes seconds, and shapes do not need them.
    const net = buildNetwork('alexnet', { imageSize: 16, channels: 3, classes: 4, seed: 1 }, { initialise: false });
    expect(net.analysableLayers).toEqual(['conv1_relu', 'conv2_relu', 'conv3_relu', 'conv4_relu', 'conv5_relu', 'fc6_relu', 'fc7_relu']);
    checkReluLayers(net);
    const names = net.model.layers.map((l) => l.name);
    expect(names).toEqual([
      'input', 'conv1', 'conv1_relu', 'conv1_lrn', 'conv2', 'conv2_relu', 'conv2_lrn', 'conv3', 'conv3_relu',
      'conv4', 'conv4_relu', 'conv5', 'conv5_relu', 'pool5', 'flatten', 'drop6', 'fc6', 'fc6_relu', 'drop7', 'fc7', 'fc7_relu', 'logits',
    ]);
    for (let i = 1; i <= 5; i++) expect((outShape(net, `conv${i}_relu`) as number[]).slice(1, 3)).toEqual([16, 16]);
    expect(outShape(net, 'flatten')).toEqual([null, 9216]);
    const expected = (27 * 96 + 96) + (9 * 96 * 256 + 256) + (9 * 256 * 384 + 384) + (9 * 384 * 384 + 384) + (9 * 384 * 256 + 256)
      + (9216 * 4096 + 4096) + (4096 * 4096 + 4096) + (4096 * 4 + 4);
    expect(trainableCount(net)).toBe(expected);
    const y = forward(net, 2);
    expect(y.shape).toEqual([2, 4]);
    y.dispose();
    net.model.dispose();
  });

  it("initialises as AlexNet: N(0, 0.01) weights, bias 1 in conv2, conv4, conv5, fc6, fc7", () => {
    expect(alexnetInit('conv3', 'kernel', [3, 3, 256, 384])).toEqual({ kind: 'normal', std: 0.01 });
    expect(['conv1', 'conv2', 'conv3', 'conv4', 'conv5', 'fc6', 'fc7', 'logits'].map((l) => (alexnetInit(l, 'bias', [8]) as { value: number }).value))
      .toEqual([0, 1, 0, 1, 1, 1, 1, 0]);
  });
});

describe('seeded dropout', () => {
  it('is off at inference, and in training its mask follows the step seed', () => {
    const mode = new NetMode();
    const drop = new SeededDropout({ name: 'drop_test', rate: 0.5, salt: 1, mode });
    const x = tf.ones([1, 400]);
    const run = (training: boolean, stepSeed: number) => {
      mode.training = training;
      mode.stepSeed = stepSeed;
      return Array.from((drop.apply(x) as tf.Tensor).dataSync());
    };
    expect(run(false, 3)).toEqual(new Array(400).fill(1));
    const a = run(true, 1);
    expect(new Set(a)).toEqual(new Set([0, 2])); // inverted dropout: kept units scaled by 1 / (1 - rate)
    expect(a.filter((v) => v === 0).length).toBeGreaterThan(150);
    expect(a.filter((v) => v === 0).length).toBeLessThan(250);
    expect(run(true, 1)).toEqual(a);
    expect(run(true, 2)).not.toEqual(a);
    x.dispose();
  });
});

describe('resnet18', () => {
  it('has ResNet-18 parameters, named ReLUs after every block and a 512-d pooled penultimate layer (CIFAR stem)', () => {
    const net = buildNetwork('resnet18', { imageSize: 16, channels: 3, classes: 10, seed: 1 });
    // He et al.'s ResNet-18 with a 3x3 stem for 10 classes: 11,173,962 trainable parameters.
    expect(trainableCount(net)).toBe(11_173_962);
    expect(net.penultimate).toBe('avgpool');
    expect(outShape(net, 'avgpool')).toEqual([null, 512]);
    expect(net.analysableLayers.length).toBe(1 + 8 * 2 + 1);
    expect(net.analysableLayers.slice(0, 3)).toEqual(['conv1_relu', 'layer1_0_relu1', 'layer1_0_relu2']);
    expect(outShape(net, 'layer4_1_relu2')).toEqual([null, 2, 2, 512]);
    checkReluLayers(net);
    const y = forward(net, 2);
    expect(y.shape).toEqual([2, 10]);
    y.dispose();
    net.model.dispose();
  });

  it('uses the ImageNet stem from 128 px: 11,689,512 parameters for 1000 classes', () => {
    const net = buildNetwork('resnet18', { imageSize: 128, channels: 3, classes: 1000, seed: 1 });
    expect(trainableCount(net)).toBe(11_689_512);
    expect(outShape(net, 'conv1_relu')).toEqual([null, 64, 64, 64]);
    expect(outShape(net, 'layer1_0_relu1')).toEqual([null, 32, 32, 64]);
    net.model.dispose();
  });
});

describe('custom layers', () => {
  it('LRN follows b = a / (k + alpha * sum of squares over 2r+1 channels)^beta', () => {
    const data = Array.from({ length: 7 }, (_, i) => i - 3);
    const x = tf.tensor4d(data, [1, 1, 1, 7]);
    const layer = new LocalResponseNorm({ name: 'lrn', depthRadius: 2, bias: 2, alpha: 0.1, beta: 0.75 });
    const y = (layer.apply(x) as tf.Tensor).dataSync();
    data.forEach((a, c) => {
      let sum = 0;
      for (let j = Math.max(0, c - 2); j <= Math.min(6, c + 2); j++) sum += data[j]! ** 2;
      expect(y[c]).toBeCloseTo(a / (2 + 0.1 * sum) ** 0.75, 5);
    });
    x.dispose();
  });

  it('batch norm uses batch statistics and updates running ones only in training mode', () => {
    const mode = new NetMode();
    const bn = new BatchNorm({ name: 'bn_test', mode });
    const x = tf.tensor2d([[1, 10], [3, 30]]);
    const inference = (bn.apply(x) as tf.Tensor).arraySync() as number[][];
    // Fresh running stats (mean 0, var 1): identity up to eps.
    expect(inference[0]![1]).toBeCloseTo(10 / Math.sqrt(1 + 1e-5), 4);
    mode.training = true;
    const trained = (bn.apply(x) as tf.Tensor).arraySync() as number[][];
    mode.training = false;
    expect(trained[0]![0]).toBeCloseTo(-1 / Math.sqrt(1 + 1e-5), 4);
    expect(trained[1]![1]).toBeCloseTo(1, 3);
    const [, , mean, variance] = bn.getWeights().map((w) => Array.from(w.dataSync()));
    // PyTorch: running = 0.9 running + 0.1 batch, unbiased variance (n - 1).
    expect(mean![0]).toBeCloseTo(0.1 * 2, 6);
    expect(mean![1]).toBeCloseTo(0.1 * 20, 5);
    expect(variance![0]).toBeCloseTo(0.9 + 0.1 * 2, 5);
    expect(variance![1]).toBeCloseTo(0.9 + 0.1 * 200, 4);
    x.dispose();
    bn.dispose();
  });
});
