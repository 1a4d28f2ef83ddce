// The Runs view's index: one row per experiment with the metrics a lab sorts and filters by
// (clean, within / across per transformation, mean I_k, r, backend, duration, status), its
// tags and note. Built from grouped queries over stored columns (no evaluation or analysis
// JSON parsed in JS), and kept until the database changes, so it stays fast at hundreds of runs.
import { specTransforms } from '../../shared/spec';
import type { ExperimentIndexRow } from '../../shared/lab-index';
import type { BackendId, TransformId } from '../../shared/ids';
import { pearson } from '../../shared/correlation';
import type { Store } from '../store';

/** A running mean: [sum, n]. */
type Acc = [number, number];
const add = (a: Acc, [s, n]: Acc) => { a[0] += s; a[1] += n; };
const meanOf = ([s, n]: Acc) => (n ? s / n : null);

interface ExperimentSums {
  clean: Acc; within: Acc; across: Acc; invariance: Acc;
  perTransform: Map<TransformId, { within: Acc; across: Acc; invariance: Acc }>;
  pairs: { inv: number[]; across: number[] };
  /** Analyses stored, and what excluded their neurons (for saying why there is no I_k). */
  analysed: number; dead: number; emptyActive: number; maxTau: number;
}

function sumsByExperiment(store: Store): Map<string, ExperimentSums> {
  const out = new Map<string, ExperimentSums>();
  const of = (id: string) => {
    let s = out.get(id);
    if (!s) out.set(id, s = { clean: [0, 0], within: [0, 0], across: [0, 0], invariance: [0, 0], perTransform: new Map(), pairs: { inv: [], across: [] }, analysed: 0, dead: 0, emptyActive: 0, maxTau: 0 });
    return s;
  };
  const per = (s: ExperimentSums, t: TransformId) => {
    let p = s.perTransform.get(t);
    if (!p) s.perTransform.set(t, p = { within: [0, 0], across: [0, 0], invariance: [0, 0] });
    return p;
  };
  for (const r of store.evaluations.metricSums()) {
    const s = of(r.experimentId);
    if (r.cleanNetwork) add(s.clean, r.clean);
    // Within / across are those of networks tested on a transformation (the clean network's
    // untransformed row has neither).
    if (r.transform === null) continue;
    add(s.within, r.within);
    add(s.across, r.across);
    const p = per(s, r.transform);
    add(p.within, r.within);
    add(p.across, r.across);
  }
  for (const a of store.analyses.indexRows()) {
    const s = of(a.experimentId);
    s.analysed++;
    s.dead += a.dead;
    s.emptyActive += a.emptyActive;
    s.maxTau = Math.max(s.maxTau, a.tau);
    if (a.invariance === null || !Number.isFinite(a.invariance)) continue;
    add(s.invariance, [a.invariance, 1]);
    add(per(s, a.transform).invariance, [a.invariance, 1]);
    if (a.across !== null && Number.isFinite(a.across)) { s.pairs.inv.push(a.invariance); s.pairs.across.push(a.across); }
  }
  return out;
}

const EMPTY: ExperimentSums = { clean: [0, 0], within: [0, 0], across: [0, 0], invariance: [0, 0], perTransform: new Map(), pairs: { inv: [], across: [] }, analysed: 0, dead: 0, emptyActive: 0, maxTau: 0 };

/**
 * Why an experiment has no mean I_k. The usual case in a short run: a network at chance
 * predicts the same way whatever its units do, so ablating them all costs nothing, the tau
 * search picks tau = 1, no neuron is ever active above it and I_k is undefined for every one.
 */
export function invarianceWhy(s: Pick<ExperimentSums, 'analysed' | 'dead' | 'emptyActive' | 'maxTau' | 'invariance'>, analysisOn: boolean, finished: boolean): string | null {
  if (s.invariance[1] > 0) return null;
  if (!analysisOn) return 'Invariance analysis is off in this experiment\'s spec.';
  if (!s.analysed) return finished ? 'No network was analysed (the analysis jobs did not finish).' : 'Not analysed yet: the analysis runs after training.';
  const nets = `${s.analysed} analysed network${s.analysed === 1 ? '' : 's'}`;
  const tau1 = s.maxTau >= 1
    ? ' The tau search chose tau = 1: removing the units did not change the accuracy, which is what a network at chance does. Train longer or on more images.'
    : '';
  return `No neuron has an I_k in the ${nets}: ${s.dead} dead, ${s.emptyActive} never active above tau.${tau1}`;
}

const TERMINAL = new Set(['done', 'failed', 'cancelled']);

export function experimentIndex(store: Store): ExperimentIndexRow[] {
  const notes = store.annotations.all();
  // One grouped query for every experiment's jobs (per-experiment job lists cost ~5 ms each).
  const stats = store.jobs.stats();
  const sums = sumsByExperiment(store);
  const datasets = new Map(store.datasets.list().map((d) => [d.summary.id, d.summary]));
  return store.experiments.list().map((exp) => {
    const js = stats.get(exp.id) ?? { total: 0, byStatus: {}, byBackend: {}, firstStart: null, lastEnd: null };
    const s = sums.get(exp.id) ?? EMPTY;
    const transforms = specTransforms(exp.spec).map((t) => t.id);
    const perTransform: ExperimentIndexRow['perTransform'] = {};
    for (const t of transforms) {
      const p = s.perTransform.get(t);
      perTransform[t] = { within: p ? meanOf(p.within) : null, across: p ? meanOf(p.across) : null, invariance: p ? meanOf(p.invariance) : null };
    }
    const r = s.pairs.inv.length >= 3 ? pearson(s.pairs.inv, s.pairs.across).r : null;
    const backend = (Object.entries(js.byBackend) as [BackendId, number][]).sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
    const durationSeconds = js.firstStart && js.lastEnd ? Math.max(0, (Date.parse(js.lastEnd) - Date.parse(js.firstStart)) / 1000) : null;
    const note = notes.get(exp.id);
    const ds = datasets.get(exp.datasetId);
    return {
      id: exp.id, name: exp.name, datasetName: ds?.name ?? exp.datasetId, network: exp.spec.network, transforms,
      status: exp.status, createdAt: exp.createdAt, finishedAt: exp.finishedAt,
      jobs: { total: js.total, done: js.byStatus.done ?? 0, failed: js.byStatus.failed ?? 0, running: js.byStatus.running ?? 0 },
      backend, durationSeconds,
      clean: meanOf(s.clean), within: meanOf(s.within), across: meanOf(s.across),
      perTransform, invariance: meanOf(s.invariance), r,
      invarianceWhy: invarianceWhy(s, exp.spec.analysis?.enabled !== false, TERMINAL.has(exp.status)),
      spec: {
        epochs: exp.spec.epochs, learningRate: exp.spec.learningRate, batchSize: exp.spec.batchSize, seeds: exp.spec.seeds.length,
        seenCounts: exp.spec.seenCounts.length, trainPerClass: exp.spec.trainPerClass ?? null, imageSize: exp.spec.imageSize ?? null,
        classes: ds?.classes.length ?? 0,
      },
      tags: note?.tags ?? [], note: note?.note ?? '',
    };
  });
}

/** The index, rebuilt only when the database has changed since the last build (Store.changeStamp). */
export function cachedExperimentIndex(store: Store): () => ExperimentIndexRow[] {
  let stamp = '';
  let rows: ExperimentIndexRow[] = [];
  return () => {
    const now = store.changeStamp();
    if (now !== stamp) {
      rows = experimentIndex(store);
      stamp = now;
    }
    return rows;
  };
}
