// Stored rows -> the shapes of shared/results.ts (what `runs show --json`, the app and reports read).
import { specTransforms } from '../../shared/spec';
import type { ExperimentDetail, ExperimentSummary, JobSummary, NetworkAnalysis } from '../../shared/results';
import { invarianceAccuracyCorrelations, type InvarianceAccuracyPoint } from '../../shared/correlation';
import { clearlyAboveChance, summarise } from '../../shared/trust';
import { toJobSummary, type ExperimentRecord, type JobStats, type Store } from '../store';
import { notFound } from './errors';
import { storedSeenCounts } from '../jobs/expand';

/** `stats`: the experiment's row of `store.jobs.stats()`, when listing many (one query for all). */
export function experimentSummary(store: Store, exp: ExperimentRecord, stats?: JobStats): ExperimentSummary {
  const ds = store.datasets.get(exp.datasetId);
  if (stats) {
    return {
      id: exp.id, name: exp.name, datasetId: exp.datasetId, datasetName: ds?.summary.name ?? exp.datasetId,
      network: exp.spec.network, transforms: specTransforms(exp.spec).map((t) => t.id), status: exp.status,
      createdAt: exp.createdAt, finishedAt: exp.finishedAt,
      jobs: { total: stats.total, done: stats.byStatus.done ?? 0, failed: stats.byStatus.failed ?? 0 },
    };
  }
  const jobs = store.jobs.byExperiment(exp.id);
  return {
    id: exp.id, name: exp.name, datasetId: exp.datasetId, datasetName: ds?.summary.name ?? exp.datasetId,
    network: exp.spec.network, transforms: specTransforms(exp.spec).map((t) => t.id), status: exp.status,
    createdAt: exp.createdAt, finishedAt: exp.finishedAt,
    jobs: {
      total: jobs.length,
      done: jobs.filter((j) => j.status === 'done').length,
      failed: jobs.filter((j) => j.status === 'failed').length,
    },
  };
}

export function experimentDetail(store: Store, exp: ExperimentRecord): ExperimentDetail {
  const ds = store.datasets.get(exp.datasetId);
  if (!ds) throw notFound(`dataset ${exp.datasetId} of experiment ${exp.id}`);
  const evaluations = store.evaluations.byExperiment(exp.id);
  const analyses = store.analyses.byExperiment(exp.id).map((a) => withNetwork(store, a));
  const detail: ExperimentDetail = {
    ...experimentSummary(store, exp),
    // Experiments stored before seen counts were normalised may say 99 for 'all'.
    spec: { ...exp.spec, seenCounts: storedSeenCounts(exp.spec.seenCounts, ds.summary.classes.length) },
    dataset: ds.summary,
    calibrations: store.calibrations.byExperiment(exp.id).map(({ experimentId: _e, jobId: _j, ...c }) => c),
    jobList: withCluster(store, exp.id, store.jobs.byExperiment(exp.id).map(toJobSummary)),
    evaluations,
    analyses,
    correlations: correlations(store, analyses, ds.summary.classes.length),
  };
  return { ...detail, summary: summarise(detail) };
}

function withNetwork(store: Store, a: NetworkAnalysis): NetworkAnalysis {
  return a.networkJobId ? a : { ...a, networkJobId: store.jobs.get(a.jobId)?.config.networkJobId };
}

/**
 * Mean invariance of each analysed network against its within / across accuracy. Networks
 * whose clean accuracy is not clearly above chance are left out and counted (SPEC.md section 3).
 */
function correlations(store: Store, analyses: NetworkAnalysis[], classes: number): ExperimentDetail['correlations'] {
  if (analyses.length === 0) return [];
  const points: (InvarianceAccuracyPoint & { atChance: boolean })[] = analyses.map((a) => {
    const ev = a.networkJobId ? store.evaluations.get(a.networkJobId, a.transform) ?? store.evaluations.get(a.networkJobId, null) : null;
    return {
      transform: a.transform, meanInvariance: a.all.mean, within: ev?.within ?? null, across: ev?.across ?? null,
      atChance: ev ? !clearlyAboveChance(ev.cleanAccuracy, classes) : false,
    };
  });
  const kept = points.filter((p) => !p.atChance);
  return invarianceAccuracyCorrelations(kept).map((c) => ({
    ...c, excludedAtChance: points.filter((p) => p.atChance && (c.transform === 'all' || p.transform === c.transform)).length,
  }));
}

/** Jobs of a sweep carry where they ran on the cluster (src-main/sweep). */
function withCluster(store: Store, experimentId: string, jobs: JobSummary[]): JobSummary[] {
  const cluster = store.sweeps.jobsOfExperiment(experimentId);
  if (cluster.size === 0) return jobs;
  const dirs = new Map(store.sweeps.byExperiment(experimentId).map((s) => [s.id, s.dir]));
  return jobs.map((j) => {
    const c = cluster.get(j.id);
    return c ? { ...j, cluster: { name: c.cluster, sweepId: c.sweepId, sweepDir: dirs.get(c.sweepId) ?? '', arrayIndex: c.arrayIndex, slurmJobId: c.slurmJobId, node: c.node, collectedAt: c.collectedAt } } : j;
  });
}
