// Mean invariance vs seen count (paper Fig. 5a): one figure of SPEC.md section 7.
import type { InvarianceTrendData, SeriesPoint } from '../figures';
import { analysisAboveChance, summarise } from '../trust';
import { invarianceTrendOption } from '../charts/lines';
import { sc } from '../charts/table';
import { defineFigure } from './define';
import { meanOf, base, band, analysisReason, type Results } from './results';

export default defineFigure<InvarianceTrendData>({
  id: 'invariance-trend',
  paperFigure: 'Fig. 5a',
  title: 'Mean invariance vs seen count',
  tab: 'Invariance trend',
  transformFilter: false,
  needs: 'mean invariance of the analyses per seen count',
  supported: (r) => r.d.analyses.length ? null : analysisReason(r.d),
  assemble: (r) => invarianceTrend(r),
  table(d) {
    return {
      columns: ['transform', 'seen_count', 'x', 'mean_invariance', 'job_id', 'low_95', 'high_95', 'n'],
      rows: d.series.flatMap((s) => s.points.map((p) => [s.transform, sc(p.seenCount), p.x, p.value, p.jobId ?? null, p.low ?? null, p.high ?? null, p.n ?? null])),
    };
  },
  build: invarianceTrendOption,
});

function invarianceTrend(r: Results): InvarianceTrendData {
  const summary = r.d.summary ?? summarise(r.d);
  const out: InvarianceTrendData = { ...base('invariance-trend', r.d), series: [], excludedAtChance: 0 };
  for (const t of r.transforms) {
    const points: SeriesPoint[] = [];
    for (const c of r.seenCounts) {
      const all = r.analyses(t, c);
      if (!all.length) { out.missing.push(r.why('analyse', t, c)); continue; }
      // Networks not clearly above chance are left out of invariance summaries (counted).
      const as = all.filter((a) => analysisAboveChance(r.d, a));
      out.excludedAtChance! += all.length - as.length;
      const row = summary.rows.find((x) => x.transform === t && x.seenCount === c);
      points.push({ seenCount: c, x: r.x(c), value: meanOf(as.map((a) => a.all.mean)), jobId: all[0]!.jobId, n: as.length, ...band(row?.invariance, 1) });
    }
    if (points.length) out.series.push({ transform: t, points });
  }
  return out;
}
