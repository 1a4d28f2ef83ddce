// Reading what a click on a figure points at. The shared builders attach the network's
// jobId to data items (dots, bars, violins) and the confusion builder draws a heatmap whose
// items are [predicted, true, count] (or objects carrying trueClass / predicted).
import type { ECElementEvent } from 'echarts';

type Loose = Record<string, unknown>;

export function jobIdFromClick(p: ECElementEvent): string | null {
  const candidates: unknown[] = [p.data, (p.data as Loose | null)?.value, p.value];
  for (const c of candidates) {
    if (c && typeof c === 'object' && !Array.isArray(c) && typeof (c as Loose).jobId === 'string') return (c as Loose).jobId as string;
  }
  const series = (p as unknown as { seriesId?: string }).seriesId;
  if (typeof series === 'string' && series.startsWith('job:')) return series.slice(4);
  return null;
}

export function confusionCellFromClick(p: ECElementEvent): { trueClass: number; predicted: number; count: number | null } | null {
  const d = p.data as Loose | unknown[] | null;
  if (d && !Array.isArray(d) && typeof d === 'object') {
    if (typeof d.trueClass === 'number' && typeof d.predicted === 'number') {
      return { trueClass: d.trueClass, predicted: d.predicted, count: typeof d.count === 'number' ? d.count : null };
    }
    if (Array.isArray(d.value)) return fromArray(d.value);
  }
  if (Array.isArray(d)) return fromArray(d);
  if (Array.isArray(p.value)) return fromArray(p.value as unknown[]);
  return null;
}

function fromArray(v: unknown[]): { trueClass: number; predicted: number; count: number | null } | null {
  const [x, y, c] = v;
  if (typeof x !== 'number' || typeof y !== 'number') return null;
  return { predicted: x, trueClass: y, count: typeof c === 'number' ? c : null };
}
