// A "run" in the results is one trained network. Its train job, the analyse jobs that
// measured it, and its evaluations are separate records: these find one from another.
// The clean network (seen count 0, transform null) is shared by every transformation.
import type { ExperimentDetail, JobSummary, NetworkAnalysis, NetworkEvaluation } from '../../../shared/results';

function sameNetwork(train: JobSummary, other: Pick<JobSummary, 'seed' | 'seenCount' | 'transform'>): boolean {
  if (train.seed !== other.seed || String(train.seenCount) !== String(other.seenCount)) return false;
  return train.seenCount === 0 || train.transform === other.transform;
}

export function trainJobFor(d: ExperimentDetail, jobId: string): JobSummary | null {
  const job = d.jobList.find((j) => j.id === jobId);
  if (!job) return null;
  if (job.kind === 'train') return job;
  return d.jobList.find((j) => j.kind === 'train' && sameNetwork(j, job)) ?? null;
}

export function analysesFor(d: ExperimentDetail, train: JobSummary): NetworkAnalysis[] {
  return d.analyses.filter((a) => a.jobId === train.id || sameNetwork(train, a));
}

export function evaluationsFor(d: ExperimentDetail, train: JobSummary): NetworkEvaluation[] {
  return d.evaluations.filter((e) => e.jobId === train.id);
}

/** Jobs whose id an analysis is stored under (what results.neuron takes). */
export function analysedJobs(d: ExperimentDetail): JobSummary[] {
  const ids = new Set(d.analyses.map((a) => a.jobId));
  return d.jobList.filter((j) => ids.has(j.id));
}
