// Invariance by number of seen-transformed categories (paper Figs. 4, 8, 9): one figure of SPEC.md section 7.
import type { FigureOptions } from '../contract';
import type { InvarianceBySeenData } from '../figures';
import { TRANSFORM_LABEL } from '../ids';
import { invarianceBySeenOption } from '../charts/violins';
import { distTable, sc } from '../charts/table';
import { defineFigure } from './define';
import { distribution, base, invarianceOf, analysisReason, type Results, type FigureBlobs } from './results';

export default defineFigure<InvarianceBySeenData>({
  id: 'invariance-by-seen',
  paperFigure: 'Figs. 4, 8, 9',
  title: 'Invariance by number of seen-transformed categories',
  tab: 'Invariance by seen',
  transformFilter: true,
  needs: 'analyses at every seen count: per-neuron I_k (blobs)',
  supported: (r) => r.d.analyses.length ? null : analysisReason(r.d),
  assemble: (r, blobs, options) => invarianceBySeen(r, blobs, options),
  table(d, mode) {
    return distTable(['transform', 'seen_count', 'categories'], d.groups.flatMap((g) => [
      { keys: [g.transform, sc(g.seenCount), 'seen'], dist: g.seen },
      { keys: [g.transform, sc(g.seenCount), 'unseen'], dist: g.unseen },
    ]), mode);
  },
  build: invarianceBySeenOption,
  size: (d) => ({ width: 960, height: 170 + 300 * Math.ceil(Math.max(1, new Set(d.groups.map((g) => g.transform)).size) / 2) }),
});

function invarianceBySeen(r: Results, blobs: FigureBlobs, o: FigureOptions): InvarianceBySeenData {
  const out: InvarianceBySeenData = { ...base('invariance-by-seen', r.d), groups: [] };
  for (const t of o.transform ? [o.transform] : r.transforms) for (const c of r.seenCounts) {
    const as = r.analyses(t, c);
    if (!as.length) { out.missing.push(r.why('analyse', t, c)); continue; }
    const label = `${TRANSFORM_LABEL[t]}, ${c === 'all' ? 'all' : c} seen`;
    out.groups.push({
      transform: t, seenCount: c,
      seen: c === 0 ? null : distribution(`${label}: seen`, invarianceOf(blobs, as, 'seen'), as[0]!.jobId, 'seen'),
      unseen: c === 'all' ? null : distribution(`${label}: unseen`, invarianceOf(blobs, as, 'unseen'), as[0]!.jobId, 'unseen'),
    });
  }
  return out;
}
