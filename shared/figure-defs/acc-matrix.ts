// Accuracy: trained with vs tested on (paper Fig. 2a): one figure of SPEC.md section 7.
import type { AccMatrixData } from '../figures';
import type { TransformId } from '../ids';
import type { NetworkEvaluation } from '../results';
import { accMatrixOption, accMatrixRows } from '../charts/acc-matrix';
import { defineFigure } from './define';
import { pct, meanOf, base, type Results } from './results';

export default defineFigure<AccMatrixData>({
  id: 'acc-matrix',
  paperFigure: 'Fig. 2a',
  title: 'Accuracy: trained with vs tested on',
  tab: 'Accuracy matrix',
  transformFilter: false,
  needs: 'evaluations of the networks trained on all categories and of the clean network',
  supported(r) {
    if (!r.seenCounts.includes('all')) return "the experiment has no seen count 'all'";
    return r.transforms.some((t) => r.evals(t, 'all').length) ? null : "no network trained on all categories (seen count 'all') has finished";
  },
  assemble: (r) => accMatrix(r),
  table(d) {
    return {
      columns: ['trained_with', 'tested_on', 'accuracy_pct'],
      rows: accMatrixRows(d).flatMap((r, i) => {
        const id = d.cleanRow ? (i === 0 ? 'none' : d.trainedWith[i - 1]!) : d.trainedWith[i]!;
        return d.testedOn.map((t, j) => [id, t, r.values[j] ?? null]);
      }),
    };
  },
  build: accMatrixOption,
  size: (d) => ({ width: 900, height: 220 + 34 * (d.trainedWith.length + (d.cleanRow ? 1 : 0)) }),
});

function accMatrix(r: Results): AccMatrixData {
  const out: AccMatrixData = { ...base('acc-matrix', r.d), trainedWith: [], testedOn: ['clean', ...r.transforms], accuracy: [] };
  const cell = (e: { cleanAccuracy: number; byTransform: NetworkEvaluation['byTransform'] }, col: 'clean' | TransformId) =>
    col === 'clean' ? e.cleanAccuracy : e.byTransform[col] ?? null;
  if (!r.seenCounts.includes('all')) out.missing.push("the experiment has no seen count 'all' (networks trained on x + T(x) for every category)");
  else {
    for (const t of r.transforms) {
      const nets = r.evals(t, 'all');
      if (!nets.length) { out.missing.push(r.why('train', t, 'all')); continue; }
      out.trainedWith.push(t);
      out.accuracy.push(out.testedOn.map((col) => pct(meanOf(nets.map((e) => cell(e, col))))));
    }
  }
  const clean = r.cleanNetworks();
  if (clean.length) {
    out.cleanRow = out.testedOn.map((col) => pct(meanOf(clean.map((n) => (col === 'clean' ? n.clean : n.byTransform[col] ?? null)))));
  } else if (r.seenCounts.includes(0)) out.missing.push('the clean network (trained on x only) has not finished');
  return out;
}
