import type { JobSummary } from '../../../shared/results';
import { TRANSFORM_LABEL } from '../../../shared/ids';
import { duration } from '../../../shared/duration';

export function pct(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : `${(100 * x).toFixed(digits)}%`;
}

export function jobLabel(j: Pick<JobSummary, 'kind' | 'transform' | 'seenCount' | 'seed'>): string {
  const t = j.transform ? TRANSFORM_LABEL[j.transform] : 'clean';
  if (j.kind === 'calibrate') return `Calibrate ${t} · seed ${j.seed}`;
  const what = j.kind === 'analyse' ? 'Analyse' : 'Train';
  return `${what} ${t} · seen ${j.seenCount} · seed ${j.seed}`;
}

// One formatter: toLocaleString with options builds a new Intl.DateTimeFormat on every call
// (~1 ms each, which a list of runs re-rendering on every sort or scroll pays per row).
let dateFormat: Intl.DateTimeFormat | null = null;
export function when(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  dateFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return dateFormat.format(d);
}

/**
 * The second line of a job's card in the Queue: what it is doing or where it stopped. Never
 * blank, so that a paused or waiting card says why it is not moving.
 */
export function jobLine(j: JobSummary): string {
  const parts: string[] = [];
  if (j.backend) parts.push(j.backend);
  const p = j.progress;
  const epochOf = p && p.epochs > 0 ? `epoch ${p.epoch}/${p.epochs}` : null;
  if (j.status === 'running') {
    parts.push(...(p ? [epochOf ?? `step ${p.step}/${p.steps}`, `${Math.round(p.imagesPerSecond)} img/s`] : ['starting']));
  } else if (j.status === 'paused') {
    parts.push(epochOf ? `paused in ${epochOf}; resumes from its last checkpoint` : j.startedAt ? 'paused; resumes from its last checkpoint' : 'paused before it started');
  } else if (j.status === 'queued') {
    parts.push(j.startedAt ? 'queued again; resumes from its last checkpoint' : 'waiting for a worker or for the jobs it needs');
  } else if (j.status === 'done' && j.startedAt && j.finishedAt) {
    const s = (Date.parse(j.finishedAt) - Date.parse(j.startedAt)) / 1000;
    if (Number.isFinite(s)) parts.push(j.attempts > 1 ? `last attempt ${duration(s)}` : `done in ${duration(s)}`);
  }
  if (j.attempts > 1) parts.push(`attempt ${j.attempts}`);
  if (j.error) parts.push(j.error);
  return parts.join(' · ') || j.status;
}
