// One tooltip for every figure item: the builders put the lines a reader needs on the data
// item (`tip`: trained with, seen count, the value with its unit and rounding, n), and this
// formatter prints them under the series name. Text is HTML-escaped with the one escape of
// the chart code (escape.ts: category and dataset names are user data). Items without `tip` still get rounded numbers, never 80.80000000000001.

export interface Tipped { tip?: string[]; tipTitle?: string }

import { escapeHtml } from './escape';

export { escapeHtml };

/** Rounded for reading: 3 decimals below 1 (coefficients), 1 decimal above (percentages). */
export function roundForTip(v: unknown): string {
  if (typeof v !== 'number') return String(v);
  if (!Number.isFinite(v)) return '–';
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) < 1 ? v.toFixed(3) : v.toFixed(1);
}

interface TipParams { seriesName?: string; marker?: unknown; data?: unknown; value?: unknown; name?: string }

export function tipFormatter(params: unknown): string {
  const p = (Array.isArray(params) ? params[0] : params) as TipParams | undefined;
  if (!p) return '';
  const d = (p.data && typeof p.data === 'object' && !Array.isArray(p.data) ? p.data : {}) as Tipped & { name?: string };
  const title = d.tipTitle ?? p.seriesName ?? p.name ?? '';
  const marker = typeof p.marker === 'string' ? p.marker : '';
  const lines = d.tip ?? (Array.isArray(p.value) ? [p.value.map(roundForTip).join(', ')] : p.value !== undefined ? [roundForTip(p.value)] : []);
  return `${marker}<strong>${escapeHtml(String(title))}</strong>${lines.map((l) => `<br/>${escapeHtml(l)}`).join('')}`;
}

export function fmtTipPct(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '–' : `${v.toFixed(1)}%`;
}

export function fmtTipCoef(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(3);
}

export function networksLine(n: number | undefined): string[] {
  return n === undefined ? [] : [`n = ${n} network${n === 1 ? '' : 's'}${n > 1 ? ' (mean over seeds)' : ''}`];
}
