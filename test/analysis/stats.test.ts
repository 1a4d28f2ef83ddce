// Summaries, the Pearson correlation with its Fisher-z interval, and unit sampling.
import { describe, expect, it } from 'vitest';
import {
  invarianceAccuracyCorrelations, pearson, sampleUnits, summariseInvariance,
} from '../../src-main/engine/analysis';

describe('summariseInvariance', () => {
  it('gives mean and quartiles as NumPy does (linear interpolation), ignoring excluded (NaN) neurons', () => {
    // numpy: mean 0.49, percentile 25 / 50 / 75 = 0.275, 0.5, 0.69 for these seven values.
    const s = summariseInvariance([0.9, NaN, 0.1, 0.5, 0.35, NaN, 0.77, 0.2, 0.61], { dead: 1, emptyActive: 1 });
    expect(s.count).toBe(7);
    expect(s.dead).toBe(1);
    expect(s.emptyActive).toBe(1);
    expect(s.mean).toBeCloseTo(0.49, 12);
    expect(s.q1).toBeCloseTo(0.275, 12);
    expect(s.median).toBeCloseTo(0.5, 12);
    expect(s.q3).toBeCloseTo(0.69, 12);
  });
  it('reports nulls, not zeros, when no neuron has an I_k', () => {
    expect(summariseInvariance([NaN, NaN], { dead: 2, emptyActive: 0 })).toEqual({ count: 0, dead: 2, emptyActive: 0, mean: null, q1: null, median: null, q3: null });
  });
});

describe('pearson', () => {
  it('matches r and the 95% Fisher interval of a known case', () => {
    // r = sqrt(0.6) = 0.7745966692; interval tanh(atanh(r) -/+ 1.96/sqrt(2)) = [-0.34008, 0.98424]
    // (scipy.stats.pearsonr(...).confidence_interval() gives the same).
    const p = pearson([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]);
    expect(p.n).toBe(5);
    expect(p.r).toBeCloseTo(Math.sqrt(0.6), 12);
    expect(p.low).toBeCloseTo(-0.3400820351875105, 9);
    expect(p.high).toBeCloseTo(0.9842357551507267, 9);
  });
  it('matches a second case with a tight interval', () => {
    const p = pearson([0.31, 0.45, 0.52, 0.38, 0.61, 0.57, 0.49, 0.66], [0.12, 0.30, 0.41, 0.22, 0.55, 0.47, 0.35, 0.60]);
    expect(p.r).toBeCloseTo(0.9978986623983499, 10);
    expect(p.low).toBeCloseTo(0.987931270695256, 9);
    expect(p.high).toBeCloseTo(0.9996356360191148, 9);
  });
  it('skips pairs with a missing value and gives no interval below 4 pairs', () => {
    const p = pearson([1, 2, null, 3, NaN], [1, 3, 5, 2, 4]);
    expect(p.n).toBe(3);
    expect(p.r).toBeCloseTo(0.5, 12);
    expect(p.low).toBeNull();
    expect(p.high).toBeNull();
  });
  it('gives no r for constant data or fewer than 2 pairs', () => {
    expect(pearson([1, 1, 1, 1], [1, 2, 3, 4]).r).toBeNull();
    expect(pearson([1], [2]).r).toBeNull();
  });
  it('gives a zero-width interval for a perfect correlation', () => {
    expect(pearson([1, 2, 3, 4, 5], [-2, -4, -6, -8, -10])).toEqual({ n: 5, r: -1, low: -1, high: -1 });
  });
});

describe('invarianceAccuracyCorrelations', () => {
  it('correlates per transformation and over all networks, against within and across', () => {
    const pts = [
      { transform: 'blur' as const, meanInvariance: 0.3, within: 0.5, across: 0.2 },
      { transform: 'blur' as const, meanInvariance: 0.5, within: 0.7, across: 0.3 },
      { transform: 'blur' as const, meanInvariance: 0.7, within: 0.9, across: 0.5 },
      { transform: 'rot90' as const, meanInvariance: 0.2, within: null, across: 0.1 },
      { transform: 'rot90' as const, meanInvariance: 0.25, within: 0.4, across: 0.1 },
    ];
    const c = invarianceAccuracyCorrelations(pts);
    expect(c.map((x) => `${x.transform}/${x.against}`)).toEqual(['blur/within', 'blur/across', 'rot90/within', 'rot90/across', 'all/within', 'all/across']);
    expect(c[0]).toMatchObject({ n: 3, low: null });
    expect(c[0]!.r).toBeCloseTo(1, 12);
    expect(c[2]).toMatchObject({ n: 1, r: null }); // one rot90 network has a within accuracy
    expect(c[3]).toMatchObject({ n: 2, r: null }); // across constant
    expect(c[4]!.n).toBe(4);
    expect(c[5]!.n).toBe(5);
    expect(c[5]!.r).toBeCloseTo(pearson([0.3, 0.5, 0.7, 0.2, 0.25], [0.2, 0.3, 0.5, 0.1, 0.1]).r!, 12);
  });
});

describe('sampleUnits', () => {
  it('keeps every unit when there are at most maxUnits', () => {
    expect(Array.from(sampleUnits(5, 5, 1, 'fc'))).toEqual([0, 1, 2, 3, 4]);
  });
  it('draws maxUnits distinct units in range, ascending, the same for the same seed and layer', () => {
    const a = sampleUnits(100_000, 4096, 3, 'conv1_relu');
    expect(a.length).toBe(4096);
    expect(new Set(a).size).toBe(4096);
    for (let i = 1; i < a.length; i++) expect(a[i]!).toBeGreaterThan(a[i - 1]!);
    expect(a[0]!).toBeGreaterThanOrEqual(0);
    expect(a[a.length - 1]!).toBeLessThan(100_000);
    expect(Array.from(sampleUnits(100_000, 4096, 3, 'conv1_relu'))).toEqual(Array.from(a));
    expect(Array.from(sampleUnits(100_000, 4096, 4, 'conv1_relu'))).not.toEqual(Array.from(a));
    expect(Array.from(sampleUnits(100_000, 4096, 3, 'conv2_relu'))).not.toEqual(Array.from(a));
  });
  it('spreads the sample over the whole layer', () => {
    const a = sampleUnits(1000, 500, 8, 'x');
    const firstHalf = Array.from(a).filter((i) => i < 500).length;
    expect(firstHalf).toBeGreaterThan(200);
    expect(firstHalf).toBeLessThan(300);
  });
});
