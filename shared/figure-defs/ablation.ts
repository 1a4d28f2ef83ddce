// Ablation: accuracy vs tau (paper Fig. 7): one figure of SPEC.md section 7.
import type { FigureOptions } from '../contract';
import type { AblationData } from '../figures';
import { TRANSFORM_LABEL, type SeenCount } from '../ids';
import type { NetworkAnalysis } from '../results';
import { ablationOption } from '../charts/lines';
import { defineFigure } from './define';
import { sameCount, seenLabel, base, analysisReason, type Results } from './results';

export default defineFigure<AblationData>({
  id: 'ablation',
  paperFigure: 'Fig. 7',
  title: 'Ablation: accuracy vs tau',
  tab: 'Ablation',
  transformFilter: true,
  needs: 'the tau search of an analysis',
  supported(r) {
    if (r.d.analyses.some((a) => a.tauSearch.length)) return null;
    if (typeof r.d.spec.analysis.tau === 'number') return `tau is fixed at ${r.d.spec.analysis.tau} in the spec, so no ablation search was run`;
    return r.d.analyses.length ? 'no analysis stored a tau search' : analysisReason(r.d);
  },
  assemble: (r, _blobs, options) => ablation(r, options),
  table(d) {
    return {
      columns: ['job_id', 'tau', 'inactive_ablated_clean_pct', 'inactive_ablated_transformed_pct', 'active_ablated_clean_pct', 'active_ablated_transformed_pct', 'chosen_tau'],
      rows: d.points.map((p) => [d.jobId, p.tau, p.inactiveClean, p.inactiveTransformed, p.activeClean, p.activeTransformed, d.tau]),
    };
  },
  build: ablationOption,
});

function ablation(r: Results, o: FigureOptions): AblationData {
  const out: AblationData = { ...base('ablation', r.d), jobId: '', tau: 0, points: [] };
  const searched = r.d.analyses.filter((a) => a.tauSearch.length);
  let a: NetworkAnalysis | undefined;
  if (o.jobId) a = searched.find((x) => x.jobId === o.jobId || x.networkJobId === o.jobId);
  else {
    const t = o.transform ?? r.transforms.find((x) => searched.some((s) => s.transform === x));
    const ofT = searched.filter((x) => x.transform === t && (o.seed === undefined || x.seed === o.seed));
    const c = o.seenCount ?? (['all', ...r.seenCounts] as SeenCount[]).find((k) => ofT.some((x) => sameCount(x.seenCount, k)));
    a = ofT.find((x) => c !== undefined && sameCount(x.seenCount, c));
  }
  if (!a) {
    const fixed = r.d.spec.analysis.tau;
    out.missing.push(typeof fixed === 'number' && !searched.length
      ? `tau is fixed at ${fixed} in the experiment's spec, so no ablation search was run`
      : r.d.analyses.length ? 'no finished analysis with a tau search matches' : 'no analysis has finished yet');
    return out;
  }
  out.jobId = a.jobId;
  out.tau = a.tau;
  out.title = `${out.title}: ${TRANSFORM_LABEL[a.transform]}, ${seenLabel(a.seenCount)} seen-transformed, seed ${a.seed}`;
  out.points = a.tauSearch.map((p) => ({
    tau: p.tau,
    inactiveClean: p.inactiveAblatedClean * 100, inactiveTransformed: p.inactiveAblatedTransformed * 100,
    activeClean: p.activeAblatedClean * 100, activeTransformed: p.activeAblatedTransformed * 100,
  }));
  return out;
}
