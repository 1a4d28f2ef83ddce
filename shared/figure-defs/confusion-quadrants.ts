// Seen / unseen confusion quadrants (paper Fig. 6): one figure of SPEC.md section 7.
import type { QuadrantsData } from '../figures';
import { quadrantsOption } from '../charts/quadrants';
import { sc } from '../charts/table';
import { defineFigure } from './define';
import { meanOf, base, type Results } from './results';

export default defineFigure<QuadrantsData>({
  id: 'confusion-quadrants',
  paperFigure: 'Fig. 6',
  title: 'Seen / unseen confusion quadrants',
  tab: 'Quadrants',
  transformFilter: true,
  needs: 'evaluations’ seen / unseen quadrants',
  supported(r) {
    if (!r.seenCounts.some((c) => c !== 0 && c !== 'all')) return "the experiment has no seen count between 0 and 'all'";
    return r.transforms.some((t) => r.seenCounts.some((c) => c !== 0 && c !== 'all' && r.evals(t, c).some((e) => e.quadrants)))
      ? null : 'no network with seen and unseen categories has finished';
  },
  assemble: (r) => quadrants(r),
  table(d) {
    return {
      columns: ['transform', 'seen_count', 'job_id', 'seen_as_seen_pct', 'seen_as_unseen_pct', 'unseen_as_seen_pct', 'unseen_as_unseen_pct'],
      rows: d.rows.map((r) => [r.transform, sc(r.seenCount), r.jobId, r.seenAsSeen, r.seenAsUnseen, r.unseenAsSeen, r.unseenAsUnseen]),
    };
  },
  build: quadrantsOption,
  size(d) {
    const t = Math.max(1, new Set(d.rows.map((r) => r.transform)).size);
    const c = Math.max(1, new Set(d.rows.map((r) => r.seenCount)).size);
    return { width: Math.max(640, 260 + 150 * c), height: 170 + 150 * t };
  },
});

function quadrants(r: Results): QuadrantsData {
  const out: QuadrantsData = { ...base('confusion-quadrants', r.d), rows: [] };
  const counts = r.seenCounts.filter((c) => c !== 0 && c !== 'all');
  if (!counts.length) out.missing.push("the experiment has no seen count between 0 and 'all': the quadrants need both seen and unseen categories");
  for (const t of r.transforms) for (const c of counts) {
    const nets = r.evals(t, c).filter((e) => e.quadrants);
    if (!nets.length) { out.missing.push(r.why('train', t, c)); continue; }
    const q = (k: 'seenAsSeen' | 'seenAsUnseen' | 'unseenAsSeen' | 'unseenAsUnseen') => meanOf(nets.map((e) => e.quadrants![k]));
    out.rows.push({
      transform: t, seenCount: c, jobId: nets[0]!.jobId,
      seenAsSeen: q('seenAsSeen'), seenAsUnseen: q('seenAsUnseen'), unseenAsSeen: q('unseenAsSeen'), unseenAsUnseen: q('unseenAsUnseen'),
    });
  }
  return out;
}
