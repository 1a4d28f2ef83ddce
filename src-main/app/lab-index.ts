// The Runs view's index: one row per experiment with the metrics a lab sorts and filters by
// (clean, within / across per transformation, mean I_k, r, backend, duration, status), its
// tags and note. Built from stored rows only (no blobs), so it stays fast at hundreds of runs.
import { specTransforms } from '../../shared/spec';
import type { ExperimentIndexRow } from '../../shared/lab-index';
import type { BackendId, TransformId } from '../../shared/ids';
import { pearson } from '../../shared/correlation';
import type { Store } from '../store';

function mean(xs: readonly (number | null | undefined)[]): number | null {
  let s = 0, n = 0;
  for (const x of xs) if (x !== null && x !== undefined && Number.isFinite(x)) { s += x; n++; }
  return n ? s / n : null;
}

export function experimentIndex(store: Store): ExperimentIndexRow[] {
  const notes = store.annotations.all();
  // One grouped query for every experiment's jobs (per-experiment job lists cost ~5 ms each).
  const stats = store.jobs.stats();
  return store.experiments.list().map((exp) => {
    const js = stats.get(exp.id) ?? { total: 0, byStatus: {}, byBackend: {}, firstStart: null, lastEnd: null };
    const evals = store.evaluations.byExperiment(exp.id);
    const analyses = store.analyses.byExperiment(exp.id);
    const transforms = specTransforms(exp.spec).map((t) => t.id);
    // Networks trained with a transformation, tested on it (within / across are per test transformation).
    const own = evals.filter((e) => e.transform !== null);
    const perTransform: ExperimentIndexRow['perTransform'] = {};
    for (const t of transforms) {
      const es = own.filter((e) => e.transform === t);
      const as = analyses.filter((a) => a.transform === t);
      perTransform[t as TransformId] = { within: mean(es.map((e) => e.within)), across: mean(es.map((e) => e.across)), invariance: mean(as.map((a) => a.all.mean)) };
    }
    const acrossOf = new Map(own.map((e) => [`${e.jobId}|${e.transform}`, e.across]));
    const pairs = analyses.map((a) => {
      const net = a.networkJobId;
      return { inv: a.all.mean, across: net ? acrossOf.get(`${net}|${a.transform}`) ?? null : null };
    }).filter((p) => p.inv !== null && p.across !== null);
    const r = pairs.length >= 3 ? pearson(pairs.map((p) => p.inv), pairs.map((p) => p.across)).r : null;
    const backend = (Object.entries(js.byBackend) as [BackendId, number][]).sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
    const durationSeconds = js.firstStart && js.lastEnd ? Math.max(0, (Date.parse(js.lastEnd) - Date.parse(js.firstStart)) / 1000) : null;
    const note = notes.get(exp.id);
    const ds = store.datasets.get(exp.datasetId);
    return {
      id: exp.id, name: exp.name, datasetName: ds?.summary.name ?? exp.datasetId, network: exp.spec.network, transforms,
      status: exp.status, createdAt: exp.createdAt, finishedAt: exp.finishedAt,
      jobs: { total: js.total, done: js.byStatus.done ?? 0, failed: js.byStatus.failed ?? 0, running: js.byStatus.running ?? 0 },
      backend, durationSeconds,
      clean: mean(evals.filter((e) => e.seenCount === 0).map((e) => e.cleanAccuracy)),
      within: mean(own.map((e) => e.within)), across: mean(own.map((e) => e.across)),
      perTransform, invariance: mean(analyses.map((a) => a.all.mean)), r,
      spec: {
        epochs: exp.spec.epochs, learningRate: exp.spec.learningRate, batchSize: exp.spec.batchSize, seeds: exp.spec.seeds.length,
        seenCounts: exp.spec.seenCounts.length, trainPerClass: exp.spec.trainPerClass ?? null, imageSize: exp.spec.imageSize ?? null,
        classes: ds?.summary.classes.length ?? 0,
      },
      tags: note?.tags ?? [], note: note?.note ?? '',
    };
  });
}
