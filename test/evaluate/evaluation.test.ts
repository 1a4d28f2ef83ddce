// Evaluation numbers on hand-made cases: metrics on a known confusion matrix, and the whole
// evaluation on an "oracle" network whose predictions under rot180 and invert are known exactly.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src-main/engine/backend/index';
import { NetMode, type Network } from '../../src-main/engine/models/index';
import { accuracyOf, confusionCounts, evaluateNetwork, quadrants } from '../../src-main/engine/evaluate/index';
import type { ImageSplit } from '../../src-main/engine/types';

beforeAll(async () => {
  await initBackend('auto');
});

describe('metrics on a known confusion matrix', () => {
  // counts[true][pred], 4 categories, 10 images each; seen = {0, 1}.
  const counts = [
    [5, 2, 1, 2],
    [1, 6, 3, 0],
    [0, 4, 4, 2],
    [3, 1, 0, 6],
  ];

  it('builds counts[true][pred] from labels and predictions', () => {
    const labels: number[] = [];
    const preds: number[] = [];
    counts.forEach((row, t) => row.forEach((n, p) => { for (let i = 0; i < n; i++) { labels.push(t); preds.push(p); } }));
    expect(confusionCounts(labels, preds, 4)).toEqual(counts);
    expect(() => confusionCounts([0, 5], [0, 1], 4)).toThrow(/outside 0..3/);
  });

  it('gives accuracy over all, seen and unseen rows', () => {
    expect(accuracyOf(counts)).toBe(21 / 40);
    expect(accuracyOf(counts, [0, 1])).toBe(11 / 20);
    expect(accuracyOf(counts, [2, 3])).toBe(10 / 20);
    expect(accuracyOf(counts, [])).toBeNull();
  });

  it('gives the Fig. 6 quadrants as percentages', () => {
    const q = quadrants(counts, [0, 1]);
    expect(q.seenAsSeen).toBeCloseTo(70, 10);
    expect(q.seenAsUnseen).toBeCloseTo(30, 10);
    expect(q.unseenAsSeen).toBeCloseTo(40, 10);
    expect(q.unseenAsUnseen).toBeCloseTo(60, 10);
    expect(quadrants(counts, [])).toEqual({ seenAsSeen: null, seenAsUnseen: null, unseenAsSeen: 0, unseenAsUnseen: 100 });
    expect(quadrants(counts, [0, 1, 2, 3])).toMatchObject({ seenAsSeen: 100, unseenAsSeen: null });
  });
});

describe('evaluateNetwork on an oracle network', () => {
  // 8x8 gray images, dark except bright pixels; category c is marked at P[c]. rot180 maps
  // P0 <-> P1 and P2 <-> P3. The oracle reads the four marker pixels (logit c = pixel at P[c]).
  const S = 8;
  const P = [[0, 0], [7, 7], [0, 7], [7, 0]] as const;

  function oracle(): Network {
    const input = tf.input({ shape: [S, S, 1] });
    const flat = tf.layers.flatten().apply(input) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 4, name: 'logits' }).apply(flat) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    const W = new Float32Array(S * S * 4);
    P.forEach(([r, c], k) => { W[(r * S + c) * 4 + k] = 1; });
    model.getLayer('logits').setWeights([tf.tensor2d(W, [S * S, 4]), tf.zeros([4])]);
    return { id: 'labnet', options: { imageSize: S, channels: 1, classes: 4, seed: 0 }, model, analysableLayers: [], penultimate: 'logits', mode: new NetMode() };
  }

  /** Images marked at the given categories' pixels, labelled `label`. */
  function testSplit(): ImageSplit {
    const images: { label: number; marks: number[] }[] = [
      ...Array.from({ length: 3 }, () => ({ label: 0, marks: [0] })),
      // Marked at P0 and P1 alike: a tie, which argmax resolves to the first category, 0,
      // before and after rot180. The one image that survives the rotation.
      { label: 0, marks: [0, 1] },
      ...Array.from({ length: 5 }, () => ({ label: 1, marks: [1] })),
      ...Array.from({ length: 2 }, () => ({ label: 2, marks: [2] })),
      ...Array.from({ length: 4 }, () => ({ label: 3, marks: [3] })),
    ];
    const pixels = new Uint8Array(images.length * S * S);
    images.forEach((im, i) => im.marks.forEach((k) => { pixels[i * S * S + P[k]![0] * S + P[k]![1]] = 255; }));
    return { pixels, labels: Int32Array.from(images.map((im) => im.label)), count: images.length };
  }

  it('reports clean, within, across, the accuracy-matrix row, confusions and quadrants', () => {
    const net = oracle();
    const split = testSplit();
    const { evaluation: ev, confusions } = evaluateNetwork(net, split, { storedSize: S, channels: 1, imageSize: S }, {
      transform: { id: 'rot180', params: {} },
      seenCategories: [2, 0],
      evalTransforms: [{ id: 'invert', params: {} }, { id: 'rot180', params: {} }],
    });
    expect(confusions.map((c) => c.condition)).toEqual(['clean', 'rot180', 'invert']);
    expect(confusions[0]!.counts).toEqual([[4, 0, 0, 0], [0, 5, 0, 0], [0, 0, 2, 0], [0, 0, 0, 4]]);
    expect(confusions[1]!.counts).toEqual([[1, 3, 0, 0], [5, 0, 0, 0], [0, 0, 0, 2], [0, 0, 4, 0]]);
    expect(ev.cleanAccuracy).toBe(1);
    expect(ev.cleanSeen).toBe(1);
    expect(ev.cleanUnseen).toBe(1);
    expect(ev.within).toBeCloseTo(1 / 6, 10);
    expect(ev.across).toBe(0);
    expect(ev.transformedAccuracy).toBeCloseTo(1 / 15, 10);
    expect(ev.byTransform.rot180).toBe(ev.transformedAccuracy);
    // Inverted, markers are the darkest pixels: the oracle picks the first unmarked category.
    expect(confusions[2]!.counts).toEqual([[0, 3, 1, 0], [5, 0, 0, 0], [2, 0, 0, 0], [4, 0, 0, 0]]);
    expect(ev.byTransform.invert).toBe(0);
    expect(ev.quadrants!.seenAsSeen).toBeCloseTo(100 / 6, 10);
    expect(ev.quadrants!.seenAsUnseen).toBeCloseTo(500 / 6, 10);
    expect(ev.quadrants!.unseenAsSeen).toBe(100);
    expect(ev.quadrants!.unseenAsUnseen).toBe(0);
    // The choice restricted to the seen {0, 2} / unseen {1, 3} categories. Rotated, a marker
    // lands on a pixel outside the subset: the tie (all logits 0) goes to the subset's first
    // category, so categories 0 and 1 are right (4 + 5 images) and 2 and 3 wrong.
    expect(ev.restricted!.within).toMatchObject({ accuracy: 4 / 6, chance: 0.5, categories: 2, images: 6 });
    expect(ev.restricted!.within!.corrected).toBeCloseTo(1 / 3, 10);
    expect(ev.restricted!.across).toMatchObject({ accuracy: 5 / 9, chance: 0.5, categories: 2, images: 9 });
    expect(ev.restricted!.across!.corrected).toBeCloseTo(1 / 9, 10);
    // Plain across is 0: every unseen image went to a seen category (quadrant I 100 %), yet
    // restricted to the unseen categories the network is above chance.
    expect(ev.testImages).toEqual({ seen: 6, unseen: 9, all: 15 });
    net.model.dispose();
  });

  it('gives a clean network no within/across/quadrants, and rejects one transformation with two strengths', () => {
    const net = oracle();
    const g = { storedSize: S, channels: 1, imageSize: S };
    const { evaluation: ev } = evaluateNetwork(net, testSplit(), g, { transform: null, seenCategories: [], evalTransforms: [{ id: 'rot180', params: {} }] });
    expect(ev).toMatchObject({ within: null, across: null, transformedAccuracy: null, quadrants: null, cleanSeen: null, cleanUnseen: 1 });
    expect(ev.restricted).toEqual({ within: null, across: null });
    expect(ev.byTransform.rot180).toBe(1 / 15);
    expect(() => evaluateNetwork(net, testSplit(), g, {
      transform: { id: 'blur', params: { sigma: 1 } }, seenCategories: [], evalTransforms: [{ id: 'blur', params: { sigma: 2 } }],
    })).toThrow(/blur given twice/);
    net.model.dispose();
  });
});
