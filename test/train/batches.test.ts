// Batch preparation: resize, transformation of the picked images only, standardisation.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src-main/engine/backend/index';
import { gatherImages, prepareBatch } from '../../src-main/engine/train/batches';
import { standardize } from '../../src-main/engine/transforms/index';
import type { ImageSplit } from '../../src-main/engine/types';

beforeAll(async () => {
  await initBackend('auto');
});

function split(): ImageSplit {
  const n = 4;
  const pixels = new Uint8Array(n * 4 * 4 * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37) % 256;
  return { pixels, labels: Int32Array.from([0, 1, 2, 3]), count: n };
}

describe('prepareBatch', () => {
  it('transforms the picked images only, puts them last with their labels, and standardises all', () => {
    const s = split();
    const g = { storedSize: 4, channels: 3, imageSize: 4 };
    const before = tf.memory().numTensors;
    const batch = prepareBatch(s, [3, 1, 0], g, { id: 'invert', params: {} }, (i) => i === 0, 1);
    expect(Array.from(batch.labels)).toEqual([1, 0, 3]);
    expect(batch.transformedCount).toBe(1);
    const expected = tf.tidy(() => {
      const raw = gatherImages(s, [1, 0, 3], g);
      const inverted = tf.sub(255, raw.slice([2], [1])) as tf.Tensor4D;
      return standardize(tf.concat([raw.slice([0], [2]), inverted]) as tf.Tensor4D);
    });
    const got = batch.x.dataSync();
    expected.dataSync().forEach((v, i) => expect(got[i]).toBeCloseTo(v, 4));
    tf.dispose([expected, batch.x]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('resizes to the network size when the stored size differs', () => {
    const s = split();
    const x = gatherImages(s, [2], { storedSize: 4, channels: 3, imageSize: 8 });
    expect(x.shape).toEqual([1, 8, 8, 3]);
    const v = x.dataSync();
    expect(Math.min(...v)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...v)).toBeLessThanOrEqual(255);
    x.dispose();
    expect(() => gatherImages(s, [4], { storedSize: 4, channels: 3, imageSize: 4 })).toThrow(/index 4 out of range/);
  });
});
