// Intervals, restricted accuracies and trust flags (shared/trust.ts) on known numbers: the t
// interval by hand, the exact bootstrap against a resampling bootstrap of real 0/1 outcomes,
// and the summary's flags on the hand-made experiment of the report tests.
import { describe, expect, it } from 'vitest';
import {
  bootstrapProportion, clearlyAboveChance, formatInterval, LEARNABLE_RATIO, proportionInterval, summarise, tInterval, tQuantile975,
} from '../../shared/trust';
import { makeDetail, SEEDS } from '../report/fixture';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
}

describe('intervals', () => {
  it('t over seeds: mean +- t(0.975, n-1) sd / sqrt(n)', () => {
    const i = tInterval([0.5, 0.6, 0.7]);
    expect(i.mean).toBeCloseTo(0.6, 12);
    expect(i.n).toBe(3);
    expect(i.method).toBe('t');
    expect(i.high! - i.mean!).toBeCloseTo(4.303 * 0.1 / Math.sqrt(3), 10);
    expect(tQuantile975(1)).toBe(12.706);
    expect(tInterval([0.4])).toEqual({ mean: 0.4, low: null, high: null, n: 1, method: 'none' });
    expect(tInterval([null, Number.NaN]).n).toBe(0);
  });

  it('the exact bootstrap of an accuracy matches resampling the test images', () => {
    const N = 400, correct = 233;
    const outcomes = Array.from({ length: N }, (_, i) => (i < correct ? 1 : 0));
    const r = rng(7);
    const reps = Array.from({ length: 20000 }, () => {
      let c = 0;
      for (let i = 0; i < N; i++) c += outcomes[Math.floor(r() * N)]!;
      return c / N;
    }).sort((a, b) => a - b);
    const exact = bootstrapProportion(correct / N, N);
    expect(Math.abs(exact.low - reps[Math.floor(0.025 * reps.length)]!)).toBeLessThanOrEqual(1.5 / N);
    expect(Math.abs(exact.high - reps[Math.floor(0.975 * reps.length)]!)).toBeLessThanOrEqual(1.5 / N);
    expect(exact.low).toBeLessThan(correct / N);
    expect(exact.high).toBeGreaterThan(correct / N);
    expect(bootstrapProportion(0, 50)).toEqual({ low: 0, high: 0 });
    // Large N does not underflow.
    const big = bootstrapProportion(0.5, 200000);
    expect(big.high - big.low).toBeCloseTo(2 * 1.96 * Math.sqrt(0.25 / 200000), 3);
  });

  it('one seed uses the bootstrap over its test images, several seeds the t interval', () => {
    const one = proportionInterval([0.6], [500]);
    expect(one.method).toBe('bootstrap');
    expect(one.n).toBe(1);
    const two = proportionInterval([0.6, 0.7], [500, 500]);
    expect(two.method).toBe('t');
    expect(formatInterval(one)).toMatch(/^60\.0 \[\d+\.\d, \d+\.\d\] n=1\*$/);
    // Shares in percent: the bootstrap works on the fraction and scales back.
    const q = proportionInterval([60], [500], 100);
    expect(q.low).toBeCloseTo(100 * one.low!, 10);
  });

  it('clearly above chance: chance + 0.1 x (1 - chance)', () => {
    expect(clearlyAboveChance(0.33, 4)).toBe(true);
    expect(clearlyAboveChance(0.32, 4)).toBe(false);
    expect(clearlyAboveChance(0.06, 40)).toBe(false);
  });
});

describe('summary of an experiment', () => {
  it('means over seeds with intervals, restricted accuracies and no flag where none is due', () => {
    const d = makeDetail();
    for (const e of d.evaluations) if (e.transform && e.seenCount === 'all') e.within = 0.95; // learnable
    const s = summarise(d);
    const blur1 = s.rows.find((r) => r.transform === 'blur' && r.seenCount === 1)!;
    expect(blur1.networks).toBe(SEEDS.length);
    expect(blur1.across.method).toBe('t');
    expect(blur1.across.n).toBe(SEEDS.length);
    expect(blur1.unseenAsSeen.mean).toBeCloseTo(41, 10);
    expect(blur1.flags).toEqual([]);
    expect(s.flags.filter((f) => f.kind === 'not-learnable')).toEqual([]);
    expect(s.thresholds.shortcutPercent).toBe(50);
  });

  it('says so where quadrant I is high, a transformation is not learnable, or a network is at chance', () => {
    const d = makeDetail();
    for (const e of d.evaluations) {
      if (e.transform === 'blur' && e.seenCount === 2 && e.quadrants) e.quadrants.unseenAsSeen = 70 + e.seed;
      if (e.transform === 'blur' && e.seenCount === 2) e.restricted = { within: null, across: { accuracy: 0.6, chance: 0.5, corrected: 0.2, categories: 2, images: 20 } };
      if (e.transform === 'rot90' && e.seenCount === 1 && e.seed === 1) e.cleanAccuracy = 0.3; // 4 categories: not clearly above 25 %
    }
    const s = summarise(d);
    const blur2 = s.rows.find((r) => r.transform === 'blur' && r.seenCount === 2)!;
    expect(blur2.flags.map((f) => f.kind)).toEqual(['shortcut']);
    expect(blur2.flags[0]!.sentence).toMatch(/71 % of the unseen categories' transformed images are predicted as a seen category.*shortcut; among the unseen categories only it is 60\.0 % \(chance 50\.0 %\)/);
    expect(blur2.restrictedAcrossCorrected.mean).toBeCloseTo(0.2, 10);
    // The fixture's networks trained on all categories score 70 % (blur), 60 % (rot90) on transformed images; clean 89 %.
    const nl = s.flags.filter((f) => f.kind === 'not-learnable').map((f) => f.transform);
    expect(nl).toEqual(['blur', 'rot90']);
    expect(0.705).toBeLessThan(LEARNABLE_RATIO * 0.89);
    const rot1 = s.rows.find((r) => r.transform === 'rot90' && r.seenCount === 1)!;
    expect(rot1.excludedAtChance).toBe(1);
    expect(rot1.invariance.n).toBe(1);
    expect(s.flags.some((f) => f.kind === 'at-chance' && /seed 1: clean accuracy 30\.0 % is not clearly above chance \(25\.0 %\)/.test(f.sentence))).toBe(true);
  });

  it('says when the clean network is already robust and when calibration stopped at its bound', () => {
    const d = makeDetail();
    for (const e of d.evaluations) if (e.seenCount === 0) e.byTransform = { ...e.byTransform, rot90: e.cleanAccuracy - 0.03 };
    for (const e of d.evaluations) if (e.seenCount === 0 && e.transform === 'rot90') e.across = e.cleanAccuracy - 0.03;
    d.calibrations[0] = { ...d.calibrations[0]!, reachedTarget: false, message: 'blur: target not reached: the clean network still scores 35.0 % at the strongest allowed value (sigma 1.5)' };
    const s = summarise(d);
    expect(s.flags.find((f) => f.kind === 'already-robust')?.transform).toBe('rot90');
    expect(s.flags.find((f) => f.kind === 'target-not-reached')?.sentence).toMatch(/target not reached: the clean network still scores 35\.0 %/);
  });
});
