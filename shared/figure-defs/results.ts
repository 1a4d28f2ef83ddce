// Reading an experiment's stored results for the figures (SPEC.md section 7): what several
// figures' `assemble` share. Accuracies are stored as fractions and become percentages here, as
// the figures draw them; quadrants are stored as percentages already. Missing data never throws:
// it becomes a human-readable entry in `missing` (which job is queued, running or failed).
import type { Distribution } from '../figures';
import { TRANSFORM_LABEL, type FigureId, type SeenCount, type TransformId } from '../ids';
import type { ExperimentDetail, Interval, JobKind, NetworkAnalysis, NetworkEvaluation } from '../results';
import { orderSeenCounts } from '../charts/common';
import { figureDef } from './index';

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

export const sameCount = (a: SeenCount, b: SeenCount) => a === b;
export const pct = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? null : v * 100);

export function meanOf(xs: readonly (number | null | undefined)[]): number | null {
  let s = 0, n = 0;
  for (const x of xs) if (x !== null && x !== undefined && Number.isFinite(x)) { s += x; n++; }
  return n ? s / n : null;
}

export function seenLabel(c: SeenCount): string {
  return c === 'all' ? 'all categories' : `${c} categor${c === 1 ? 'y' : 'ies'}`;
}

export class Results {
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

export function bySeed<T extends { seed: number }>(xs: T[]): T[] {
  const seen = new Set<number>();
  return xs.filter((x) => (seen.has(x.seed) ? false : (seen.add(x.seed), true))).sort((a, b) => a.seed - b.seed);
}

/** Pools the finite values of several arrays (several seeds' neurons or images). */
export function pooled(arrays: (Float32Array | null | undefined)[], scale = 1): number[] {
  const out: number[] = [];
  for (const a of arrays) if (a) for (const v of a) if (Number.isFinite(v)) out.push(v * scale);
  return out;
}

export function distribution(label: string, values: number[], jobId: string | undefined, group?: string): Distribution | null {
  if (!values.length) return null;
  return { label, values, ...(jobId ? { jobId } : {}), ...(group ? { group } : {}) };
}

export function base<F extends FigureId>(figure: F, d: ExperimentDetail) {
  return { figure, experimentId: d.id, title: figureDef(figure).title, missing: [] as string[] };
}

/** The 95 % interval of a summary number, as percentages. */
export const band = (i: Interval | undefined, scale = 100) => (i ? { low: i.low === null ? null : i.low * scale, high: i.high === null ? null : i.high * scale, n: i.n } : {});

/** Default seen count for single-network figures: an intermediate one, where seen and unseen both exist. */
export function defaultCount(r: Results, has: (c: SeenCount) => boolean): SeenCount | null {
  const order = [...r.seenCounts.filter((c) => c !== 0 && c !== 'all'), 'all' as const, 0];
  return order.find((c) => r.seenCounts.includes(c) && has(c)) ?? null;
}

export function invarianceOf(blobs: FigureBlobs, as: NetworkAnalysis[], which: 'all' | 'seen' | 'unseen'): number[] {
  return pooled(as.map((a) => blobs.invariance(a.jobId)?.[which]));
}

/** Why an analysis-based figure has nothing: analysis off in the spec, or none finished yet. */
export function analysisReason(d: ExperimentDetail): string {
  return !d.spec.analysis.enabled ? "analysis is disabled in the experiment's spec" : 'no analysis has finished yet';
}
