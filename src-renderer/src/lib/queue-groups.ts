// The Queue grouped by experiment: newest experiment first, each group with its progress,
// counts and what its controls may do; rows flattened for the windowed list.
import type { ExperimentSummary, JobStatus, JobSummary } from '../../../shared/results';

export interface QueueGroup {
  id: string;
  name: string;
  createdAt: string;
  jobs: JobSummary[];
  counts: Partial<Record<JobStatus, number>>;
  total: number;
  done: number;
  /** 0..1: finished jobs plus the running ones' progress. */
  progress: number;
  /** Nothing left to run (done, failed or cancelled jobs only). */
  finished: boolean;
  status: JobStatus;
}

export type QueueRow = { kind: 'group'; group: QueueGroup } | { kind: 'job'; job: JobSummary; group: QueueGroup };

const JOB_ORDER: Record<JobStatus, number> = { running: 0, paused: 1, queued: 2, failed: 3, done: 4, cancelled: 5 };

function jobFraction(j: JobSummary): number {
  if (j.status === 'done') return 1;
  const p = j.progress;
  if (j.status !== 'running' || !p || p.epochs <= 0) return 0;
  const steps = Math.max(1, p.steps);
  return Math.min(1, ((p.epoch - 1) * steps + p.step) / (p.epochs * steps));
}

function groupStatus(c: Partial<Record<JobStatus, number>>, total: number): JobStatus {
  if (c.running) return 'running';
  if (c.queued) return 'queued';
  if (c.paused) return 'paused';
  if (c.failed) return 'failed';
  if ((c.done ?? 0) === total) return 'done';
  return 'cancelled';
}

export function groupJobs(jobs: readonly JobSummary[], experiments: readonly ExperimentSummary[]): QueueGroup[] {
  const byId = new Map(experiments.map((e) => [e.id, e]));
  const buckets = new Map<string, JobSummary[]>();
  for (const j of jobs) {
    const b = buckets.get(j.experimentId);
    if (b) b.push(j);
    else buckets.set(j.experimentId, [j]);
  }
  const groups: QueueGroup[] = [];
  for (const [id, js] of buckets) {
    const e = byId.get(id);
    const counts: Partial<Record<JobStatus, number>> = {};
    let frac = 0;
    for (const j of js) {
      counts[j.status] = (counts[j.status] ?? 0) + 1;
      frac += jobFraction(j);
    }
    const active = (counts.running ?? 0) + (counts.queued ?? 0) + (counts.paused ?? 0);
    const firstStart = js.map((j) => j.startedAt).filter((x): x is string => !!x).sort()[0];
    groups.push({
      // An experiment not known yet (its name is on the way) is one just created: first.
      id, name: e?.name ?? id, createdAt: e?.createdAt ?? firstStart ?? '9999',
      jobs: [...js].sort((a, b) => JOB_ORDER[a.status] - JOB_ORDER[b.status]),
      counts, total: js.length, done: counts.done ?? 0, progress: js.length ? frac / js.length : 0,
      finished: active === 0, status: groupStatus(counts, js.length),
    });
  }
  // Newest first: a new run's jobs are at the top, not below every old one.
  return groups.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id.localeCompare(b.id)));
}

/** Finished groups start folded; the user's choice wins once made. */
export function isOpen(g: QueueGroup, choice: Record<string, boolean>): boolean {
  return choice[g.id] ?? !g.finished;
}

export function flattenGroups(groups: readonly QueueGroup[], choice: Record<string, boolean>): QueueRow[] {
  const rows: QueueRow[] = [];
  for (const g of groups) {
    rows.push({ kind: 'group', group: g });
    if (isOpen(g, choice)) for (const job of g.jobs) rows.push({ kind: 'job', job, group: g });
  }
  return rows;
}
