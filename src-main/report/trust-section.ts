// The report's "Summary over seeds" page: per transformation and seen count, the means over
// seeds with 95 % intervals and n, quadrant I, across among the unseen categories only
// (beside its chance level, chance-corrected), and the numbered sentences that say where a
// number cannot be read as the paper's measure (shared/trust.ts).
import type { ExperimentDetail, Interval, TrustFlag } from '../../shared/results';
import { summarise } from '../../shared/trust';

const cell = (i: Interval, scale = 100) => (i.mean === null ? '–'
  : i.low === null || i.high === null ? (scale * i.mean).toFixed(1)
    : `${(scale * i.mean).toFixed(1)} [${(scale * i.low).toFixed(1)}, ${(scale * i.high).toFixed(1)}]`);

export function trustSection(d: ExperimentDetail, esc: (s: string) => string): string {
  const s = d.summary ?? summarise(d);
  if (!s.rows.length) return '';
  const notes: TrustFlag[] = [];
  const noteOf = (f: TrustFlag) => { const i = notes.findIndex((n) => n.sentence === f.sentence); return i >= 0 ? i + 1 : notes.push(f); };
  const tFlags = s.flags.filter((f) => f.seenCount === null);
  const head = ['Transformation', 'Seen', 'n', 'Within %', 'Across %', 'Unseen → seen %', 'Among unseen % (chance)', 'Corrected %', 'Clean %', 'Mean I_k', 'Notes'];
  const body = s.rows.map((r) => {
    const ns = [...new Set([...tFlags.filter((f) => f.transform === r.transform && (f.kind !== 'not-learnable' || r.seenCount !== 0)), ...r.flags].map(noteOf))];
    return [r.transform, String(r.seenCount), String(r.networks), cell(r.within), cell(r.across),
      r.unseenAsSeen.mean === null ? '–' : r.unseenAsSeen.mean.toFixed(1),
      r.restrictedAcross.mean === null ? '–' : `${cell(r.restrictedAcross)} (${(100 * (r.restrictedAcrossChance ?? 0)).toFixed(1)})`,
      cell(r.restrictedAcrossCorrected), cell(r.clean),
      r.invariance.mean === null ? '–' : `${r.invariance.mean.toFixed(3)}${r.excludedAtChance ? ` (${r.excludedAtChance} at chance left out)` : ''}`,
      ns.map((n) => `[${n}]`).join(' ')];
  });
  for (const f of s.flags) if (f.kind === 'at-chance') noteOf(f);
  const rows = body.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('');
  return `<section class="page" id="summary">
<h2>Summary over seeds</h2>
<p class="note">Mean over seeds with its 95 % interval (t over seeds; one seed: percentile bootstrap over test images) and n networks.
Unseen → seen: paper Fig. 6 quadrant I; above ${s.thresholds.shortcutPercent} % plain across-category accuracy measures the "transformed means seen" shortcut.
Among unseen: across with the choice restricted to the unseen categories; corrected = (accuracy − chance) / (1 − chance).</p>
<table class="numbers"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>
${notes.length ? `<h3>Notes</h3><ol class="notes" data-testid="trust-notes">${notes.map((n) => `<li>${esc(n.sentence)}</li>`).join('')}</ol>` : ''}
</section>`;
}
