// The table `run` and `demo` print: means over seeds, and each seed's across-category accuracy
// when there are several, on the hand-made experiment of the report tests (known numbers).
import { describe, expect, it } from 'vitest';
import { summaryRows, summaryTable } from '../../src-main/cli/summary';
import { across, makeDetail, SEEDS, TRANSFORMS, within } from '../report/fixture';

describe('summary table', () => {
  it('averages within and across over seeds and keeps each seed\'s across', () => {
    const rows = summaryRows(makeDetail());
    const blur1 = rows.find((r) => r.transform === 'blur' && r.seenCount === 1)!;
    expect(blur1.networks).toBe(SEEDS.length);
    const acr = SEEDS.map((s) => across('blur', 1, s)!);
    expect(blur1.across.mean).toBeCloseTo(acr.reduce((a, b) => a + b) / acr.length, 10);
    expect(blur1.within.mean).toBeCloseTo(SEEDS.map((s) => within('blur', 1, s)!).reduce((a, b) => a + b) / SEEDS.length, 10);
    expect(blur1.acrossBySeed).toEqual(acr);
    // Quadrant I (percent), averaged like the rest: the fixture's seeds give 40 and 42.
    expect(blur1.unseenAsSeen.mean).toBeCloseTo(41, 10);
    expect(blur1.across.n).toBe(SEEDS.length);
    // The clean network has no seen categories: no quadrant, so the column stays empty for it.
    expect(rows.find((r) => r.transform === 'blur' && r.seenCount === 'all')!.unseenAsSeen.mean).toBeNull();
    // Rows follow the spec's transformations, seen counts ascending with 'all' last.
    expect(rows.map((r) => `${r.transform}:${r.seenCount}`)).toEqual(
      TRANSFORMS.flatMap((t) => ['0', '1', '2', 'all'].map((c) => `${t}:${c}`)));
  });

  it('prints a per-seed column only when some row has several networks', () => {
    const two = summaryTable(makeDetail());
    expect(two.split('\n')[0]).toContain('across by seed');
    const line = two.split('\n').find((l) => /^blur\s+1\s/.test(l))!;
    expect(line).toContain(SEEDS.map((s) => (100 * across('blur', 1, s)!).toFixed(0)).join(' / '));
    expect(two.split('\n')[0]).toContain('unseen->seen');
    expect(line).toContain('41.0%');
    // Numbers with their notes: the fixture's all-transformed networks do not reach 0.8 x clean.
    expect(two).toMatch(/notes:\n\[1\] blur: not learnable at this strength in this budget/);
    expect(line).toMatch(/\[1\]/);

    const one = makeDetail();
    one.evaluations = one.evaluations.filter((e) => e.seed === 0);
    expect(summaryTable(one).split('\n')[0]).not.toContain('across by seed');
  });
});
