// An experiment's status follows from its jobs' statuses.
import type { ExperimentStatus, JobStatus } from '../../shared/results';

export function experimentStatusOf(jobs: readonly { status: JobStatus }[]): ExperimentStatus {
  const has = (s: JobStatus) => jobs.some((j) => j.status === s);
  if (jobs.length === 0 || jobs.every((j) => j.status === 'done')) return 'done';
  if (has('running')) return 'running';
  if (has('queued')) return 'queued';
  if (has('paused')) return 'paused';
  return has('failed') ? 'failed' : 'cancelled';
}

export function isTerminal(s: ExperimentStatus | JobStatus): boolean {
  return s === 'done' || s === 'failed' || s === 'cancelled';
}
