// Invariance: x + T(x) vs x only (paper Fig. 3b–c): one figure of SPEC.md section 7.
import type { InvarianceBaselineData } from '../figures';
import { TRANSFORM_LABEL } from '../ids';
import { invarianceBaselineOption } from '../charts/violins';
import { distTable } from '../charts/table';
import { defineFigure } from './define';
import { distribution, base, invarianceOf, analysisReason, type Results, type FigureBlobs } from './results';

export default defineFigure<InvarianceBaselineData>({
  id: 'invariance-baseline',
  paperFigure: 'Fig. 3b–c',
  title: 'Invariance: x + T(x) vs x only',
  tab: 'Invariance baseline',
  transformFilter: false,
  needs: 'analyses at seen counts 0 and all: per-neuron I_k (blobs)',
  supported(r) {
    return r.transforms.some((t) => r.analyses(t, 'all').length || r.analyses(t, 0).length) ? null
      : r.d.analyses.length ? "no analysis at seen count 0 or 'all' has finished" : analysisReason(r.d);
  },
  assemble: (r, blobs) => invarianceBaseline(r, blobs),
  table(d, mode) {
    return distTable(['transform', 'trained_on'], d.groups.flatMap((g) => [
      { keys: [g.transform, 'x+T(x)'], dist: g.all },
      { keys: [g.transform, 'x'], dist: g.none },
    ]), mode);
  },
  build: invarianceBaselineOption,
});

function invarianceBaseline(r: Results, blobs: FigureBlobs): InvarianceBaselineData {
  const out: InvarianceBaselineData = { ...base('invariance-baseline', r.d), groups: [] };
  for (const t of r.transforms) {
    const all = r.analyses(t, 'all'), none = r.analyses(t, 0);
    if (!all.length) out.missing.push(r.why('analyse', t, 'all'));
    if (!none.length) out.missing.push(r.why('analyse', t, 0));
    const dAll = distribution(`${TRANSFORM_LABEL[t]}: x + T(x)`, invarianceOf(blobs, all, 'all'), all[0]?.jobId, 'all');
    const dNone = distribution(`${TRANSFORM_LABEL[t]}: x`, invarianceOf(blobs, none, 'all'), none[0]?.jobId, 'none');
    if (all.length && !dAll) out.missing.push(`I_k of ${TRANSFORM_LABEL[t]} (x + T(x)): no values stored`);
    if (none.length && !dNone) out.missing.push(`I_k of ${TRANSFORM_LABEL[t]} (x only): no values stored`);
    // The figure compares the two: a transformation with one side only still shows that side.
    if (dAll || dNone) {
      out.groups.push({
        transform: t,
        all: dAll ?? { label: `${TRANSFORM_LABEL[t]}: x + T(x)`, values: [], group: 'all' },
        none: dNone ?? { label: `${TRANSFORM_LABEL[t]}: x`, values: [], group: 'none' },
      });
    }
  }
  return out;
}
