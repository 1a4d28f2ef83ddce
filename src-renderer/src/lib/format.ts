import type { JobSummary } from '../../../shared/results';
import { TRANSFORM_LABEL } from '../../../shared/ids';

export function pct(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : `${(100 * x).toFixed(digits)}%`;
}

export function jobLabel(j: Pick<JobSummary, 'kind' | 'transform' | 'seenCount' | 'seed'>): string {
  const t = j.transform ? TRANSFORM_LABEL[j.transform] : 'clean';
  if (j.kind === 'calibrate') return `Calibrate ${t} · seed ${j.seed}`;
  const what = j.kind === 'analyse' ? 'Analyse' : 'Train';
  return `${what} ${t} · seen ${j.seenCount} · seed ${j.seed}`;
}

export function when(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
