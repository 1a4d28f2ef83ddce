// Stored results -> the data behind each figure of SPEC.md section 7 (shared/figures.ts).
// Accuracies are stored as fractions and become percentages here, as the figures draw them;
// quadrants are stored as percentages already. Missing data never throws: it becomes a
// human-readable entry in `missing` (which job is queued, running or failed).
import type { FigureOptions } from '../../shared/contract';
import type {
  AblationData, AccMatrixData, ActiveNeuronsData, ConfusionData, Distribution, FigureData, InvarianceBaselineData,
  InvarianceBySeenData, InvarianceTrendData, InvarianceVsAccuracyData, LayerwiseData, QuadrantsData, SeriesPoint,
  WithinAcrossData,
} from '../../shared/figures';
import {
  FIGURE_IDS, FIGURE_TITLE, TRANSFORM_FAMILY, TRANSFORM_LABEL, type FigureId, type SeenCount, type TransformId,
} from '../../shared/ids';
import type { ExperimentDetail, JobKind, NetworkAnalysis, NetworkEvaluation } from '../../shared/results';
import { orderSeenCounts } from '../../shared/charts/common';
import { pearson } from '../engine/analysis/correlation';
import { analysisAboveChance, chanceOf, summarise } from '../../shared/trust';
import type { Interval } from '../../shared/results';

/** Large arrays of finished jobs; the store implements it over its blobs (src-main/store/blob-reader.ts). */
export interface FigureBlobs {
  /** Per-neuron I_k of an analyse job (NaN: neuron excluded). */
  invariance(jobId: string): { all: Float32Array; seen: Float32Array; unseen: Float32Array } | null;
  /** Number of active neurons for each test image, of an analyse job. */
  activePerImage(jobId: string): Float32Array | null;
  /** Fraction of test images each neuron is active for, of an analyse job. */
  imagesPerNeuron(jobId: string): Float32Array | null;
  /** Confusion counts[true][predicted] of a train job (a bare matrix or a stored ConfusionMatrix). */
  confusion(jobId: string, condition: 'clean' | TransformId): number[][] | { counts: number[][] } | null;
}

export interface FigureSupport { figure: FigureId; supported: boolean; reason?: string }

// ---------------------------------------------------------------------------------------------
// Reading the detail

const sameCount = (a: SeenCount, b: SeenCount) => a === b;
const pct = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? null : v * 100);

function meanOf(xs: readonly (number | null | undefined)[]): number | null {
  let s = 0, n = 0;
  for (const x of xs) if (x !== null && x !== undefined && Number.isFinite(x)) { s += x; n++; }
  return n ? s / n : null;
}

function seenLabel(c: SeenCount): string {
  return c === 'all' ? 'all categories' : `${c} categor${c === 1 ? 'y' : 'ies'}`;
}

class Results {
  readonly classes: number;
  readonly transforms: TransformId[];
  readonly seenCounts: SeenCount[];

  constructor(readonly d: ExperimentDetail) {
    this.classes = d.dataset.classes.length;
    this.transforms = d.transforms.length ? d.transforms : [];
    this.seenCounts = orderSeenCounts(d.spec.seenCounts);
  }

  x(c: SeenCount): number {
    return c === 'all' ? this.classes : c;
  }

  /**
   * Evaluations of the networks at (transformation, seen count), one per seed. Count 0 is the
   * clean network: its per-transformation baseline row when stored, else its own row read at
   * the transformation (across = accuracy on transformed images of all categories).
   */
  evals(t: TransformId, c: SeenCount): NetworkEvaluation[] {
    const direct = this.d.evaluations.filter((e) => e.transform === t && sameCount(e.seenCount, c));
    if (c !== 0) return bySeed(direct);
    const clean = this.d.evaluations.filter((e) => e.transform === null && e.seenCount === 0 && !direct.some((x) => x.seed === e.seed));
    const derived = clean.flatMap((e) => {
      const acc = e.byTransform[t];
      return acc === undefined ? [] : [{ ...e, transform: t, within: null, across: acc, transformedAccuracy: acc, seenCategories: [] }];
    });
    return bySeed([...direct, ...derived]);
  }

  /** The clean networks (seen count 0), one per seed, with every stored row of each merged. */
  cleanNetworks(): { jobId: string; seed: number; clean: number; byTransform: Partial<Record<TransformId, number>> }[] {
    const byJob = new Map<string, { jobId: string; seed: number; clean: number; byTransform: Partial<Record<TransformId, number>> }>();
    for (const e of this.d.evaluations.filter((x) => x.seenCount === 0)) {
      const cur = byJob.get(e.jobId) ?? { jobId: e.jobId, seed: e.seed, clean: e.cleanAccuracy, byTransform: {} };
      Object.assign(cur.byTransform, e.byTransform);
      byJob.set(e.jobId, cur);
    }
    const seen = new Set<number>();
    return [...byJob.values()].filter((n) => (seen.has(n.seed) ? false : (seen.add(n.seed), true)));
  }

  analyses(t: TransformId, c: SeenCount): NetworkAnalysis[] {
    return bySeed(this.d.analyses.filter((a) => a.transform === t && sameCount(a.seenCount, c)));
  }

  /** Why nothing is stored yet for (kind, transformation, seen count): the jobs' states. */
  why(kind: JobKind, t: TransformId, c: SeenCount): string {
    const jobs = this.d.jobList.filter((j) => j.kind === kind && sameCount(j.seenCount, c)
      && (j.transform === t || (kind === 'train' && c === 0 && j.transform === null)));
    const what = `${kind === 'analyse' ? 'analysis' : 'network'} for ${TRANSFORM_LABEL[t]} with ${seenLabel(c)} seen-transformed`;
    if (!jobs.length) {
      if (kind === 'analyse' && !this.d.spec.analysis.enabled) return `${what}: analysis is disabled in the experiment's spec`;
      return `${what}: no such job in this experiment`;
    }
    const states = jobs.map((j) => (j.status === 'failed' && j.error ? `failed (${j.error})` : j.status));
    return `${what}: not finished (${[...new Set(states)].join(', ')})`;
  }
}

function bySeed<T extends { seed: number }>(xs: T[]): T[] {
  const seen = new Set<number>();
  return xs.filter((x) => (seen.has(x.seed) ? false : (seen.add(x.seed), true))).sort((a, b) => a.seed - b.seed);
}

/** Pools the finite values of several arrays (several seeds' neurons or images). */
function pooled(arrays: (Float32Array | null | undefined)[], scale = 1): number[] {
  const out: number[] = [];
  for (const a of arrays) if (a) for (const v of a) if (Number.isFinite(v)) out.push(v * scale);
  return out;
}

function distribution(label: string, values: number[], jobId: string | undefined, group?: string): Distribution | null {
  if (!values.length) return null;
  return { label, values, ...(jobId ? { jobId } : {}), ...(group ? { group } : {}) };
}

function base<F extends FigureId>(figure: F, d: ExperimentDetail) {
  return { figure, experimentId: d.id, title: FIGURE_TITLE[figure], missing: [] as string[] };
}

// ---------------------------------------------------------------------------------------------
// One function per figure

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

/** The 95 % interval of a summary number, as percentages. */
const band = (i: Interval | undefined, scale = 100) => (i ? { low: i.low === null ? null : i.low * scale, high: i.high === null ? null : i.high * scale, n: i.n } : {});

function withinAcross(r: Results): WithinAcrossData {
  const summary = r.d.summary ?? summarise(r.d);
  const out: WithinAcrossData = {
    ...base('within-across', r.d), series: [], chance: 100 * chanceOf(r.classes),
    notes: [...summary.flags.filter((f) => f.kind !== 'at-chance').map((f) => f.sentence), ...summary.rows.flatMap((x) => x.flags.map((f) => f.sentence))],
  };
  for (const t of r.transforms) {
    const within: SeriesPoint[] = [], across: SeriesPoint[] = [], restricted: SeriesPoint[] = [];
    for (const c of r.seenCounts) {
      const nets = r.evals(t, c);
      if (!nets.length) { out.missing.push(r.why('train', t, c)); continue; }
      const jobId = nets[0]!.jobId;
      const row = summary.rows.find((x) => x.transform === t && x.seenCount === c);
      within.push({ seenCount: c, x: r.x(c), value: c === 0 ? null : pct(meanOf(nets.map((e) => e.within))), jobId, n: nets.length, ...(c === 0 ? {} : band(row?.within)) });
      across.push({ seenCount: c, x: r.x(c), value: c === 'all' ? null : pct(meanOf(nets.map((e) => e.across))), jobId, n: nets.length, ...(c === 'all' ? {} : band(row?.across)) });
      if (c !== 'all' && row && row.restrictedAcrossCorrected.mean !== null) {
        restricted.push({ seenCount: c, x: r.x(c), value: 100 * row.restrictedAcrossCorrected.mean, jobId, ...band(row.restrictedAcrossCorrected) });
      }
    }
    if (within.length) out.series.push({ transform: t, family: TRANSFORM_FAMILY[t], within, across, ...(restricted.length ? { restrictedAcross: restricted } : {}) });
  }
  return out;
}

/** Default seen count for single-network figures: an intermediate one, where seen and unseen both exist. */
function defaultCount(r: Results, has: (c: SeenCount) => boolean): SeenCount | null {
  const order = [...r.seenCounts.filter((c) => c !== 0 && c !== 'all'), 'all' as const, 0];
  return order.find((c) => r.seenCounts.includes(c) && has(c)) ?? null;
}

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
  out.title = `${FIGURE_TITLE.confusion}: ${net}, seed ${ev.seed}`;
  const m = blobs.confusion(ev.jobId, condition);
  const counts = m === null ? null : Array.isArray(m) ? m : m.counts;
  if (!counts) out.missing.push(`no confusion matrix stored for job ${ev.jobId} on ${condition === 'clean' ? 'clean' : TRANSFORM_LABEL[condition]} test images`);
  else if (counts.length !== r.classes || counts.some((row) => row.length !== r.classes)) {
    out.missing.push(`the confusion matrix of job ${ev.jobId} is not ${r.classes} x ${r.classes} (the dataset's categories)`);
  } else out.counts = counts;
  return out;
}

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

function activeNeurons(r: Results, blobs: FigureBlobs): ActiveNeuronsData {
  const out: ActiveNeuronsData = { ...base('active-neurons', r.d), perImage: [], perNeuron: [] };
  for (const t of r.transforms) {
    const as = r.analyses(t, 'all');
    if (!as.length) { out.missing.push(r.why('analyse', t, 'all')); continue; }
    const perNeuron = as.map((a) => blobs.imagesPerNeuron(a.jobId));
    // Per image as a share of the layer's analysed neurons, as the paper reports it.
    const perImage = as.flatMap((a, i) => {
      const counts = blobs.activePerImage(a.jobId);
      const neurons = perNeuron[i]?.length ?? blobs.invariance(a.jobId)?.all.length ?? 0;
      return counts && neurons ? [counts.map((v) => (100 * v) / neurons)] : [];
    });
    const img = distribution(TRANSFORM_LABEL[t], pooled(perImage), as[0]!.jobId, t);
    const neu = distribution(TRANSFORM_LABEL[t], pooled(perNeuron, 100), as[0]!.jobId, t);
    if (img) out.perImage.push(img); else out.missing.push(`active neurons per image for ${TRANSFORM_LABEL[t]}: not stored`);
    if (neu) out.perNeuron.push(neu); else out.missing.push(`images per neuron for ${TRANSFORM_LABEL[t]}: not stored`);
  }
  return out;
}

function invarianceOf(blobs: FigureBlobs, as: NetworkAnalysis[], which: 'all' | 'seen' | 'unseen'): number[] {
  return pooled(as.map((a) => blobs.invariance(a.jobId)?.[which]));
}

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

function invarianceTrend(r: Results): InvarianceTrendData {
  const summary = r.d.summary ?? summarise(r.d);
  const out: InvarianceTrendData = { ...base('invariance-trend', r.d), series: [], excludedAtChance: 0 };
  for (const t of r.transforms) {
    const points: SeriesPoint[] = [];
    for (const c of r.seenCounts) {
      const all = r.analyses(t, c);
      if (!all.length) { out.missing.push(r.why('analyse', t, c)); continue; }
      // Networks not clearly above chance are left out of invariance summaries (counted).
      const as = all.filter((a) => analysisAboveChance(r.d, a));
      out.excludedAtChance! += all.length - as.length;
      const row = summary.rows.find((x) => x.transform === t && x.seenCount === c);
      points.push({ seenCount: c, x: r.x(c), value: meanOf(as.map((a) => a.all.mean)), jobId: all[0]!.jobId, n: as.length, ...band(row?.invariance, 1) });
    }
    if (points.length) out.series.push({ transform: t, points });
  }
  return out;
}

function invarianceVsAccuracy(r: Results): InvarianceVsAccuracyData {
  const out: InvarianceVsAccuracyData = { ...base('invariance-vs-accuracy', r.d), panels: [] };
  type P = InvarianceVsAccuracyData['panels'][number]['points'][number];
  const within: P[] = [], across: P[] = [];
  let unmatched = 0;
  out.excludedAtChance = 0;
  for (const a of r.d.analyses) {
    if (a.all.mean === null || !Number.isFinite(a.all.mean)) continue;
    if (!analysisAboveChance(r.d, a)) { out.excludedAtChance++; continue; }
    const ev = r.evals(a.transform, a.seenCount).find((e) => e.seed === a.seed);
    if (!ev) { unmatched++; continue; }
    const common = { transform: a.transform, seenCount: a.seenCount, invariance: a.all.mean, jobId: a.networkJobId ?? ev.jobId };
    if (ev.within !== null) within.push({ ...common, accuracy: ev.within * 100 });
    if (ev.across !== null) across.push({ ...common, accuracy: ev.across * 100 });
  }
  if (unmatched) out.missing.push(`${unmatched} analysed network(s) without a stored evaluation`);
  if (!r.d.analyses.length) out.missing.push(r.d.spec.analysis.enabled ? 'no analysis has finished yet' : "analysis is disabled in the experiment's spec");
  for (const [against, points] of [['within', within], ['across', across]] as const) {
    const c = pearson(points.map((p) => p.invariance), points.map((p) => p.accuracy));
    out.panels.push({ against, points, r: c.r, low: c.low, high: c.high, n: c.n });
  }
  return out;
}

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
  out.title = `${FIGURE_TITLE.ablation}: ${TRANSFORM_LABEL[a.transform]}, ${seenLabel(a.seenCount)} seen-transformed, seed ${a.seed}`;
  out.points = a.tauSearch.map((p) => ({
    tau: p.tau,
    inactiveClean: p.inactiveAblatedClean * 100, inactiveTransformed: p.inactiveAblatedTransformed * 100,
    activeClean: p.activeAblatedClean * 100, activeTransformed: p.activeAblatedTransformed * 100,
  }));
  return out;
}

function layerwise(r: Results, o: FigureOptions): LayerwiseData {
  const out: LayerwiseData = { ...base('layerwise', r.d), series: [] };
  if (!r.d.spec.analysis.layerwise) { out.missing.push("layer-wise invariance is disabled in the experiment's spec"); return out; }
  for (const t of o.transform ? [o.transform] : r.transforms) for (const c of r.seenCounts) {
    const as = r.analyses(t, c);
    if (!as.length) { out.missing.push(r.why('analyse', t, c)); continue; }
    const names = [...new Set(as.flatMap((a) => a.layerwise.map((l) => l.layer)))];
    if (!names.length) { out.missing.push(`layer-wise invariance of ${TRANSFORM_LABEL[t]}, ${seenLabel(c)}: not stored`); continue; }
    const at = (layer: string, k: 'all' | 'seen' | 'unseen') => meanOf(as.map((a) => a.layerwise.find((l) => l.layer === layer)?.[k]));
    out.series.push({
      transform: t, seenCount: c,
      layers: names.map((layer) => ({ layer, all: at(layer, 'all'), seen: at(layer, 'seen'), unseen: at(layer, 'unseen') })),
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Public API

/** The data behind one figure; what is not stored yet is listed in `missing`, never thrown. */
export function buildFigureData(detail: ExperimentDetail, blobs: FigureBlobs, figure: FigureId, options: FigureOptions = {}): FigureData {
  const r = new Results(detail);
  switch (figure) {
    case 'acc-matrix': return accMatrix(r);
    case 'within-across': return withinAcross(r);
    case 'confusion': return confusion(r, blobs, options);
    case 'confusion-quadrants': return quadrants(r);
    case 'active-neurons': return activeNeurons(r, blobs);
    case 'invariance-baseline': return invarianceBaseline(r, blobs);
    case 'invariance-by-seen': return invarianceBySeen(r, blobs, options);
    case 'invariance-trend': return invarianceTrend(r);
    case 'invariance-vs-accuracy': return invarianceVsAccuracy(r);
    case 'ablation': return ablation(r, options);
    case 'layerwise': return layerwise(r, options);
  }
}

/** Whether a figure can be drawn at all from the stored results (array blobs not consulted). */
export function supportedFigures(detail: ExperimentDetail): FigureSupport[] {
  const r = new Results(detail);
  const analysisReason = () => (!detail.spec.analysis.enabled
    ? "analysis is disabled in the experiment's spec"
    : 'no analysis has finished yet');
  const evalCount = detail.evaluations.length;
  const check = (figure: FigureId): string | null => {
    switch (figure) {
      case 'acc-matrix':
        if (!r.seenCounts.includes('all')) return "the experiment has no seen count 'all'";
        return r.transforms.some((t) => r.evals(t, 'all').length) ? null : "no network trained on all categories (seen count 'all') has finished";
      case 'within-across':
        return r.transforms.some((t) => r.seenCounts.some((c) => r.evals(t, c).length)) ? null : 'no network has finished training';
      case 'confusion':
        return evalCount ? null : 'no network has finished training';
      case 'confusion-quadrants':
        if (!r.seenCounts.some((c) => c !== 0 && c !== 'all')) return "the experiment has no seen count between 0 and 'all'";
        return r.transforms.some((t) => r.seenCounts.some((c) => c !== 0 && c !== 'all' && r.evals(t, c).some((e) => e.quadrants)))
          ? null : 'no network with seen and unseen categories has finished';
      case 'active-neurons':
        return r.transforms.some((t) => r.analyses(t, 'all').length) ? null
          : detail.analyses.length ? "no analysis of a network trained on all categories (seen count 'all') has finished" : analysisReason();
      case 'invariance-baseline':
        return r.transforms.some((t) => r.analyses(t, 'all').length || r.analyses(t, 0).length) ? null
          : detail.analyses.length ? "no analysis at seen count 0 or 'all' has finished" : analysisReason();
      case 'invariance-by-seen':
      case 'invariance-trend':
        return detail.analyses.length ? null : analysisReason();
      case 'invariance-vs-accuracy':
        return detail.analyses.some((a) => a.all.mean !== null && r.evals(a.transform, a.seenCount).some((e) => e.seed === a.seed))
          ? null : detail.analyses.length ? 'no analysed network has a stored evaluation' : analysisReason();
      case 'ablation':
        if (detail.analyses.some((a) => a.tauSearch.length)) return null;
        if (typeof detail.spec.analysis.tau === 'number') return `tau is fixed at ${detail.spec.analysis.tau} in the spec, so no ablation search was run`;
        return detail.analyses.length ? 'no analysis stored a tau search' : analysisReason();
      case 'layerwise':
        if (!detail.spec.analysis.layerwise) return "layer-wise invariance is disabled in the experiment's spec";
        return detail.analyses.some((a) => a.layerwise.length) ? null : detail.analyses.length ? 'no analysis stored layer-wise invariance' : analysisReason();
    }
  };
  return FIGURE_IDS.map((figure) => {
    const reason = check(figure);
    return reason === null ? { figure, supported: true } : { figure, supported: false, reason };
  });
}
