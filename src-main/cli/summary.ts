// The table `run` and `demo` print at the end: within / across / clean accuracy per
// transformation and seen count, averaged over seeds (the paper's Fig. 2b/2c as numbers),
// with the paper's Fig. 6 quadrant I beside across: where across dips, it tells whether the
// networks sent unseen categories' transformed images to seen categories.
import type { SeenCount, TransformId } from '../../shared/ids';
import type { ExperimentDetail, NetworkEvaluation } from '../../shared/results';
import { pct, table } from './format';

export interface SummaryRow {
  transform: TransformId;
  seenCount: SeenCount;
  networks: number;
  within: number | null;
  across: number | null;
  clean: number | null;
  /** Percentage of unseen categories' transformed test images predicted as some seen category (quadrant I). */
  unseenAsSeen: number | null;
  /** Across-category accuracy of each network (seed order); the spread shows how far one seed can be trusted. */
  acrossBySeed: (number | null)[];
}

function mean(xs: (number | null)[]): number | null {
  const v = xs.filter((x): x is number => x !== null && Number.isFinite(x));
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
}

const order = (k: SeenCount) => (k === 'all' ? Number.POSITIVE_INFINITY : k);

export function summaryRows(detail: ExperimentDetail): SummaryRow[] {
  const groups = new Map<string, NetworkEvaluation[]>();
  for (const e of detail.evaluations) {
    if (e.transform === null) continue;
    const key = `${e.transform}\0${e.seenCount}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  const rows: SummaryRow[] = [];
  for (const t of detail.transforms) {
    const mine = [...groups.entries()].filter(([k]) => k.startsWith(`${t}\0`)).map(([, v]) => v);
    for (const evs of mine) {
      rows.push({
        transform: t, seenCount: evs[0]!.seenCount, networks: evs.length,
        within: mean(evs.map((e) => e.within)), across: mean(evs.map((e) => e.across)), clean: mean(evs.map((e) => e.cleanAccuracy)),
        unseenAsSeen: mean(evs.map((e) => e.quadrants?.unseenAsSeen ?? null)),
        acrossBySeed: [...evs].sort((a, b) => a.seed - b.seed).map((e) => e.across),
      });
    }
  }
  return rows.sort((a, b) => detail.transforms.indexOf(a.transform) - detail.transforms.indexOf(b.transform) || order(a.seenCount) - order(b.seenCount));
}

export function summaryTable(detail: ExperimentDetail): string {
  const rows = summaryRows(detail);
  if (rows.length === 0) return '(no evaluated networks yet)';
  const bySeed = rows.some((r) => r.networks > 1);
  const seedCell = (r: SummaryRow) => (r.acrossBySeed.every((a) => a === null) ? '-' : r.acrossBySeed.map((a) => (a === null ? '-' : (100 * a).toFixed(0))).join(' / '));
  const quad = (r: SummaryRow) => (r.unseenAsSeen === null ? '-' : `${r.unseenAsSeen.toFixed(1)}%`);
  const body = table(['transformation', 'seen', 'within', 'across', 'unseen->seen', 'clean', ...(bySeed ? ['across by seed'] : [])],
    rows.map((r) => [r.transform, String(r.seenCount), pct(r.within), pct(r.across), quad(r), pct(r.clean), ...(bySeed ? [seedCell(r)] : [])]));
  const key = 'unseen->seen: of unseen categories\' transformed test images, the share predicted as a seen category (paper Fig. 6, quadrant I)';
  const cal = detail.calibrations.map((c) => `${c.transform} ${c.param} = ${c.value}${c.seed !== undefined && detail.spec.seeds.length > 1 ? ` (seed ${c.seed})` : ''}`);
  return [body, key, ...(cal.length ? ['', `calibrated: ${cal.join(', ')}`] : [])].join('\n');
}
