// The table `run` and `demo` print at the end: per transformation and seen count, the means
// over seeds with 95 % intervals (shared/trust.ts), the paper's Fig. 6 quadrant I beside
// across, across with the choice restricted to the unseen categories (beside its chance level,
// chance-corrected), and a numbered note next to every number that cannot be read as the
// paper's measure (shortcut, not learnable, already robust, at chance, target not reached).
import type { ExperimentDetail, Interval, SummaryRow, TrustFlag } from '../../shared/results';
import { summarise } from '../../shared/trust';
import { table } from './format';

export function summaryRows(detail: ExperimentDetail): SummaryRow[] {
  return (detail.summary ?? summarise(detail)).rows;
}

/** "58.5 [52.1, 64.9]" (percent) or "58.5" when there is no interval. */
function cell(i: Interval, scale = 100): string {
  if (i.mean === null) return '-';
  const m = (scale * i.mean).toFixed(1);
  return i.low === null || i.high === null ? m : `${m} [${(scale * i.low).toFixed(1)}, ${(scale * i.high).toFixed(1)}]`;
}

export function summaryTable(detail: ExperimentDetail): string {
  const summary = detail.summary ?? summarise(detail);
  const rows = summary.rows;
  if (rows.length === 0) return '(no evaluated networks yet)';
  const bySeed = rows.some((r) => r.networks > 1);
  const hasInvariance = rows.some((r) => r.invariance.mean !== null);
  // Notes: every flag gets a number once; a row lists the numbers of its own and its transformation's flags.
  const notes: TrustFlag[] = [];
  const noteOf = (f: TrustFlag) => {
    const i = notes.findIndex((n) => n.sentence === f.sentence);
    return i >= 0 ? i + 1 : notes.push(f);
  };
  const transformFlags = summary.flags.filter((f) => f.seenCount === null);
  const networkFlags = summary.flags.filter((f) => f.seenCount !== null);
  const seedCell = (r: SummaryRow) => (r.acrossBySeed.every((a) => a === null) ? '-' : r.acrossBySeed.map((a) => (a === null ? '-' : (100 * a).toFixed(0))).join(' / '));
  const restricted = (r: SummaryRow) => (r.restrictedAcross.mean === null ? '-'
    : `${cell(r.restrictedAcross)} (${(100 * (r.restrictedAcrossChance ?? 0)).toFixed(1)}) -> ${r.restrictedAcrossCorrected.mean === null ? '-' : (100 * r.restrictedAcrossCorrected.mean).toFixed(1)}`);
  const body = table(
    ['transformation', 'seen', 'n', 'within', 'across', 'unseen->seen', 'among unseen (chance) -> corrected', 'clean',
      ...(hasInvariance ? ['invariance'] : []), 'notes', ...(bySeed ? ['across by seed'] : [])],
    rows.map((r) => {
      const mine = [
        ...transformFlags.filter((f) => f.transform === r.transform && (f.kind !== 'not-learnable' || r.seenCount !== 0)),
        ...r.flags,
      ];
      const ns = [...new Set(mine.map(noteOf))];
      return [r.transform, String(r.seenCount), String(r.networks), cell(r.within), cell(r.across),
        r.unseenAsSeen.mean === null ? '-' : `${r.unseenAsSeen.mean.toFixed(1)}%`, restricted(r), cell(r.clean),
        ...(hasInvariance ? [r.invariance.mean === null ? '-' : `${r.invariance.mean.toFixed(3)}${r.excludedAtChance ? ` (-${r.excludedAtChance})` : ''}`] : []),
        ns.length ? ns.map((n) => `[${n}]`).join('') : '', ...(bySeed ? [seedCell(r)] : [])];
    }));
  for (const f of networkFlags) if (f.kind === 'at-chance' && f.transform === null) noteOf(f);
  const methods = new Set(rows.flatMap((r) => [r.within.method, r.across.method]));
  const key = [
    'accuracies in %, mean over seeds [95 % interval]: ' + [
      methods.has('t') ? 't over seeds' : null,
      methods.has('bootstrap') ? 'one seed: percentile bootstrap over test images' : null,
    ].filter(Boolean).join('; ') + '; n = networks (seeds)',
    'unseen->seen: of unseen categories\' transformed test images, the share predicted as a seen category (paper Fig. 6, quadrant I); ' +
      `above ${summary.thresholds.shortcutPercent} % plain across measures the "transformed means seen" shortcut`,
    'among unseen: across with the same images but with the choice restricted to the unseen categories, its chance level, and chance-corrected (acc - chance) / (1 - chance)',
  ];
  const cal = detail.calibrations.map((c) => `${c.transform} ${c.param} = ${c.value}${c.rule === 'learnable' ? ' (learnable rule)' : ''}${c.seed !== undefined && detail.spec.seeds.length > 1 ? ` (seed ${c.seed})` : ''}`);
  return [
    body, ...key,
    ...(notes.length ? ['', 'notes:', ...notes.map((n, i) => `[${i + 1}] ${n.sentence}`)] : []),
    // A terminal shows no images: say where the example images at these strengths are.
    ...(cal.length ? ['', `calibrated: ${cal.join(', ')}`, `example images at these strengths: the app's Results view, or the first page of \`invlab report ${detail.id}\``] : []),
  ].join('\n');
}
