// Per-image standardisation against TensorFlow's per_image_standardization formula.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { standardize } from '../../src-main/engine/transforms';
import { BACKENDS, randomImages, useBackend } from './helpers';

describe.each(BACKENDS)('standardize on %s', (backend) => {
  useBackend(backend);

  it('is (x - mean) / max(std, 1/sqrt(numel)) per image', () => {
    const img = randomImages(3, 6, 5, 3, 21);
    // a second image with a small spread so images have different statistics
    for (let i = 90; i < 180; i++) img.data[i] = 100 + img.data[i]! / 100;
    const x = tf.tensor4d(Float32Array.from(img.data), [3, 6, 5, 3]);
    const y = standardize(x);
    const got = y.dataSync();
    const numel = 90;
    for (let b = 0; b < 3; b++) {
      const v = Array.from(img.data.slice(b * numel, (b + 1) * numel), Math.fround);
      const mean = v.reduce((a, c) => a + c, 0) / numel;
      const std = Math.sqrt(v.reduce((a, c) => a + (c - mean) ** 2, 0) / numel);
      const adj = Math.max(std, 1 / Math.sqrt(numel));
      for (let i = 0; i < numel; i++) expect(got[b * numel + i]!).toBeCloseTo((v[i]! - mean) / adj, 3);
    }
    tf.dispose([x, y]);
  });

  it('a constant image becomes zeros (the 1/sqrt(numel) floor prevents dividing by 0)', () => {
    const x = tf.fill([2, 4, 4, 1], 77) as tf.Tensor4D;
    const y = standardize(x);
    expect(Array.from(y.dataSync()).every((v) => Math.abs(v) < 1e-4)).toBe(true);
    tf.dispose([x, y]);
  });

  it('uses the floor when std is below 1/sqrt(numel)', () => {
    // 16 values: 8 at 10.0, 8 at 10.1 -> std 0.05 < 1/sqrt(16) = 0.25
    const vals = Array.from({ length: 16 }, (_, i) => (i < 8 ? 10 : 10.1));
    const x = tf.tensor4d(vals, [1, 4, 4, 1]);
    const y = standardize(x);
    const got = y.dataSync();
    expect(got[0]!).toBeCloseTo(-0.05 / 0.25, 3);
    expect(got[15]!).toBeCloseTo(0.05 / 0.25, 3);
    tf.dispose([x, y]);
  });
});
