// A hand-made experiment (2 transformations x seen counts [0, 1, 2, all] x 2 seeds, 4
// categories) with known numbers, and the arrays a store would hold for it.
import type { FigureBlobs } from '../../shared/figure-defs/index';
import type { SeenCount, TransformId } from '../../shared/ids';
import type { ExperimentDetail, JobSummary, NetworkAnalysis, NetworkEvaluation } from '../../shared/results';
import { parseExperimentSpec } from '../../shared/spec';

export const CLASSES = ['cat', 'dog', 'car', 'ship'];
export const TRANSFORMS: TransformId[] = ['blur', 'rot90'];
export const COUNTS: SeenCount[] = [0, 1, 2, 'all'];
export const SEEDS = [0, 1];
export const NEURONS = 50;
export const IMAGES = 40;

/** Deterministic numbers in [0, 1). */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** Known accuracies (fractions) by transformation, seen count and seed. */
export function within(t: TransformId, c: SeenCount, seed: number): number | null {
  return c === 0 ? null : (t === 'blur' ? 0.8 : 0.7) - (c === 'all' ? 0.1 : 0) + 0.02 * seed;
}
export function across(t: TransformId, c: SeenCount, seed: number): number | null {
  if (c === 'all') return null;
  return (t === 'blur' ? 0.3 : 0.2) + 0.1 * (c as number) + 0.04 * seed;
}
export function meanInvariance(t: TransformId, c: SeenCount, seed: number): number {
  const k = c === 'all' ? 4 : c;
  return (t === 'blur' ? 0.3 : 0.2) + 0.1 * k + 0.01 * seed;
}

const seenOf = (c: SeenCount) => (c === 'all' ? [0, 1, 2, 3] : [2, 0, 3, 1].slice(0, c));
const trainId = (t: TransformId | null, c: SeenCount, seed: number) => `train-${t ?? 'clean'}-${c}-s${seed}`;
const analyseId = (t: TransformId, c: SeenCount, seed: number) => `analyse-${t}-${c}-s${seed}`;

function evaluation(t: TransformId | null, c: SeenCount, seed: number): NetworkEvaluation {
  const byTransform: Partial<Record<TransformId, number>> = {};
  for (const u of TRANSFORMS) byTransform[u] = t === u ? 0.6 + 0.05 * seed : 0.25 + 0.01 * seed;
  const w = t ? within(t, c, seed) : null;
  const a = t ? across(t, c, seed) : null;
  return {
    jobId: trainId(t, c, seed), transform: t, seenCount: c, seed, seenCategories: seenOf(c), bestEpoch: 3,
    valAccuracy: 0.85, cleanAccuracy: 0.9 - 0.02 * seed, cleanSeen: null, cleanUnseen: null,
    within: w, across: a, transformedAccuracy: t ? byTransform[t]! : null, byTransform,
    quadrants: t && c !== 0 && c !== 'all'
      ? { seenAsSeen: 90 + seed, seenAsUnseen: 10 - seed, unseenAsSeen: 40 + 2 * seed, unseenAsUnseen: 60 - 2 * seed }
      : null,
  };
}

function analysis(t: TransformId, c: SeenCount, seed: number): NetworkAnalysis {
  const m = meanInvariance(t, c, seed);
  const summary = { count: NEURONS - 5, dead: 3, emptyActive: 2, mean: m, q1: m - 0.1, median: m, q3: m + 0.1 };
  return {
    jobId: analyseId(t, c, seed), transform: t, seenCount: c, seed, layer: 'dense1', tau: 0.35, tauSource: 'search',
    tauSearch: [0, 0.25, 0.5, 0.75, 1].map((tau) => ({
      tau, inactiveAblatedClean: 0.9 - 0.3 * tau * tau, inactiveAblatedTransformed: 0.6 - 0.3 * tau * tau,
      activeAblatedClean: 0.1 + 0.5 * tau, activeAblatedTransformed: 0.05 + 0.4 * tau,
    })),
    all: summary, seen: c === 0 ? null : summary, unseen: c === 'all' ? null : summary,
    layerwise: ['conv1', 'conv2', 'dense1'].map((layer, i) => ({
      layer, all: m * (i + 1) / 3, seen: c === 0 ? null : m * (i + 1) / 3 + 0.01, unseen: c === 'all' ? null : m * (i + 1) / 3 - 0.01,
    })),
    networkJobId: trainId(c === 0 ? null : t, c, seed),
  };
}

function job(id: string, kind: JobSummary['kind'], t: TransformId | null, c: SeenCount, seed: number, status: JobSummary['status']): JobSummary {
  return {
    id, experimentId: 'exp-1', kind, transform: t, seenCount: c, seed, status, attempts: 1, backend: status === 'queued' ? null : 'cpu',
    startedAt: '2026-11-25T10:00:00Z', finishedAt: status === 'done' ? '2026-11-25T10:05:00Z' : null, error: null, progress: null,
  };
}

/**
 * The full experiment, or with `unfinished` the networks and analyses at seen count 2 still
 * running (the rest done). Seed 0 stores the clean network's per-transformation baseline rows
 * as the store does; seed 1 only its own row, so both read paths are used.
 */
export function makeDetail(opts: { unfinished?: boolean } = {}): ExperimentDetail {
  const parsed = parseExperimentSpec({
    name: 'Fixture', dataset: 'ds-1', transformations: ['blur', 'rot90'], seenCounts: [0, 1, 2, 'all'], seeds: [0, 1], epochs: 3,
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const pending = (c: SeenCount) => opts.unfinished === true && c === 2;
  const evaluations: NetworkEvaluation[] = [];
  const analyses: NetworkAnalysis[] = [];
  const jobList: JobSummary[] = [];
  for (const seed of SEEDS) {
    evaluations.push(evaluation(null, 0, seed));
    jobList.push(job(trainId(null, 0, seed), 'train', null, 0, seed, 'done'));
    if (seed === 0) for (const t of TRANSFORMS) evaluations.push({ ...evaluation(null, 0, seed), transform: t, across: evaluation(null, 0, seed).byTransform[t]!, quadrants: null });
    for (const t of TRANSFORMS) for (const c of COUNTS) {
      if (c !== 0) {
        jobList.push(job(trainId(t, c, seed), 'train', t, c, seed, pending(c) ? 'running' : 'done'));
        if (!pending(c)) evaluations.push(evaluation(t, c, seed));
      }
      jobList.push(job(analyseId(t, c, seed), 'analyse', t, c, seed, pending(c) ? 'queued' : 'done'));
      if (!pending(c)) analyses.push(analysis(t, c, seed));
    }
  }
  const done = jobList.filter((j) => j.status === 'done').length;
  return {
    id: 'exp-1', name: 'Fixture experiment', datasetId: 'ds-1', datasetName: 'Four things', network: 'labnet',
    transforms: [...TRANSFORMS], status: opts.unfinished ? 'running' : 'done', createdAt: '2026-11-25T10:00:00Z',
    finishedAt: opts.unfinished ? null : '2026-11-25T11:00:00Z', jobs: { total: jobList.length, done, failed: 0 },
    spec: parsed.spec,
    dataset: {
      id: 'ds-1', name: 'Four things', source: 'folder', classes: CLASSES, size: 32, channels: 3,
      counts: { train: 400, val: 40, test: IMAGES }, createdAt: '2026-11-25T09:00:00Z',
    },
    calibrations: [{ transform: 'blur', param: 'sigma', value: 1.5, target: 0.4, curve: [{ value: 0.5, accuracy: 0.8 }, { value: 1.5, accuracy: 0.35 }], seed: 0 }],
    jobList, evaluations, analyses, correlations: [],
  };
}

/** Arrays as the store would give them: I_k with some NaN (excluded neurons), per-image and per-neuron counts. */
export function makeBlobs(): FigureBlobs & { calls: string[] } {
  const calls: string[] = [];
  const arr = (seed: number, n: number, f: (r: number, i: number) => number) => {
    const r = rng(seed);
    return Float32Array.from({ length: n }, (_, i) => f(r(), i));
  };
  const hash = (s: string) => [...s].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7);
  return {
    calls,
    invariance: (jobId) => {
      calls.push(`invariance ${jobId}`);
      if (!jobId.startsWith('analyse-')) return null;
      const h = hash(jobId);
      const withNaN = (v: number, i: number) => (i % 10 === 9 ? NaN : v);
      return {
        all: arr(h, NEURONS, (r, i) => withNaN(r, i)),
        seen: arr(h + 1, NEURONS, (r, i) => withNaN(r, i)),
        unseen: arr(h + 2, NEURONS, (r, i) => withNaN(r * 0.8, i)),
      };
    },
    activePerImage: (jobId) => (jobId.startsWith('analyse-') ? arr(hash(jobId) + 3, IMAGES, (r) => Math.round(5 + 10 * r)) : null),
    imagesPerNeuron: (jobId) => (jobId.startsWith('analyse-') ? arr(hash(jobId) + 4, NEURONS, (r) => 0.02 + 0.2 * r) : null),
    confusion: (jobId, condition) => {
      calls.push(`confusion ${jobId} ${condition}`);
      if (!jobId.startsWith('train-')) return null;
      return { counts: CLASSES.map((_, t) => CLASSES.map((__, p) => (t === p ? 7 : 1) + (condition === 'clean' ? 0 : t))) };
    },
  };
}
