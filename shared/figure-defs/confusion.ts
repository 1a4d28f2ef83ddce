// Confusion matrix: one figure of SPEC.md section 7.
import type { FigureOptions } from '../contract';
import type { ConfusionData } from '../figures';
import { TRANSFORM_LABEL } from '../ids';
import type { NetworkEvaluation } from '../results';
import { confusionOption } from '../charts/confusion';
import { defineFigure } from './define';
import { seenLabel, base, defaultCount, type Results, type FigureBlobs } from './results';

export default defineFigure<ConfusionData>({
  id: 'confusion',
  paperFigure: '',
  title: 'Confusion matrix',
  tab: 'Confusion',
  transformFilter: false,
  needs: 'a train job’s stored confusion matrices',
  supported: (r) => r.d.evaluations.length ? null : 'no network has finished training',
  assemble: (r, blobs, options) => confusion(r, blobs, options),
  table(d) {
    const seen = new Set(d.seenCategories);
    return {
      columns: ['job_id', 'condition', 'true_class', 'predicted_class', 'count', 'true_class_seen_transformed'],
      rows: d.counts.flatMap((row, t) => row.map((c, p) => [d.jobId, d.condition, d.classes[t] ?? t, d.classes[p] ?? p, c, seen.has(t) ? 1 : 0])),
    };
  },
  build: confusionOption,
  size(d) {
    const side = Math.min(1000, Math.max(420, 22 * d.classes.length));
    return { width: side + 260, height: side + 200 };
  },
});

function confusion(r: Results, blobs: FigureBlobs, o: FigureOptions): ConfusionData {
  const out: ConfusionData = {
    ...base('confusion', r.d), jobId: '', condition: 'clean', classes: r.d.dataset.classes, counts: [], seenCategories: [],
  };
  let ev: NetworkEvaluation | undefined;
  if (o.jobId) {
    ev = r.d.evaluations.find((e) => e.jobId === o.jobId && (o.transform ? e.transform === o.transform : true))
      ?? r.d.evaluations.find((e) => e.jobId === o.jobId);
    if (!ev) { out.missing.push(`no finished network with job id ${o.jobId} in this experiment`); return out; }
  } else {
    const t = o.transform ?? r.transforms[0];
    if (!t) { out.missing.push('the experiment has no transformation'); return out; }
    const c = o.seenCount ?? defaultCount(r, (k) => r.evals(t, k).length > 0);
    if (c === null) { out.missing.push(`no network trained with ${TRANSFORM_LABEL[t]} has finished`); return out; }
    const nets = r.evals(t, c);
    ev = (o.seed !== undefined ? nets.find((e) => e.seed === o.seed) : nets[0]);
    if (!ev) { out.missing.push(r.why('train', t, c)); return out; }
  }
  const condition = o.condition ?? ev.transform ?? 'clean';
  out.jobId = ev.jobId;
  out.condition = condition;
  out.seenCategories = [...ev.seenCategories];
  const net = ev.transform === null || ev.seenCount === 0 ? 'the clean network' : `the network trained with ${TRANSFORM_LABEL[ev.transform]} on ${seenLabel(ev.seenCount)}`;
  out.title = `${out.title}: ${net}, seed ${ev.seed}`;
  const m = blobs.confusion(ev.jobId, condition);
  const counts = m === null ? null : Array.isArray(m) ? m : m.counts;
  if (!counts) out.missing.push(`no confusion matrix stored for job ${ev.jobId} on ${condition === 'clean' ? 'clean' : TRANSFORM_LABEL[condition]} test images`);
  else if (counts.length !== r.classes || counts.some((row) => row.length !== r.classes)) {
    out.missing.push(`the confusion matrix of job ${ev.jobId} is not ${r.classes} x ${r.classes} (the dataset's categories)`);
  } else out.counts = counts;
  return out;
}
