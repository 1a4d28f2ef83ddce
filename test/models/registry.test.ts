// Registry-driven network tests (as timm's tests loop over list_models()): every registered
// network builds, runs forward and backward, exposes analysable post-ReLU layers, and draws
// its weights from the seed. A new network is tested by registering it; an unknown id fails.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src-main/engine/backend/index';
import { buildNetwork, type Network, type NetworkOptions } from '../../src-main/engine/models/index';
import { NETWORKS, NETWORK_IDS, networkInfo, type NetworkId } from '../../shared/networks';
import { experimentSpecSchema } from '../../shared/spec';

beforeAll(async () => {
  await initBackend('auto');
});

const OPTS: NetworkOptions = { imageSize: 16, channels: 3, classes: 5, seed: 3 };
const input = (n: number) => tf.randomUniform([n, OPTS.imageSize, OPTS.imageSize, OPTS.channels], -1, 1, 'float32', 9) as tf.Tensor4D;
/** One digest of the trainable weights (batch norm running statistics move in a training step) (resnet18 has 11M: comparing arrays would not fit in memory). */
function weightsOf(net: Network): string {
  const h = createHash('sha256');
  for (const w of net.model.trainableWeights.map((v) => v.read())) { const d = w.dataSync() as Float32Array; h.update(new Uint8Array(d.buffer, d.byteOffset, d.byteLength)); }
  return h.digest('hex');
}

describe('the network registry', () => {
  it('has one builder file per registered network', () => {
    expect(new Set(NETWORK_IDS).size).toBe(NETWORK_IDS.length);
    for (const id of NETWORK_IDS) {
      expect(fs.existsSync(path.resolve(__dirname, `../../src-main/engine/models/${id}.ts`)), `${id}.ts`).toBe(true);
    }
  });

  it('refuses an unregistered network loudly instead of building another one', () => {
    expect(() => buildNetwork('vgg16' as NetworkId, OPTS)).toThrow(/unknown network "vgg16": expected one of labnet, alexnet, resnet18/);
    expect(() => networkInfo('vgg16')).toThrow(/unknown network "vgg16"/);
    expect(experimentSpecSchema.safeParse({ dataset: 'builtin', network: 'vgg16', transformations: ['blur'] }).success).toBe(false);
  });
});

describe.each(NETWORKS.map((n) => [n.id, n] as const))('%s', (id, info) => {
  let net: Network;
  beforeAll(async () => { await new Promise((r) => setImmediate(r)); net = buildNetwork(id, OPTS); });
  afterAll(() => net.model.dispose());

  it('is a complete entry', () => {
    expect(info.label.length).toBeGreaterThan(0);
    expect(info.note.length).toBeGreaterThan(0);
    expect(info.defaultLearningRate).toBeGreaterThan(0);
    expect(experimentSpecSchema.safeParse({ dataset: 'builtin', network: id, transformations: ['blur'] }).success).toBe(true);
  });

  it('runs forward to logits and backward to a finite, non-zero gradient for every trainable weight', () => {
    {
      const x = input(2);
      const y = net.model.predict(x) as tf.Tensor;
      expect(y.shape).toEqual([2, OPTS.classes]);
      y.dispose();
      const labels = tf.oneHot(tf.tensor1d([0, 3], 'int32'), OPTS.classes);
      net.mode.training = true;
      const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(labels, net.model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar);
      net.mode.training = false;
      expect(Number.isFinite(value.dataSync()[0])).toBe(true);
      const trainable = new Set(net.model.trainableWeights.map((w) => w.name));
      const got = Object.keys(grads).filter((k) => trainable.has(k));
      expect(got.length).toBe(trainable.size);
      let nonZero = 0;
      for (const k of got) {
        const g = grads[k]!.dataSync();
        expect(g.every(Number.isFinite), k).toBe(true);
        if (g.some((v) => v !== 0)) nonZero++;
      }
      // Zero-initialised layers (labnet) get a zero gradient for some weights in the first step;
      // most weights must still learn.
      expect(nonZero).toBeGreaterThan(0);
      tf.dispose([x, labels, value, ...Object.values(grads)]);
    }
  });

  it('names its analysable layers: post-ReLU (non-negative) outputs, the last one the penultimate', () => {
    {
      expect(net.analysableLayers.length).toBeGreaterThan(0);
      expect(net.analysableLayers.at(-1)).toBe(net.penultimate);
      const probe = tf.model({ inputs: net.model.inputs, outputs: net.analysableLayers.map((l) => net.model.getLayer(l).output as tf.SymbolicTensor) });
      const x = input(2);
      const outs = [probe.predict(x)].flat() as tf.Tensor[];
      outs.forEach((o, i) => expect(o.min().dataSync()[0], net.analysableLayers[i]).toBeGreaterThanOrEqual(0));
      tf.dispose([x, ...outs]);
    }
  });

  it('draws its weights from the seed: the same seed the same weights, another seed others', async () => {
    // A yield between builds: a synchronous stretch over 60 s (alexnet under load) starves
    // vitest's worker RPC ("Timeout calling onTaskUpdate", vitest-dev/vitest#8164).
    const b = buildNetwork(id, OPTS);
    await new Promise((r) => setImmediate(r));
    const c = buildNetwork(id, { ...OPTS, seed: OPTS.seed + 1 });
    await new Promise((r) => setImmediate(r));
    try {
      const wa = weightsOf(net);
      expect(weightsOf(b)).toBe(wa);
      expect(weightsOf(c)).not.toBe(wa);
    } finally { [b, c].forEach((n) => n.model.dispose()); }
  });
});
