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
