// noise and saltpepper: distribution, clipping, per-pixel structure and seeding.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { BACKENDS, apply, randomImages, useBackend, type Img } from './helpers';

function constant(n: number, h: number, w: number, c: number, v: number): Img {
  return { data: new Float64Array(n * h * w * c).fill(v), n, h, w, c };
}

function meanStd(xs: ArrayLike<number>): [number, number] {
  let s = 0, s2 = 0;
  for (let i = 0; i < xs.length; i++) { s += xs[i]!; s2 += xs[i]! * xs[i]!; }
  const m = s / xs.length;
  return [m, Math.sqrt(s2 / xs.length - m * m)];
}

describe.each(BACKENDS)('noise transformations on %s', (backend) => {
  useBackend(backend);

  it('noise adds N(0, sigma^2) independently per pixel and channel', () => {
    const img = constant(4, 16, 16, 3, 128);
    const out = apply('noise', img, { sigma: 20 }, 1);
    const d = out.data.map((v) => v - 128);
    const [m, s] = meanStd(d);
    expect(Math.abs(m)).toBeLessThan(1.5); // 4 standard errors for n = 3072
    expect(Math.abs(s - 20)).toBeLessThan(1.2);
    // channels of a pixel are not tied together: correlation near 0
    const r = [], g = [];
    for (let i = 0; i < d.length; i += 3) { r.push(d[i]!); g.push(d[i + 1]!); }
    let cov = 0;
    for (let i = 0; i < r.length; i++) cov += r[i]! * g[i]!;
    expect(Math.abs(cov / r.length / (20 * 20))).toBeLessThan(0.12);
    // about 68% within one sigma
    const within = d.filter((v) => Math.abs(v) < 20).length / d.length;
    expect(within).toBeGreaterThan(0.64);
    expect(within).toBeLessThan(0.72);
  });

  it('noise is clipped to [0,255]', () => {
    const out = apply('noise', randomImages(2, 8, 8, 3, 1), { sigma: 1000 }, 2);
    expect(Math.min(...out.data)).toBe(0);
    expect(Math.max(...out.data)).toBe(255);
    const ends = out.data.filter((v) => v === 0 || v === 255).length / out.data.length;
    expect(ends).toBeGreaterThan(0.7);
  });

  it('noise: same seed, same output; another seed, another output', () => {
    const img = randomImages(2, 8, 8, 3, 3);
    const a = apply('noise', img, { sigma: 25 }, 42), b = apply('noise', img, { sigma: 25 }, 42);
    const c = apply('noise', img, { sigma: 25 }, 43), z = apply('noise', img, { sigma: 25 }, 0);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(Array.from(a.data)).not.toEqual(Array.from(c.data));
    expect(Array.from(z.data)).toEqual(Array.from(apply('noise', img, { sigma: 25 }, 0).data)); // seed 0 is a real seed
  });

  it('saltpepper replaces a fraction p of pixels, all channels together, with 0 or 255', () => {
    const img = randomImages(8, 32, 32, 3, 9, 1, 254); // never 0 or 255 before
    const p = 0.3;
    const out = apply('saltpepper', img, { p }, 5);
    let replaced = 0, white = 0, mixedChannels = 0, changedKept = 0;
    const pixels = img.n * img.h * img.w;
    for (let k = 0; k < pixels; k++) {
      const o = [0, 1, 2].map((ch) => out.data[k * 3 + ch]!);
      if (o.some((v) => v === 0 || v === 255)) {
        if (o[0] !== o[1] || o[1] !== o[2]) mixedChannels++;
        replaced++;
        if (o[0] === 255) white++;
      } else if (o.some((v, ch) => v !== Math.fround(img.data[k * 3 + ch]!))) {
        changedKept++;
      }
    }
    expect(mixedChannels).toBe(0);
    expect(changedKept).toBe(0);
    expect(Math.abs(replaced / pixels - p)).toBeLessThan(0.02); // sd 0.005
    expect(Math.abs(white / replaced - 0.5)).toBeLessThan(0.05); // sd 0.01
  });

  it('saltpepper defaults to p = 0.5, and p = 0 / p = 1 are identity / everything replaced', () => {
    const img = randomImages(4, 16, 16, 1, 10, 1, 254);
    const frac = (o: Img) => o.data.filter((v) => v === 0 || v === 255).length / o.data.length;
    expect(Math.abs(frac(apply('saltpepper', img, {}, 1)) - 0.5)).toBeLessThan(0.05);
    expect(frac(apply('saltpepper', img, { p: 0 }, 1))).toBe(0);
    expect(frac(apply('saltpepper', img, { p: 1 }, 1))).toBe(1);
  });

  it('saltpepper: same seed, same output; another seed, another output', () => {
    const img = randomImages(2, 8, 8, 3, 3);
    const a = apply('saltpepper', img, {}, 7), b = apply('saltpepper', img, {}, 7), c = apply('saltpepper', img, {}, 8);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(Array.from(a.data)).not.toEqual(Array.from(c.data));
  });

  it('random transformations without a seed differ between calls and leak no tensors', () => {
    const img = randomImages(1, 8, 8, 3, 3);
    const before = tf.memory().numTensors;
    expect(Array.from(apply('noise', img, { sigma: 25 }).data)).not.toEqual(Array.from(apply('noise', img, { sigma: 25 }).data));
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('noise seeds are backend-independent', () => {
  it('cpu and wasm give the same noisy pixels for the same seed', async () => {
    const img = randomImages(2, 8, 8, 3, 3);
    const out: Img[] = [];
    for (const b of ['cpu', 'wasm']) {
      await tf.setBackend(b);
      out.push(apply('noise', img, { sigma: 30 }, 99), apply('saltpepper', img, { p: 0.4 }, 99));
    }
    for (let i = 0; i < out[0]!.data.length; i++) {
      expect(Math.abs(out[0]!.data[i]! - out[2]!.data[i]!)).toBeLessThan(1e-3);
      expect(out[1]!.data[i]).toBe(out[3]!.data[i]);
    }
  });
});
