// Within- and across-category accuracy (paper Fig. 2b–c): one figure of SPEC.md section 7.
import type { SeriesPoint, WithinAcrossData } from '../figures';
import { TRANSFORM_FAMILY } from '../ids';
import { chanceOf, summarise } from '../trust';
import { withinAcrossOption } from '../charts/within-across';
import { sc } from '../charts/table';
import { defineFigure } from './define';
import { pct, meanOf, base, band, type Results } from './results';

export default defineFigure<WithinAcrossData>({
  id: 'within-across',
  paperFigure: 'Fig. 2b–c',
  title: 'Within- and across-category accuracy',
  tab: 'Within / across',
  transformFilter: false,
  needs: 'evaluations at every seen count (and their summary over seeds)',
  supported: (r) => r.transforms.some((t) => r.seenCounts.some((c) => r.evals(t, c).length)) ? null : 'no network has finished training',
  assemble: (r) => withinAcross(r),
  table(d) {
    return {
      // Intervals (95 %, over seeds; one seed: bootstrap over test images) and n after the original columns.
      columns: ['transform', 'family', 'seen_count', 'x', 'within_pct', 'across_pct', 'job_id',
        'within_low_pct', 'within_high_pct', 'across_low_pct', 'across_high_pct', 'n', 'restricted_across_corrected_pct'],
      rows: d.series.flatMap((s) => {
        const counts = [...new Set([...s.within, ...s.across].map((p) => p.seenCount))];
        return counts.map((c) => {
          const w = s.within.find((p) => p.seenCount === c), a = s.across.find((p) => p.seenCount === c);
          const r = s.restrictedAcross?.find((p) => p.seenCount === c);
          return [s.transform, s.family, sc(c), (w ?? a)!.x, w?.value ?? null, a?.value ?? null, w?.jobId ?? a?.jobId ?? null,
            w?.low ?? null, w?.high ?? null, a?.low ?? null, a?.high ?? null, a?.n ?? w?.n ?? null, r?.value ?? null];
        });
      }),
    };
  },
  build: withinAcrossOption,
  size: (d) => ({ width: Math.max(640, 120 + 300 * Math.max(1, new Set(d.series.map((s) => s.family)).size)), height: 640 }),
});

function withinAcross(r: Results): WithinAcrossData {
  const summary = r.d.summary ?? summarise(r.d);
  const out: WithinAcrossData = {
    ...base('within-across', r.d), series: [], chance: 100 * chanceOf(r.classes),
    notes: [...summary.flags.filter((f) => f.kind !== 'at-chance').map((f) => f.sentence), ...summary.rows.flatMap((x) => x.flags.map((f) => f.sentence))],
  };
  for (const t of r.transforms) {
    const within: SeriesPoint[] = [], across: SeriesPoint[] = [], restricted: SeriesPoint[] = [];
    for (const c of r.seenCounts) {
      const nets = r.evals(t, c);
      if (!nets.length) { out.missing.push(r.why('train', t, c)); continue; }
      const jobId = nets[0]!.jobId;
      const row = summary.rows.find((x) => x.transform === t && x.seenCount === c);
      within.push({ seenCount: c, x: r.x(c), value: c === 0 ? null : pct(meanOf(nets.map((e) => e.within))), jobId, n: nets.length, ...(c === 0 ? {} : band(row?.within)) });
      across.push({ seenCount: c, x: r.x(c), value: c === 'all' ? null : pct(meanOf(nets.map((e) => e.across))), jobId, n: nets.length, ...(c === 'all' ? {} : band(row?.across)) });
      if (c !== 'all' && row && row.restrictedAcrossCorrected.mean !== null) {
        restricted.push({ seenCount: c, x: r.x(c), value: 100 * row.restrictedAcrossCorrected.mean, jobId, ...band(row.restrictedAcrossCorrected) });
      }
    }
    if (within.length) out.series.push({ transform: t, family: TRANSFORM_FAMILY[t], within, across, ...(restricted.length ? { restrictedAcross: restricted } : {}) });
  }
  return out;
}
