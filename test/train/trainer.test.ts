// The SGD step: PyTorch's momentum and coupled weight decay, checked against the formula on a
// linear model; loss goes down on a fixed batch; momentum state round-trips; no tensor leaks.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src-main/engine/backend/index';
import { buildNetwork, NetMode, type Network } from '../../src-main/engine/models/index';
import { getWeights, setWeights } from '../../src-main/engine/models/weights';
import { createTrainer } from '../../src-main/engine/train/trainer';

beforeAll(async () => {
  await initBackend('auto');
});

/** Softmax regression on flattened 2x2x1 images, as a Network: small enough to differentiate by hand. */
function linearNet(): Network {
  const input = tf.input({ shape: [2, 2, 1] });
  const flat = tf.layers.flatten().apply(input) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 3, name: 'logits', kernelInitializer: 'zeros' }).apply(flat) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out });
  model.getLayer('logits').setWeights([
    tf.tensor2d([[0.1, -0.2, 0.3], [0.0, 0.5, -0.1], [0.2, 0.2, 0.2], [-0.3, 0.1, 0.0]]),
    tf.tensor1d([0.05, -0.05, 0.0]),
  ]);
  return { id: 'labnet', options: { imageSize: 2, channels: 1, classes: 3, seed: 0 }, model, analysableLayers: [], penultimate: 'logits', mode: new NetMode() };
}

/** Mean cross-entropy gradient of softmax regression, by hand: dL/dz = (softmax(z) - onehot) / n. */
function manualGrads(W: number[][], b: number[], xs: number[][], ys: number[]): { gW: number[][]; gb: number[] } {
  const gW = W.map((r) => r.map(() => 0));
  const gb = b.map(() => 0);
  xs.forEach((x, n) => {
    const z = b.map((bk, k) => bk + x.reduce((s, xi, i) => s + xi * W[i]![k]!, 0));
    const m = Math.max(...z);
    const e = z.map((v) => Math.exp(v - m));
    const sum = e.reduce((a, c) => a + c, 0);
    e.forEach((ek, k) => {
      const d = (ek / sum - (k === ys[n] ? 1 : 0)) / xs.length;
      gb[k] += d;
      x.forEach((xi, i) => { gW[i]![k] += d * xi; });
    });
  });
  return { gW, gb };
}

describe('createTrainer', () => {
  it('applies g + wd*w, v = mu*v + g, w -= lr*v to every parameter (biases included), as torch.optim.SGD', () => {
    const net = linearNet();
    const lr = 0.5;
    const mu = 0.9;
    const wd = 0.1;
    const trainer = createTrainer(net, { learningRate: lr, momentum: mu, weightDecay: wd });
    const xs = [[1, 2, 0, -1], [0.5, -1, 1, 2]];
    const ys = [2, 0];
    const x = tf.tensor4d(xs.flat(), [2, 2, 2, 1]);
    const y = tf.tensor1d(ys, 'int32');
    let W = net.model.getLayer('logits').getWeights()[0]!.arraySync() as number[][];
    let b = Array.from(net.model.getLayer('logits').getWeights()[1]!.dataSync());
    let vW = W.map((r) => r.map(() => 0));
    let vb = b.map(() => 0);
    for (let step = 0; step < 3; step++) {
      const { gW, gb } = manualGrads(W, b, xs, ys);
      vW = vW.map((r, i) => r.map((v, k) => mu * v + gW[i]![k]! + wd * W[i]![k]!));
      vb = vb.map((v, k) => mu * v + gb[k]! + wd * b[k]!);
      W = W.map((r, i) => r.map((w, k) => w - lr * vW[i]![k]!));
      b = b.map((w, k) => w - lr * vb[k]!);
      trainer.trainStep(x, y);
      const got = net.model.getLayer('logits').getWeights();
      const gotW = got[0]!.arraySync() as number[][];
      const gotB = Array.from(got[1]!.dataSync());
      W.forEach((r, i) => r.forEach((w, k) => expect(gotW[i]![k]).toBeCloseTo(w, 5)));
      b.forEach((w, k) => expect(gotB[k]).toBeCloseTo(w, 5));
    }
    trainer.dispose();
    tf.dispose([x, y]);
    net.model.dispose();
  });

  it('reports the batch loss and correct count before the update', () => {
    const net = linearNet();
    const trainer = createTrainer(net, { learningRate: 0.1, momentum: 0.9, weightDecay: 0 });
    const x = tf.tensor4d([1, 2, 0, -1, 0.5, -1, 1, 2], [2, 2, 2, 1]);
    const y = tf.tensor1d([2, 0], 'int32');
    const expected = tf.tidy(() => {
      const logits = net.model.predict(x) as tf.Tensor2D;
      const loss = tf.losses.softmaxCrossEntropy(tf.oneHot(y, 3), logits).dataSync()[0]!;
      const correct = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), y), 'int32')).dataSync()[0]!;
      return { loss, correct };
    });
    const r = trainer.trainStep(x, y);
    expect(r.loss).toBeCloseTo(expected.loss, 5);
    expect(r.correct).toBe(expected.correct);
    trainer.dispose();
    tf.dispose([x, y]);
    net.model.dispose();
  });

  it('reduces the loss on a fixed toy batch and leaks no tensors', () => {
    const net = buildNetwork('labnet', { imageSize: 12, channels: 3, classes: 4, seed: 2 });
    const trainer = createTrainer(net, { learningRate: 0.01, momentum: 0.9, weightDecay: 5e-4 });
    const x = tf.randomNormal([16, 12, 12, 3], 0, 1, 'float32', 4) as tf.Tensor4D;
    const y = tf.tensor1d(Array.from({ length: 16 }, (_, i) => i % 4), 'int32');
    const before = tf.memory().numTensors;
    const first = trainer.trainStep(x, y).loss;
    let last = first;
    for (let i = 0; i < 25; i++) last = trainer.trainStep(x, y, i).loss;
    expect(tf.memory().numTensors).toBe(before);
    expect(last).toBeLessThan(first * 0.5);
    trainer.dispose();
    tf.dispose([x, y]);
    net.model.dispose();
  });

  it('restores momentum state: a copied trainer takes the same next step', () => {
    const opts = { learningRate: 0.05, momentum: 0.9, weightDecay: 5e-4 };
    const a = buildNetwork('labnet', { imageSize: 8, channels: 1, classes: 2, seed: 5 });
    const b = buildNetwork('labnet', { imageSize: 8, channels: 1, classes: 2, seed: 6 });
    const ta = createTrainer(a, opts);
    const tb = createTrainer(b, opts);
    const x = tf.randomNormal([4, 8, 8, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
    const y = tf.tensor1d([0, 1, 0, 1], 'int32');
    ta.trainStep(x, y);
    ta.trainStep(x, y);
    setWeights(b, getWeights(a));
    tb.setState(ta.getState());
    expect(ta.getState().values.some((v) => v.some((e) => e !== 0))).toBe(true);
    ta.trainStep(x, y);
    tb.trainStep(x, y);
    const wa = getWeights(a);
    const wb = getWeights(b);
    wa.forEach((w, i) => expect(Array.from(wb[i]!.data)).toEqual(Array.from(w.data)));
    expect(() => tb.setState({ ...ta.getState(), names: ['nope'] })).toThrow(/no momentum buffer for "conv1\/kernel"/);
    [ta, tb].forEach((t) => t.dispose());
    tf.dispose([x, y]);
    [a, b].forEach((n) => n.model.dispose());
  });

  it('rejects bad hyper-parameters', () => {
    const net = linearNet();
    expect(() => createTrainer(net, { learningRate: 0, momentum: 0.9, weightDecay: 0 })).toThrow(/learningRate must be > 0/);
    expect(() => createTrainer(net, { learningRate: 0.1, momentum: 1, weightDecay: 0 })).toThrow(/momentum must be < 1/);
    net.model.dispose();
  });
});
