// Activation capture and the tau search by ablation on a tiny tfjs network (cpu backend).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ablationCounts, ablationCountsFromActivations, AblationUnsupportedError, ANALYSIS_BATCH, buildHead, captureLayer, chooseTau,
  TAU_GRID, toTauSearchResult, type AblationCounts,
} from '../../src-main/engine/analysis';
import { standardize } from '../../src-main/engine/transforms';
import { predictSplit } from '../../src-main/engine/evaluate/predict';
import type { Network } from '../../src-main/engine/models';
import { TOY_SIZE, toyImages, toyNetwork } from './toy-network';

const invert = { id: 'invert' as const, params: {} };

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** The layer's output for all images, computed directly (no batching, no sampling). */
function direct(model: tf.LayersModel, layer: string, pixels: Uint8Array, count: number, transformed: boolean): Float32Array {
  return tf.tidy(() => {
    let x = tf.tensor4d(Float32Array.from(pixels), [count, TOY_SIZE, TOY_SIZE, 1]);
    if (transformed) x = tf.sub(255, x);
    const sub = tf.model({ inputs: model.inputs, outputs: model.getLayer(layer).output as tf.SymbolicTensor });
    return (sub.predict(standardize(x)) as tf.Tensor).reshape([count, -1]).dataSync() as Float32Array;
  });
}

describe('captureLayer', () => {
  const net = toyNetwork(2);
  // More images than one batch, so batch boundaries are crossed.
  const images = toyImages(ANALYSIS_BATCH + 9, 5);

  it('reads the dense layer whole, clean and transformed, row by row as the network computes it', async () => {
    const c = await captureLayer(net.model, 'fc_relu', images, invert, TOY_SIZE, { maxUnits: 4096, seed: 1 });
    expect(c.shape).toEqual([12]);
    expect(c.totalUnits).toBe(12);
    expect(Array.from(c.units)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect([c.clean.images, c.clean.neurons]).toEqual([images.count, 12]);
    const wantClean = direct(net.model, 'fc_relu', images.pixels, images.count, false);
    const wantTransformed = direct(net.model, 'fc_relu', images.pixels, images.count, true);
    for (let i = 0; i < wantClean.length; i++) {
      expect(c.clean.data[i]).toBeCloseTo(wantClean[i]!, 5);
      expect(c.transformed.data[i]).toBeCloseTo(wantTransformed[i]!, 5);
    }
    expect(Math.min(...c.clean.data)).toBeGreaterThanOrEqual(0);
  });

  it('samples a conv layer to maxUnits (position, channel) units, the columns being those flat indices', async () => {
    const c = await captureLayer(net.model, 'c1_relu', images, invert, TOY_SIZE, { maxUnits: 50, seed: 3 });
    expect(c.shape).toEqual([TOY_SIZE, TOY_SIZE, 4]);
    expect(c.totalUnits).toBe(TOY_SIZE * TOY_SIZE * 4);
    expect(c.units.length).toBe(50);
    const full = direct(net.model, 'c1_relu', images.pixels, images.count, false);
    const per = c.totalUnits;
    for (const img of [0, 31, images.count - 1]) {
      for (let j = 0; j < 50; j++) expect(c.clean.data[img * 50 + j]).toBeCloseTo(full[img * per + c.units[j]!]!, 5);
    }
    const again = await captureLayer(net.model, 'c1_relu', images, invert, TOY_SIZE, { maxUnits: 50, seed: 3 });
    expect(Array.from(again.units)).toEqual(Array.from(c.units));
  });

  it('draws random transformations from the transform seed: same seed, same activations', async () => {
    const noise = { id: 'noise' as const, params: { sigma: 40 } };
    const a = await captureLayer(net.model, 'fc_relu', images, noise, TOY_SIZE, { maxUnits: 100, seed: 1, transformSeed: 9 });
    const b = await captureLayer(net.model, 'fc_relu', images, noise, TOY_SIZE, { maxUnits: 100, seed: 2, transformSeed: 9 });
    const c = await captureLayer(net.model, 'fc_relu', images, noise, TOY_SIZE, { maxUnits: 100, seed: 1, transformSeed: 10 });
    expect(Array.from(b.transformed.data)).toEqual(Array.from(a.transformed.data));
    expect(Array.from(c.transformed.data)).not.toEqual(Array.from(a.transformed.data));
    expect(Array.from(c.clean.data)).toEqual(Array.from(a.clean.data));
  });

  it('names the layers it can analyse when asked for one that does not exist', async () => {
    await expect(captureLayer(net.model, 'nope', images, invert, TOY_SIZE, { maxUnits: 10, seed: 1 })).rejects.toThrow(/no layer "nope"/);
  });
});

describe('buildHead', () => {
  it('runs the rest of the network on the layer\'s activations (same logits as the whole network)', () => {
    const net = toyNetwork(3);
    const head = buildHead(net.model, 'fc_relu');
    const images = toyImages(10, 1);
    tf.tidy(() => {
      const x = standardize(tf.tensor4d(Float32Array.from(images.pixels), [10, TOY_SIZE, TOY_SIZE, 1]));
      const acts = tf.model({ inputs: net.model.inputs, outputs: net.model.getLayer('fc_relu').output as tf.SymbolicTensor }).predict(x) as tf.Tensor;
      const viaHead = (head.predict(acts) as tf.Tensor).dataSync();
      const whole = (net.model.predict(x) as tf.Tensor).dataSync();
      for (let i = 0; i < whole.length; i++) expect(viaHead[i]).toBeCloseTo(whole[i]!, 5);
    });
    // The conv layer is followed by a chain too.
    expect(buildHead(net.model, 'c1_relu').layers).toEqual(['pool', 'flat', 'fc', 'fc_relu', 'logits']);
    // Building and running heads leaves the network's own graph alone.
    expect(net.model.getLayer('fc_relu').inboundNodes).toHaveLength(1);
    expect(() => net.model.getLayer('fc_relu').output).not.toThrow();
  });

  it('refuses a layer whose output also feeds a skip connection', () => {
    const input = tf.input({ shape: [4] });
    const a = tf.layers.dense({ name: 'a', units: 4 }).apply(input) as tf.SymbolicTensor;
    const r = tf.layers.activation({ name: 'a_relu', activation: 'relu' }).apply(a) as tf.SymbolicTensor;
    const b = tf.layers.dense({ name: 'b', units: 4 }).apply(r) as tf.SymbolicTensor;
    const sum = tf.layers.add({ name: 'sum' }).apply([b, r]) as tf.SymbolicTensor;
    const out = tf.layers.dense({ name: 'out', units: 2 }).apply(sum) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    expect(() => buildHead(model, 'a_relu')).toThrow(AblationUnsupportedError);
    expect(() => buildHead(model, 'a_relu')).toThrow(/layer "sum" after it merges 2 inputs/);
  });
});

describe('chooseTau', () => {
  const counts = (drops: [number, number][]): AblationCounts => ({
    images: 200, baseClean: 180, baseTransformed: 120,
    points: drops.map(([dc, dt], i) => ({ tau: i / 20, inactiveAblatedClean: 180 - dc, inactiveAblatedTransformed: 120 - dt, activeAblatedClean: 0, activeAblatedTransformed: 0 })),
  });
  it('takes the highest tau whose drop is at most 1 point on both clean and transformed images', () => {
    // 1 point of 200 images = 2 images. Drops (clean, transformed) per tau 0, .05, .1, .15, .2:
    expect(chooseTau(counts([[0, 0], [1, 0], [2, 2], [3, 0], [9, 9]]))).toBe(0.1);
    // tau .1 drops 3 transformed images: 1.5 points, too many.
    expect(chooseTau(counts([[0, 0], [1, 0], [2, 3], [3, 0], [9, 9]]))).toBe(0.05);
    // Not necessarily contiguous: the highest value that qualifies is taken (SPEC wording).
    expect(chooseTau(counts([[0, 0], [5, 0], [1, 1], [9, 9]]))).toBe(0.1);
    // Accuracy that rises under ablation is no drop.
    expect(chooseTau(counts([[0, 0], [-3, -1], [9, 0]]))).toBe(0.05);
  });
});

describe('ablationCounts', () => {
  const net = toyNetwork(4);
  const images = toyImages(ANALYSIS_BATCH + 6, 8, net);

  it('keeps accuracy at tau = 0, reaches the no-activity accuracy at tau = 1, and matches a direct recomputation', async () => {
    const c = await ablationCounts(net.model, 'fc_relu', images, invert, TOY_SIZE, {});
    const n = images.count;
    expect(c.points.map((p) => p.tau)).toEqual([...TAU_GRID]);
    // Labels are the clean predictions except every 7th image.
    const wrong = Math.ceil(n / 7);
    expect(c.baseClean).toBe(n - wrong);
    const p0 = c.points[0]!;
    const p1 = c.points[20]!;
    // tau = 0 zeroes only units that are already 0; tau = 1 zeroes everything (f <= 1).
    expect(p0.inactiveAblatedClean).toBe(c.baseClean);
    expect(p0.inactiveAblatedTransformed).toBe(c.baseTransformed);
    expect(p1.activeAblatedClean).toBe(c.baseClean);
    expect(p1.activeAblatedTransformed).toBe(c.baseTransformed);
    // With the whole layer zeroed the network predicts argmax(bias of the classifier) = class 0
    // here (zero bias: ties go to the first class) for every image.
    const class0 = images.labels.filter((l) => l === 0).length;
    expect(p1.inactiveAblatedClean).toBe(class0);
    expect(p0.activeAblatedClean).toBe(class0);

    // Recompute tau = 0.3 by hand: normalise by M over clean and transformed, zero f <= tau.
    const cap = await captureLayer(net.model, 'fc_relu', images, invert, TOY_SIZE, { maxUnits: 4096, seed: 1 });
    const u = cap.clean.neurons;
    const M = new Float64Array(u);
    for (let i = 0; i < cap.clean.data.length; i++) M[i % u] = Math.max(M[i % u]!, cap.clean.data[i]!, cap.transformed.data[i]!);
    const head = buildHead(net.model, 'fc_relu');
    const accuracyOf = (data: Float32Array, keepActive: boolean) => tf.tidy(() => {
      const masked = Float32Array.from(data, (v, i) => ((M[i % u]! > 0 && v / M[i % u]! > 0.3) === keepActive ? v : 0));
      const pred = Array.from(tf.argMax(head.predict(tf.tensor2d(masked, [n, u])), 1).dataSync());
      return pred.reduce((acc, p, i) => acc + (p === images.labels[i] ? 1 : 0), 0);
    });
    const p = c.points[6]!;
    expect(p.tau).toBe(0.3);
    expect(p.inactiveAblatedClean).toBe(accuracyOf(cap.clean.data, true));
    expect(p.inactiveAblatedTransformed).toBe(accuracyOf(cap.transformed.data, true));
    expect(p.activeAblatedClean).toBe(accuracyOf(cap.clean.data, false));
    expect(p.activeAblatedTransformed).toBe(accuracyOf(cap.transformed.data, false));

    const res = toTauSearchResult(c);
    expect(res.tau).toBe(chooseTau(c));
    expect(res.baseClean).toBeCloseTo(c.baseClean / n, 12);
    expect(res.points[6]!.activeAblatedClean).toBeCloseTo(p.activeAblatedClean / n, 12);
  });

  it('sees the same transformed test images as the evaluation (same batches, same noise seeds)', async () => {
    const noise = { id: 'noise' as const, params: { sigma: 60 } };
    const c = await ablationCounts(net.model, 'fc_relu', images, noise, TOY_SIZE, { taus: [0] });
    const asNetwork = { ...net, id: 'labnet', options: { imageSize: TOY_SIZE, channels: 1, classes: 3, seed: 0 } } as unknown as Network;
    const g = { storedSize: TOY_SIZE, channels: 1, imageSize: TOY_SIZE };
    const { labels, preds } = predictSplit(asNetwork, images, g, { transform: noise });
    const correct = preds.reduce((acc, p, i) => acc + (p === labels[i] ? 1 : 0), 0);
    expect(c.baseTransformed).toBe(correct);
    expect(c.baseTransformed).toBeLessThan(c.baseClean);
  });

  it('gives the same counts from captured activations as from streaming passes', async () => {
    const streamed = await ablationCounts(net.model, 'fc_relu', images, invert, TOY_SIZE, {});
    const cap = await captureLayer(net.model, 'fc_relu', images, invert, TOY_SIZE, { maxUnits: 4096, seed: 1 });
    expect(ablationCountsFromActivations(net.model, 'fc_relu', cap.clean, cap.transformed, images.labels)).toEqual(streamed);
    const sampled = await captureLayer(net.model, 'c1_relu', images, invert, TOY_SIZE, { maxUnits: 10, seed: 1 });
    expect(() => ablationCountsFromActivations(net.model, 'c1_relu', sampled.clean, sampled.transformed, images.labels))
      .toThrow(/needs all 256 units of layer "c1_relu", the activations hold 10/);
  });

  it('works at a conv layer followed by a chain (ablating the whole layer, not a sample)', async () => {
    const c = await ablationCounts(net.model, 'c1_relu', images, invert, TOY_SIZE, { taus: [0, 1] });
    expect(c.points[0]!.inactiveAblatedClean).toBe(c.baseClean);
    expect(c.points[1]!.activeAblatedClean).toBe(c.baseClean);
  });
});
