// The numbers the charts are drawn from: kernel density, quartiles, and the tidy tables / CSV.
import { expect, it } from 'vitest';
import { describe as stats, kde } from '../../shared/charts/violin';
import { figureTable, toCsv } from '../../shared/charts/table';

it('the density of a standard normal sample matches the normal density and integrates to about 1', () => {
  // Deterministic normal sample by Box-Muller from a fixed LCG.
  let s = 12345;
  const u = () => ((s = (s * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  const xs = Array.from({ length: 4000 }, () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()));
  const d = kde(xs, 200);
  let area = 0;
  for (let i = 1; i < d.at.length; i++) area += ((d.density[i]! + d.density[i - 1]!) / 2) * (d.at[i]! - d.at[i - 1]!);
  expect(area).toBeGreaterThan(0.97);
  expect(area).toBeLessThan(1.01);
  const mid = d.at.findIndex((x) => x >= 0);
  expect(d.density[mid]!).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 1);
});

it('quartiles ignore excluded (NaN) neurons', () => {
  const st = stats([NaN, 4, 1, 3, 2, 5, NaN])!;
  expect([st.n, st.min, st.q1, st.median, st.q3, st.max, st.mean]).toEqual([5, 1, 2, 3, 4, 5, 3]);
  expect(stats([NaN])).toBeNull();
  expect(kde([2, 2, 2]).at).toEqual([2]);
});

it('a figure table is tidy (one row per cell) and CSV quotes what needs quoting', () => {
  const t = figureTable({
    figure: 'acc-matrix', experimentId: 'e', title: 't', missing: [], trainedWith: ['blur'], testedOn: ['clean', 'blur'],
    accuracy: [[90, null]], cleanRow: [91, 20],
  });
  expect(t.columns).toEqual(['trained_with', 'tested_on', 'accuracy_pct']);
  expect(t.rows).toEqual([['none', 'clean', 91], ['none', 'blur', 20], ['blur', 'clean', 90], ['blur', 'blur', null]]);
  expect(toCsv(t).split('\r\n')).toEqual(['trained_with,tested_on,accuracy_pct', 'none,clean,91', 'none,blur,20', 'blur,clean,90', 'blur,blur,', '']);
  const c = figureTable({
    figure: 'confusion', experimentId: 'e', title: 't', missing: [], jobId: 'j', condition: 'clean',
    classes: ['a, "b"', 'c'], counts: [[1, 2], [3, 4]], seenCategories: [0],
  });
  expect(toCsv(c).split('\r\n')[1]).toBe('j,clean,"a, ""b""","a, ""b""",1,1');
});
