// The Queue grouped by experiment: newest experiment first, each group with its progress,
// counts and what its controls may do; rows flattened for the windowed list. At a lab's scale
// (thousands of finished jobs) a group's jobs are loaded only when it is open: its counts come
// from the experiment's index row until then.
import type { JobStatus, JobSummary } from '../../../shared/results';

/** What the Queue needs to know of an experiment without its jobs (an index row fits). */
export interface GroupSource {
  id: string;
  name: string;
  createdAt: string;
  jobs: { total: number; done: number; failed: number; running?: number };
  status?: string;
}

export interface QueueGroup {
  id: string;
  name: string;
  createdAt: string;
  jobs: JobSummary[];
  /** Whether `jobs` holds all of the experiment's jobs. */
  loaded: boolean;
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

/**
 * Groups of the experiments in `sources` (plus any experiment that has jobs but no source yet:
 * one just created, sorted first). `loaded`: experiments whose jobs are all in `jobs`.
 */
export function groupJobs(jobs: readonly JobSummary[], sources: readonly GroupSource[], loaded: ReadonlySet<string> = new Set()): QueueGroup[] {
  const buckets = new Map<string, JobSummary[]>();
  for (const j of jobs) {
    const b = buckets.get(j.experimentId);
    if (b) b.push(j);
    else buckets.set(j.experimentId, [j]);
  }
  const byId = new Map(sources.map((s) => [s.id, s]));
  const ids = new Set([...sources.filter((s) => s.jobs.total > 0).map((s) => s.id), ...buckets.keys()]);
  const groups: QueueGroup[] = [];
  for (const id of ids) {
    const src = byId.get(id);
    const js = buckets.get(id) ?? [];
    // Complete when loaded, or when nothing is known of it but its jobs (just created).
    const complete = loaded.has(id) || !src || js.length >= src.jobs.total;
    let counts: Partial<Record<JobStatus, number>> = {};
    let frac = 0;
    let total: number;
    if (complete) {
      for (const j of js) {
        counts[j.status] = (counts[j.status] ?? 0) + 1;
        frac += jobFraction(j);
      }
      total = js.length;
    } else {
      const s = src.jobs;
      counts = { done: s.done, failed: s.failed, ...(s.running ? { running: s.running } : {}) };
      const rest = s.total - s.done - s.failed - (s.running ?? 0);
      if (rest > 0) counts[src.status === 'paused' ? 'paused' : src.status === 'cancelled' ? 'cancelled' : 'queued'] = rest;
      frac = s.done;
      total = s.total;
    }
    const active = (counts.running ?? 0) + (counts.queued ?? 0) + (counts.paused ?? 0);
    groups.push({
      id, name: src?.name ?? id, createdAt: src?.createdAt ?? '9999',
      jobs: [...js].sort((a, b) => JOB_ORDER[a.status] - JOB_ORDER[b.status]), loaded: complete,
      counts, total, done: counts.done ?? 0, progress: total ? frac / total : 0,
      finished: active === 0, status: groupStatus(counts, total),
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
