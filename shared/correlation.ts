// Pearson correlation between mean invariance and accuracy over an experiment's networks
// (paper Fig. 5b, 5c), with a 95% interval from Fisher's z transform.
import type { Correlation } from './results';
import type { TransformId } from './ids';

export interface PearsonResult {
  /** Pairs used (both values finite). */
  n: number;
  /** Null with fewer than 2 pairs or when either variable is constant. */
  r: number | null;
  /** 95% interval; null with fewer than 4 pairs (the z standard error is 1/sqrt(n - 3)). */
  low: number | null;
  high: number | null;
}

/** The 0.975 quantile of the standard normal distribution. */
const Z_975 = 1.959963984540054;

/**
 * Pearson r of the finite pairs (x_i, y_i), with the interval
 * tanh(atanh(r) -/+ 1.96 / sqrt(n - 3)). Pairs where either value is null or NaN are skipped.
 */
export function pearson(xs: readonly (number | null)[], ys: readonly (number | null)[]): PearsonResult {
  if (xs.length !== ys.length) throw new Error(`pearson: ${xs.length} x values but ${ys.length} y values`);
  const px: number[] = [];
  const py: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    const y = ys[i];
    if (x !== null && y !== null && Number.isFinite(x) && Number.isFinite(y)) { px.push(x); py.push(y); }
  }
  const n = px.length;
  if (n < 2) return { n, r: null, low: null, high: null };
  const mx = px.reduce((a, b) => a + b, 0) / n;
  const my = py.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = px[i] - mx;
    const dy = py[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return { n, r: null, low: null, high: null };
  // Clamp: rounding can push |r| a hair above 1, where atanh is NaN.
  const r = Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
  if (n < 4) return { n, r, low: null, high: null };
  if (Math.abs(r) === 1) return { n, r, low: r, high: r };
  const z = Math.atanh(r);
  const half = Z_975 / Math.sqrt(n - 3);
  return { n, r, low: Math.tanh(z - half), high: Math.tanh(z + half) };
}

/** One network's point in the invariance-vs-accuracy scatter. */
export interface InvarianceAccuracyPoint {
  transform: TransformId;
  /** Mean I_k over the analysed layer's neurons (all images). */
  meanInvariance: number | null;
  within: number | null;
  across: number | null;
}

/**
 * Correlations of mean invariance with within- and across-category accuracy, per
 * transformation and over all networks of the experiment ('all').
 */
export function invarianceAccuracyCorrelations(points: readonly InvarianceAccuracyPoint[]): Correlation[] {
  const transforms = [...new Set(points.map((p) => p.transform))];
  const groups: [TransformId | 'all', readonly InvarianceAccuracyPoint[]][] = [
    ...transforms.map((t) => [t, points.filter((p) => p.transform === t)] as [TransformId, InvarianceAccuracyPoint[]]),
    ['all', points],
  ];
  const out: Correlation[] = [];
  for (const [transform, group] of groups) {
    for (const against of ['within', 'across'] as const) {
      const res = pearson(group.map((p) => p.meanInvariance), group.map((p) => p[against]));
      out.push({ transform, against, ...res });
    }
  }
  return out;
}
