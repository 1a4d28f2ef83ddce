// The analysis core against hand-computed cases, an independent reference implementation
// and the properties the definition implies (SPEC.md section 6).
import { describe, expect, it } from 'vitest';
import {
  activationMatrix, computeInvariance, rawThresholds, seenMaskFromCategories, type ActivationMatrix,
} from '../../src-main/engine/analysis';

const m = (rows: number[][]): ActivationMatrix => activationMatrix(Float32Array.from(rows.flat()), rows.length, rows[0]!.length);

// 3 images x 4 neurons. Neuron 0: M = 4 (from the transformed image 1); neuron 1: dead;
// neuron 2: active only on clean image 2, silenced by T; neuron 3: constant 1.
const F = m([
  [2, 0, 0, 1],
  [1, 0, 0, 1],
  [0, 0, 3, 1],
]);
const G = m([
  [1, 0, 0, 1],
  [4, 0, 0, 1],
  [0, 0, 0, 1],
]);

describe('computeInvariance: hand-computed case', () => {
  it('normalises by the max over clean and transformed, excludes dead neurons, averages h over A_k', () => {
    const r = computeInvariance(F, G, { tau: 0.25 });
    expect(Array.from(r.maxima)).toEqual([4, 0, 3, 1]);
    expect(r.dead).toBe(1);
    // Neuron 0: f = (.5, .25, 0), g = (.25, 1, 0). Image 0: f > .25; image 1: g > .25 (f = .25
    // is not > .25 but g is); image 2: neither. h = 1 - .25/.75 and 1 - .75/1.25.
    const i0 = ((1 - 0.25 / 0.75) + (1 - 0.75 / 1.25)) / 2;
    const v = Array.from(r.all.values);
    expect(v[0]).toBeCloseTo(i0, 12);
    expect(v[1]).toBeNaN();
    expect(v[2]).toBe(0);
    expect(v[3]).toBe(1);
    expect(Array.from(r.all.activeImages)).toEqual([2, 0, 1, 3]);
    const s = r.all.summary;
    expect(s).toMatchObject({ count: 3, dead: 1, emptyActive: 0 });
    // Sorted I: [0, i0, 1]; quartiles by linear interpolation (NumPy's default).
    expect(s.mean).toBeCloseTo((0 + i0 + 1) / 3, 12);
    expect(s.q1).toBeCloseTo(i0 / 2, 12);
    expect(s.median).toBeCloseTo(i0, 12);
    expect(s.q3).toBeCloseTo((i0 + 1) / 2, 12);
    expect(r.seen).toBeNull();
    expect(r.unseen).toBeNull();
  });

  it('uses a strict threshold: activity equal to tau is inactive', () => {
    // tau = .5: neuron 0's image 0 has f = .5 exactly (and g = .25): out of A_k.
    const r = computeInvariance(F, G, { tau: 0.5 });
    expect(r.all.values[0]).toBeCloseTo(1 - 0.75 / 1.25, 12);
    expect(r.all.activeImages[0]).toBe(1);
    // tau = 1: nothing exceeds the normalised maximum 1, so every live neuron has empty A_k.
    const top = computeInvariance(F, G, { tau: 1 });
    expect(top.all.summary).toEqual({ count: 0, dead: 1, emptyActive: 3, mean: null, q1: null, median: null, q3: null });
    expect(Array.from(top.all.values).every(Number.isNaN)).toBe(true);
  });

  it('at tau = 0 leaves out images where both activities are 0 (so h never divides by 0)', () => {
    const r = computeInvariance(F, G, { tau: 0 });
    expect(r.all.activeImages[0]).toBe(2);
    expect(r.all.values[0]).toBeCloseTo(((1 - 0.25 / 0.75) + (1 - 0.75 / 1.25)) / 2, 12);
    expect(Array.from(r.all.values).filter((_, k) => k !== 1).every(Number.isFinite)).toBe(true);
  });

  it('counts active neurons per image (clean, f > tau) and images per neuron (|A_k| / |X|)', () => {
    const r = computeInvariance(F, G, { tau: 0.25 });
    expect(Array.from(r.activePerImage)).toEqual([2, 1, 2]);
    const ipn = Array.from(r.imagesPerNeuron);
    expect(ipn[0]).toBeCloseTo(2 / 3, 6);
    expect(ipn[1]).toBeNaN();
    expect(ipn[2]).toBeCloseTo(1 / 3, 6);
    expect(ipn[3]).toBe(1);
  });

  it('restricts A_k to seen / unseen images after normalising over all images', () => {
    // Images 0 and 1 seen, image 2 unseen.
    const r = computeInvariance(F, G, { tau: 0.25, seenMask: Uint8Array.from([1, 1, 0]) });
    const seen = Array.from(r.seen!.values);
    const unseen = Array.from(r.unseen!.values);
    expect(seen[0]).toBeCloseTo(((1 - 0.25 / 0.75) + (1 - 0.75 / 1.25)) / 2, 12);
    expect(seen[2]).toBeNaN(); // neuron 2 is active only on the unseen image
    expect(seen[3]).toBe(1);
    expect(unseen[0]).toBeNaN(); // neuron 0 is inactive on image 2
    expect(unseen[2]).toBe(0);
    expect(unseen[3]).toBe(1);
    expect(r.seen!.summary).toMatchObject({ count: 2, dead: 1, emptyActive: 1 });
    expect(r.unseen!.summary).toMatchObject({ count: 2, dead: 1, emptyActive: 1 });
    // Normalisation used all images: on its own, image 2 would give neuron 0 M = 0 (dead).
    expect(r.dead).toBe(1);
    // The union of the two restrictions is the whole set.
    expect(r.all.values[0]).toBeCloseTo(seen[0]!, 12);
  });

  it('gives no seen (unseen) result when no image is of a seen (unseen) category', () => {
    const none = computeInvariance(F, G, { tau: 0.25, seenMask: new Uint8Array(3) });
    expect(none.seen).toBeNull();
    expect(none.unseen!.summary).toEqual(none.all.summary);
    const all = computeInvariance(F, G, { tau: 0.25, seenMask: Uint8Array.from([1, 1, 1]) });
    expect(all.unseen).toBeNull();
    expect(Array.from(all.seen!.values)).toEqual(Array.from(all.all.values));
  });

  it('builds the seen mask from image labels and seen categories', () => {
    expect(Array.from(seenMaskFromCategories([3, 0, 2, 3, 1], [3, 1]))).toEqual([1, 0, 0, 1, 1]);
  });
});

/** Seeded uniform [0, 1). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** ReLU-like activity: mostly 0, else a positive value; transformed correlated with clean. */
function reluPair(images: number, neurons: number, seed: number, deadColumns: number[] = []) {
  const r = rng(seed);
  const f = new Float32Array(images * neurons);
  const g = new Float32Array(images * neurons);
  for (let i = 0; i < f.length; i++) {
    if (deadColumns.includes(i % neurons)) continue;
    f[i] = r() < 0.7 ? 0 : 5 * r();
    g[i] = r() < 0.5 ? f[i]! * (0.5 + r()) : (r() < 0.7 ? 0 : 5 * r());
  }
  return { clean: activationMatrix(f, images, neurons), transformed: activationMatrix(g, images, neurons) };
}

/** The definition written out plainly, neuron by neuron, in float64. */
function reference(F: ActivationMatrix, G: ActivationMatrix, tau: number, keep: (img: number) => boolean) {
  const out: (number | null)[] = [];
  for (let k = 0; k < F.neurons; k++) {
    let M = 0;
    for (let x = 0; x < F.images; x++) M = Math.max(M, F.data[x * F.neurons + k]!, G.data[x * F.neurons + k]!);
    if (M === 0) { out.push(null); continue; }
    const hs: number[] = [];
    for (let x = 0; x < F.images; x++) {
      if (!keep(x)) continue;
      const f = F.data[x * F.neurons + k]! / M;
      const g = G.data[x * F.neurons + k]! / M;
      if (f > tau || g > tau) hs.push(1 - Math.abs(g - f) / Math.abs(g + f));
    }
    out.push(hs.length ? hs.reduce((a, b) => a + b, 0) / hs.length : null);
  }
  return out;
}

describe('computeInvariance: against the definition and its properties', () => {
  it('matches a plain reference implementation, for all, seen and unseen, at several tau', () => {
    const { clean, transformed } = reluPair(57, 31, 7, [4, 19]);
    const mask = Uint8Array.from({ length: 57 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    for (const tau of [0, 0.05, 0.1, 0.35, 0.8, 1]) {
      const r = computeInvariance(clean, transformed, { tau, seenMask: mask });
      const cmp = (got: Float64Array, want: (number | null)[]) => {
        want.forEach((w, k) => {
          if (w === null) expect(got[k]).toBeNaN();
          else expect(got[k]).toBeCloseTo(w, 12);
        });
      };
      cmp(r.all.values, reference(clean, transformed, tau, () => true));
      cmp(r.seen!.values, reference(clean, transformed, tau, (x) => mask[x] === 1));
      cmp(r.unseen!.values, reference(clean, transformed, tau, (x) => mask[x] === 0));
      expect(r.dead).toBe(2);
    }
  });

  it('gives I_k = 1 for every live neuron when transformed activity equals clean activity', () => {
    const { clean } = reluPair(40, 25, 3, [0]);
    const r = computeInvariance(clean, activationMatrix(clean.data.slice(), 40, 25), { tau: 0.1 });
    expect(r.dead).toBe(1);
    for (let k = 1; k < 25; k++) expect(r.all.values[k]).toBe(1);
    expect(r.all.summary.mean).toBe(1);
  });

  it('gives I_k = 0 for a neuron silenced by the transformation', () => {
    const { clean, transformed } = reluPair(40, 10, 5);
    for (let x = 0; x < 40; x++) transformed.data[x * 10 + 6] = 0;
    const r = computeInvariance(clean, transformed, { tau: 0.05 });
    expect(r.all.values[6]).toBe(0);
    expect(r.all.activeImages[6]).toBeGreaterThan(0);
  });

  it('is unchanged when a neuron\'s activity is scaled (the normalisation removes the scale)', () => {
    const { clean, transformed } = reluPair(60, 12, 11);
    const before = computeInvariance(clean, transformed, { tau: 0.2 });
    const c2 = clean.data.slice();
    const t2 = transformed.data.slice();
    const scale = [8, 0.25, 3.7, 1e3, 1e-3, 1, 1, 1, 2, 2, 5, 0.5];
    for (let i = 0; i < c2.length; i++) { c2[i]! *= scale[i % 12]!; t2[i]! *= scale[i % 12]!; }
    const after = computeInvariance(activationMatrix(c2, 60, 12), activationMatrix(t2, 60, 12), { tau: 0.2 });
    for (let k = 0; k < 12; k++) expect(after.all.values[k]).toBeCloseTo(before.all.values[k]!, 6);
    expect(Array.from(after.activePerImage)).toEqual(Array.from(before.activePerImage));
  });

  it('keeps I_k in [0, 1] and is symmetric in clean and transformed', () => {
    const { clean, transformed } = reluPair(50, 20, 13);
    const a = computeInvariance(clean, transformed, { tau: 0.1 });
    const b = computeInvariance(transformed, clean, { tau: 0.1 });
    for (let k = 0; k < 20; k++) {
      expect(a.all.values[k]).toBeGreaterThanOrEqual(0);
      expect(a.all.values[k]).toBeLessThanOrEqual(1);
      expect(b.all.values[k]).toBeCloseTo(a.all.values[k]!, 12);
    }
  });
});

describe('rawThresholds', () => {
  it('agrees with f / M > tau for float32 activity at and around the boundary', () => {
    const r = rng(99);
    const f32 = new Float32Array(1);
    const u32 = new Uint32Array(f32.buffer);
    for (let trial = 0; trial < 300; trial++) {
      const M = Math.fround(r() * 10 ** (r() * 8 - 4));
      const tau = [0, 0.05, 0.1, 0.15, 0.3, 0.7, 0.95, 1][trial % 8]!;
      const t = rawThresholds(Float32Array.of(M), tau)[0]!;
      f32[0] = Math.fround(tau * M);
      const centre = u32[0]!;
      for (let d = -3; d <= 3; d++) {
        if (centre + d < 0) continue;
        u32[0] = centre + d;
        const v = f32[0]!;
        if (v > M) continue;
        expect(v > t, `M=${M} tau=${tau} v=${v}`).toBe(v / M > tau);
      }
    }
  });

  it('marks dead neurons as never active', () => {
    expect(rawThresholds(Float32Array.of(0), 0)[0]).toBe(Infinity);
  });
});

describe('input checks', () => {
  const ok = m([[1, 0], [0, 2]]);
  it('rejects mismatched shapes, naming both inputs', () => {
    expect(() => computeInvariance(ok, m([[1, 0, 0], [0, 2, 0]]), { tau: 0.1 }))
      .toThrow(/shape mismatch: clean activations is \[2, 2\] but transformed activations is \[2, 3\]/);
    expect(() => computeInvariance(ok, m([[1, 0]]), { tau: 0.1, names: { clean: 'a.npy', transformed: 'b.npy' } }))
      .toThrow(/a\.npy is \[2, 2\] but b\.npy is \[1, 2\]/);
  });
  it('rejects NaN, infinity and negative values (saying post-ReLU), with the position', () => {
    expect(() => computeInvariance(ok, m([[1, NaN], [0, 2]]), { tau: 0.1 })).toThrow(/transformed activations contains NaN \(at image 0, neuron 1\)/);
    expect(() => computeInvariance(m([[1, 0], [Infinity, 2]]), ok, { tau: 0.1 })).toThrow(/infinite value \(at image 1, neuron 0\)/);
    expect(() => computeInvariance(m([[1, 0], [0, -0.5]]), ok, { tau: 0.1 })).toThrow(/negative value -0\.5 .*post-ReLU/);
  });
  it('rejects empty inputs', () => {
    const empty = activationMatrix(new Float32Array(0), 0, 5);
    expect(() => computeInvariance(empty, empty, { tau: 0.1 })).toThrow(/is empty \(shape \[0, 5\]\)/);
  });
  it('rejects tau outside [0, 1] and a seen mask of the wrong length', () => {
    expect(() => computeInvariance(ok, ok, { tau: -0.1 })).toThrow(/tau must be a number in \[0, 1\]/);
    expect(() => computeInvariance(ok, ok, { tau: 1.5 })).toThrow(/tau must be/);
    expect(() => computeInvariance(ok, ok, { tau: NaN })).toThrow(/tau must be/);
    expect(() => computeInvariance(ok, ok, { tau: 0.1, seenMask: new Uint8Array(3) })).toThrow(/seen mask has 3 entries but there are 2 images/);
  });
  it('rejects data whose length does not match the stated shape', () => {
    expect(() => activationMatrix(new Float32Array(5), 2, 2)).toThrow(/5 values, expected images x neurons = 2 x 2 = 4/);
  });
});
