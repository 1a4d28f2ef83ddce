// Results a lab can trust (SPEC.md sections 3-4): per (transformation, seen count), the mean
// over seeds with a 95 % interval and n, the restricted (shortcut-free) accuracies beside
// their chance levels, and one plain sentence wherever a number cannot be read as the paper's
// measure. Pure: the CLI table, `runs show --json`, the app's Results view and reports all
// read the one `summarise` result.
//
// Intervals (documented in docs/analysis.md):
// - n >= 2 seeds: mean +- t(0.975, n - 1) x sd / sqrt(n), sd with n - 1.
// - one seed, an accuracy or a share of test images: the percentile bootstrap over test
//   images. Resampling N test images with replacement makes the number of correct ones
//   Binomial(N, p), so the bootstrap distribution is known exactly and its 2.5 / 97.5 %
//   percentiles are taken from it directly (the limit of infinitely many replicates; no
//   random draws, the same interval every time).
// - one seed, anything else (mean invariance): no interval, method 'none', n = 1.
import type { SeenCount, TransformId } from './ids';
import type {
  Calibration, ExperimentDetail, Interval, NetworkAnalysis, NetworkEvaluation, ResultSummary, SummaryRow, TrustFlag,
} from './results';

/** Quadrant I above this percentage: plain across-category accuracy measures the shortcut (SPEC.md section 3). */
export const SHORTCUT_PERCENT = 50;
/** Clean accuracy must exceed chance + this x (1 - chance) (SPEC.md section 3). */
export const ABOVE_CHANCE_MARGIN = 0.1;
/** Learnable: the all-transformed network on transformed images >= this x the clean network's clean accuracy (SPEC.md section 4). */
export const LEARNABLE_RATIO = 0.8;
/** Hurts: the clean network loses at least this (fraction, 10 points) on transformed images (SPEC.md section 4). */
export const HURTS_POINTS = 0.1;

const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
  2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042];

/** The 97.5 % quantile of Student's t with `df` degrees of freedom. */
export function tQuantile975(df: number): number {
  if (df < 1) return Number.NaN;
  if (df <= 30) return T975[df - 1]!;
  if (df <= 40) return 2.021;
  if (df <= 60) return 2.0;
  if (df <= 120) return 1.98;
  return 1.96;
}

const finite = (xs: readonly (number | null | undefined)[]) => xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));

/** Mean over seeds with the t interval (n >= 2); one value gives method 'none'. */
export function tInterval(values: readonly (number | null | undefined)[]): Interval {
  const v = finite(values);
  const n = v.length;
  if (n === 0) return { mean: null, low: null, high: null, n: 0, method: 'none' };
  const mean = v.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, low: null, high: null, n: 1, method: 'none' };
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const h = tQuantile975(n - 1) * sd / Math.sqrt(n);
  return { mean, low: mean - h, high: mean + h, n, method: 't' };
}

/**
 * The exact percentile bootstrap of a proportion p = correct / total over `total` test
 * images: the 2.5 % and 97.5 % quantiles of Binomial(total, p) / total.
 */
export function bootstrapProportion(p: number, total: number): { low: number; high: number } {
  if (!(total > 0) || !Number.isFinite(p)) return { low: Number.NaN, high: Number.NaN };
  const N = Math.round(total);
  const q = Math.min(1, Math.max(0, p));
  if (q === 0 || q === 1) return { low: q, high: q };
  // Relative pmf around the mode (no underflow for large N), then normalised.
  const w = new Float64Array(N + 1);
  const mode = Math.min(N, Math.floor((N + 1) * q));
  const r = q / (1 - q);
  w[mode] = 1;
  for (let k = mode; k < N; k++) { w[k + 1] = w[k]! * ((N - k) / (k + 1)) * r; if (w[k + 1]! < 1e-300) break; }
  for (let k = mode; k > 0; k--) { w[k - 1] = w[k]! * (k / (N - k + 1)) / r; if (w[k - 1]! < 1e-300) break; }
  const sum = w.reduce((a, b) => a + b, 0);
  let cum = 0, low = -1, high = -1;
  for (let k = 0; k <= N; k++) {
    cum += w[k]! / sum;
    if (low < 0 && cum >= 0.025) low = k;
    if (high < 0 && cum >= 0.975) { high = k; break; }
  }
  return { low: low / N, high: (high < 0 ? N : high) / N };
}

/** One seed's proportion with its bootstrap interval, or the t interval over several seeds. */
export function proportionInterval(values: readonly (number | null | undefined)[], images: readonly (number | null | undefined)[], scale = 1): Interval {
  const pairs = values.map((v, i) => [v, images[i]] as const).filter(([v]) => typeof v === 'number' && Number.isFinite(v));
  if (pairs.length !== 1) {
    // A proportion's interval never leaves [0, scale].
    const i = tInterval(pairs.map(([v]) => v));
    return { ...i, low: i.low === null ? null : Math.max(0, i.low), high: i.high === null ? null : Math.min(scale, i.high) };
  }
  const [v, n] = pairs[0]! as readonly [number, number | null | undefined];
  if (!n) return { mean: v, low: null, high: null, n: 1, method: 'none' };
  const b = bootstrapProportion(v / scale, n);
  return { mean: v, low: b.low * scale, high: b.high * scale, n: 1, method: 'bootstrap' };
}

/** Chance of a choice among `classes` categories. */
export const chanceOf = (classes: number) => (classes > 0 ? 1 / classes : 1);

/** SPEC.md section 3: clean accuracy above chance + 0.1 x (1 - chance). */
export function clearlyAboveChance(cleanAccuracy: number, classes: number): boolean {
  const c = chanceOf(classes);
  return cleanAccuracy > c + ABOVE_CHANCE_MARGIN * (1 - c);
}

function clipHigh(i: Interval, max: number): Interval {
  return i.high === null ? i : { ...i, high: Math.min(max, i.high) };
}

/** Interval of a linear map a x + b of a value (chance correction of a one-seed interval). */
function mapInterval(i: Interval, f: (x: number) => number): Interval {
  return { ...i, mean: i.mean === null ? null : f(i.mean), low: i.low === null ? null : f(i.low), high: i.high === null ? null : f(i.high) };
}

const pct = (x: number | null | undefined, digits = 1) => (x === null || x === undefined || !Number.isFinite(x) ? '-' : `${(100 * x).toFixed(digits)} %`);
const order = (k: SeenCount) => (k === 'all' ? Number.POSITIVE_INFINITY : k);

/** Evaluations at (transformation, seen count), one per seed; count 0 reads the clean network as the store's baseline rows do. */
function evalsAt(d: ExperimentDetail, t: TransformId, c: SeenCount): NetworkEvaluation[] {
  const direct = d.evaluations.filter((e) => e.transform === t && e.seenCount === c);
  let all = direct;
  if (c === 0) {
    const classes = d.dataset.classes.length;
    const derived = d.evaluations.filter((e) => e.transform === null && e.seenCount === 0 && !direct.some((x) => x.seed === e.seed))
      .flatMap((e) => {
        const acc = e.byTransform[t];
        if (acc === undefined) return [];
        const images = e.testImages?.all;
        const chance = chanceOf(classes);
        return [{
          ...e, transform: t, within: null, across: acc, transformedAccuracy: acc, seenCategories: [],
          quadrants: { seenAsSeen: null, seenAsUnseen: null, unseenAsSeen: 0, unseenAsUnseen: 100 },
          restricted: { within: null, across: images ? { accuracy: acc, chance, corrected: (acc - chance) / (1 - chance), categories: classes, images } : null },
        } as NetworkEvaluation];
      });
    all = [...direct, ...derived];
  }
  const seen = new Set<number>();
  return all.filter((e) => (seen.has(e.seed) ? false : (seen.add(e.seed), true))).sort((a, b) => a.seed - b.seed);
}

/** The analyses of networks at (transformation, seen count), one per seed. */
function analysesAt(d: ExperimentDetail, t: TransformId, c: SeenCount): NetworkAnalysis[] {
  const seen = new Set<number>();
  return d.analyses.filter((a) => a.transform === t && a.seenCount === c)
    .filter((a) => (seen.has(a.seed) ? false : (seen.add(a.seed), true)));
}

/** The calibration flags: the target was not reached at the strongest allowed value. */
function calibrationFlags(cals: Calibration[]): TrustFlag[] {
  return cals.filter((c) => c.reachedTarget === false).map((c) => ({
    kind: 'target-not-reached' as const, transform: c.transform, seenCount: null,
    sentence: c.message ?? `${c.transform}: target not reached: the clean network still scores ${pct(c.curve[c.curve.length - 1]?.accuracy)} at the strongest allowed value (${c.param} = ${c.value})`,
  }));
}

/** Learnability and "already robust" of a transformation, from its count-'all' and count-0 networks (SPEC.md section 4). */
export function learnabilityFlags(d: ExperimentDetail, t: TransformId): TrustFlag[] {
  const flags: TrustFlag[] = [];
  const clean = evalsAt(d, t, 0);
  const cleanClean = tInterval(clean.map((e) => e.cleanAccuracy)).mean;
  const cleanT = tInterval(clean.map((e) => e.across)).mean;
  if (cleanClean !== null && cleanT !== null && cleanClean - cleanT < HURTS_POINTS) {
    flags.push({
      kind: 'already-robust', transform: t, seenCount: null,
      sentence: `${t}: the clean network is already robust (${pct(cleanT)} on transformed images vs ${pct(cleanClean)} clean, less than ${Math.round(100 * HURTS_POINTS)} points lost), so there is little robustness to carry over`,
    });
  }
  if (d.spec.seenCounts.includes('all')) {
    const all = evalsAt(d, t, 'all');
    const allT = tInterval(all.map((e) => e.within ?? e.transformedAccuracy)).mean;
    if (cleanClean !== null && allT !== null && allT < LEARNABLE_RATIO * cleanClean) {
      flags.push({
        kind: 'not-learnable', transform: t, seenCount: null,
        sentence: `${t}: not learnable at this strength in this budget: trained with every category transformed, the network scores ${pct(allT)} on transformed images, below ${LEARNABLE_RATIO} x the clean network's ${pct(cleanClean)}`,
      });
    }
  }
  return flags;
}

function shortcutFlag(t: TransformId, c: SeenCount, q: number | null, restricted: number | null, chance: number | null): TrustFlag | null {
  if (q === null || q <= SHORTCUT_PERCENT) return null;
  const r = restricted === null ? '' : `; among the unseen categories only it is ${pct(restricted)} (chance ${pct(chance)})`;
  return {
    kind: 'shortcut', transform: t, seenCount: c,
    sentence: `${t}, ${c} seen: ${q.toFixed(0)} % of the unseen categories' transformed images are predicted as a seen category, so plain across-category accuracy measures the "transformed means seen" shortcut${r}`,
  };
}

export function summarise(d: ExperimentDetail): ResultSummary {
  const classes = d.dataset.classes.length;
  const rows: SummaryRow[] = [];
  const flags: TrustFlag[] = [...calibrationFlags(d.calibrations)];
  const atChance = new Set<string>();
  for (const e of d.evaluations) {
    if (e.seenCount === 0 && e.transform !== null) continue; // the clean network's baseline rows: flagged once, as itself
    if (!clearlyAboveChance(e.cleanAccuracy, classes)) {
      atChance.add(`${e.transform ?? ''}\0${e.seenCount}\0${e.seed}`);
      flags.push({
        kind: 'at-chance', transform: e.transform, seenCount: e.seenCount,
        sentence: `${e.transform ?? 'clean network'}${e.transform ? `, ${e.seenCount} seen` : ''}, seed ${e.seed}: clean accuracy ${pct(e.cleanAccuracy)} is not clearly above chance (${pct(chanceOf(classes))}); left out of invariance summaries and correlations`,
      });
    }
  }
  const isAtChance = (t: TransformId, c: SeenCount, seed: number) => atChance.has(`${c === 0 ? '' : t}\0${c}\0${seed}`);

  const counts = [...new Set(d.spec.seenCounts)].sort((a, b) => order(a) - order(b));
  for (const t of d.transforms) {
    flags.push(...learnabilityFlags(d, t));
    for (const c of counts) {
      const evs = evalsAt(d, t, c);
      if (!evs.length) continue;
      const ra = evs.map((e) => e.restricted?.across ?? null);
      const rw = evs.map((e) => e.restricted?.within ?? null);
      const unseenImages = evs.map((e) => e.testImages?.unseen ?? e.restricted?.across?.images ?? null);
      const seenImages = evs.map((e) => e.testImages?.seen ?? e.restricted?.within?.images ?? null);
      const chanceA = ra.find((x) => x)?.chance ?? null;
      const chanceW = rw.find((x) => x)?.chance ?? null;
      const restrictedAcross = proportionInterval(ra.map((x) => x?.accuracy), ra.map((x) => x?.images));
      const restrictedWithin = proportionInterval(rw.map((x) => x?.accuracy), rw.map((x) => x?.images));
      const corrected = (i: Interval, xs: typeof ra, chance: number | null) => (i.method === 'bootstrap' && chance !== null && chance < 1
        ? mapInterval(i, (v) => (v - chance) / (1 - chance))
        : clipHigh(tInterval(xs.map((x) => x?.corrected)), 1)); // a corrected accuracy is at most 1
      const analyses = analysesAt(d, t, c);
      const kept = analyses.filter((a) => !isAtChance(t, c, a.seed));
      const unseenAsSeen = proportionInterval(evs.map((e) => e.quadrants?.unseenAsSeen ?? null), unseenImages, 100);
      const row: SummaryRow = {
        transform: t, seenCount: c, networks: evs.length,
        within: proportionInterval(evs.map((e) => e.within), seenImages),
        across: proportionInterval(evs.map((e) => e.across), unseenImages),
        clean: proportionInterval(evs.map((e) => e.cleanAccuracy), evs.map((e) => e.testImages?.all ?? null)),
        restrictedAcross, restrictedAcrossChance: chanceA, restrictedAcrossCorrected: corrected(restrictedAcross, ra, chanceA),
        restrictedWithin, restrictedWithinChance: chanceW, restrictedWithinCorrected: corrected(restrictedWithin, rw, chanceW),
        unseenAsSeen,
        invariance: tInterval(kept.map((a) => a.all.mean)),
        excludedAtChance: evs.filter((e) => isAtChance(t, c, e.seed)).length,
        acrossBySeed: evs.map((e) => e.across),
        flags: [],
      };
      const s = c === 0 || c === 'all' ? null : shortcutFlag(t, c, unseenAsSeen.mean, restrictedAcross.mean, chanceA);
      if (s) row.flags.push(s);
      if (row.excludedAtChance) {
        row.flags.push({
          kind: 'at-chance', transform: t, seenCount: c,
          sentence: `${t}, ${c} seen: ${row.excludedAtChance} of ${evs.length} network(s) not clearly above chance, left out of the invariance mean`,
        });
      }
      rows.push(row);
    }
  }
  return {
    rows, flags,
    thresholds: { shortcutPercent: SHORTCUT_PERCENT, aboveChanceMargin: ABOVE_CHANCE_MARGIN, learnableRatio: LEARNABLE_RATIO, hurtsPoints: HURTS_POINTS },
  };
}

/** Whether the network behind an analysis is clearly above chance (correlations and invariance summaries keep only these). */
export function analysisAboveChance(d: ExperimentDetail, a: NetworkAnalysis): boolean {
  const ev = evalsAt(d, a.transform, a.seenCount).find((e) => e.seed === a.seed);
  return !ev || clearlyAboveChance(ev.cleanAccuracy, d.dataset.classes.length);
}

/** "58.5 % [52.1, 64.9] n=3" for fractions; shares in percent pass scale 1 / 100. */
export function formatInterval(i: Interval, opts: { scale?: number; digits?: number } = {}): string {
  const s = opts.scale ?? 100;
  const dg = opts.digits ?? 1;
  if (i.mean === null) return '-';
  const m = (s * i.mean).toFixed(dg);
  if (i.low === null || i.high === null) return `${m}${i.n ? ` (n=${i.n})` : ''}`;
  return `${m} [${(s * i.low).toFixed(dg)}, ${(s * i.high).toFixed(dg)}] n=${i.n}${i.method === 'bootstrap' ? '*' : ''}`;
}

/** One probe of the `learnable` rule: the all-transformed network at a strength, on transformed test images. */
export interface LearnableProbe { value: number; transformedAccuracy: number }

/**
 * The `learnable` calibration rule (SPEC.md section 4, beside the paper's): the strongest
 * probed strength whose all-transformed network scores at least LEARNABLE_RATIO x the clean
 * network's clean accuracy; null when none does. `stronger(a, b)`: a is stronger than b.
 */
export function strongestLearnable(probes: readonly LearnableProbe[], cleanAccuracy: number, stronger: (a: number, b: number) => boolean = (a, b) => a > b): LearnableProbe | null {
  let best: LearnableProbe | null = null;
  for (const p of probes) {
    if (p.transformedAccuracy < LEARNABLE_RATIO * cleanAccuracy) continue;
    if (!best || stronger(p.value, best.value)) best = p;
  }
  return best;
}
