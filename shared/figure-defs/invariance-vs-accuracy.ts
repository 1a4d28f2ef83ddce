// Invariance vs accuracy (paper Fig. 5b–c): one figure of SPEC.md section 7.
import type { InvarianceVsAccuracyData } from '../figures';
import { pearson } from '../correlation';
import { analysisAboveChance } from '../trust';
import { invarianceVsAccuracyOption } from '../charts/lines';
import { sc } from '../charts/table';
import { defineFigure } from './define';
import { base, analysisReason, type Results } from './results';

export default defineFigure<InvarianceVsAccuracyData>({
  id: 'invariance-vs-accuracy',
  paperFigure: 'Fig. 5b–c',
  title: 'Invariance vs accuracy',
  tab: 'Invariance vs accuracy',
  transformFilter: true,
  needs: 'mean invariance of the analyses and the same networks’ evaluations',
  supported(r) {
    return r.d.analyses.some((a) => a.all.mean !== null && r.evals(a.transform, a.seenCount).some((e) => e.seed === a.seed))
      ? null : r.d.analyses.length ? 'no analysed network has a stored evaluation' : analysisReason(r.d);
  },
  assemble: (r) => invarianceVsAccuracy(r),
  table(d) {
    return {
      columns: ['against', 'transform', 'seen_count', 'job_id', 'mean_invariance', 'accuracy_pct', 'pearson_r', 'r_low_95', 'r_high_95', 'n'],
      rows: d.panels.flatMap((p) => p.points.map((q) => [p.against, q.transform, sc(q.seenCount), q.jobId, q.invariance, q.accuracy, p.r, p.low, p.high, p.n])),
    };
  },
  build: invarianceVsAccuracyOption,
  size: () => ({ width: 1000, height: 560 }),
});

function invarianceVsAccuracy(r: Results): InvarianceVsAccuracyData {
  const out: InvarianceVsAccuracyData = { ...base('invariance-vs-accuracy', r.d), panels: [] };
  type P = InvarianceVsAccuracyData['panels'][number]['points'][number];
  const within: P[] = [], across: P[] = [];
  let unmatched = 0;
  out.excludedAtChance = 0;
  for (const a of r.d.analyses) {
    if (a.all.mean === null || !Number.isFinite(a.all.mean)) continue;
    if (!analysisAboveChance(r.d, a)) { out.excludedAtChance++; continue; }
    const ev = r.evals(a.transform, a.seenCount).find((e) => e.seed === a.seed);
    if (!ev) { unmatched++; continue; }
    const common = { transform: a.transform, seenCount: a.seenCount, invariance: a.all.mean, jobId: a.networkJobId ?? ev.jobId };
    if (ev.within !== null) within.push({ ...common, accuracy: ev.within * 100 });
    if (ev.across !== null) across.push({ ...common, accuracy: ev.across * 100 });
  }
  if (unmatched) out.missing.push(`${unmatched} analysed network(s) without a stored evaluation`);
  if (!r.d.analyses.length) out.missing.push(r.d.spec.analysis.enabled ? 'no analysis has finished yet' : "analysis is disabled in the experiment's spec");
  for (const [against, points] of [['within', within], ['across', across]] as const) {
    const c = pearson(points.map((p) => p.invariance), points.map((p) => p.accuracy));
    out.panels.push({ against, points, r: c.r, low: c.low, high: c.high, n: c.n });
  }
  return out;
}
