// Summaries of per-neuron values (I_k), as stored per network and drawn as violins.
import type { InvarianceSummary } from '../../../shared/results';

/**
 * Quantile by linear interpolation between order statistics (NumPy's default, R type 7),
 * so a Python user checking `np.percentile(I, 25)` gets the same number.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) throw new Error('quantile of an empty list');
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Finite values of `values` (NaN marks an excluded neuron), sorted ascending, as float64. */
export function finiteSorted(values: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) n++;
  const out = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) out[j++] = values[i];
  return out.sort();
}

/**
 * Count, mean and quartiles of per-neuron I_k (NaN entries are excluded neurons), with the
 * exclusion counts the core reported alongside.
 */
export function summariseInvariance(values: ArrayLike<number>, excluded: { dead: number; emptyActive: number }): InvarianceSummary {
  const sorted = finiteSorted(values);
  const n = sorted.length;
  if (n === 0) return { count: 0, dead: excluded.dead, emptyActive: excluded.emptyActive, mean: null, q1: null, median: null, q3: null };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i];
  return {
    count: n,
    dead: excluded.dead,
    emptyActive: excluded.emptyActive,
    mean: sum / n,
    q1: quantileSorted(sorted, 0.25),
    median: quantileSorted(sorted, 0.5),
    q3: quantileSorted(sorted, 0.75),
  };
}

/** Mean of the finite entries, or null when there are none. */
export function finiteMean(values: ArrayLike<number>): number | null {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) { sum += v; n++; }
  }
  return n === 0 ? null : sum / n;
}
