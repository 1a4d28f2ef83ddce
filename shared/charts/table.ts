// The numbers behind each figure as a tidy table (one observation a row): the CSV export,
// the report's tables and the app's "show data" use the same rows. Distributions come in two
// forms: every value (CSV, to redraw a violin) or a summary per violin (tables to read).
import type { Distribution, FigureData } from '../figures';
import { TRANSFORM_FAMILY } from '../ids';
import { accMatrixRows } from './acc-matrix';
import { transformLabel } from './style';
import { describe } from './violin';

export type Cell = string | number | null;
export interface FigureTable { columns: string[]; rows: Cell[][] }

const sc = (c: number | 'all') => (c === 'all' ? 'all' : c);

interface NamedDist { keys: Cell[]; dist: Distribution | null }

function distTable(keyCols: string[], items: NamedDist[], mode: 'values' | 'summary'): FigureTable {
  const present = items.filter((i): i is { keys: Cell[]; dist: Distribution } => !!i.dist);
  if (mode === 'values') {
    return {
      columns: [...keyCols, 'job_id', 'value'],
      rows: present.flatMap((i) => i.dist.values.filter((v) => Number.isFinite(v)).map((v) => [...i.keys, i.dist.jobId ?? null, v])),
    };
  }
  return {
    columns: [...keyCols, 'job_id', 'n', 'min', 'q1', 'median', 'q3', 'max', 'mean'],
    rows: present.map((i) => {
      const s = describe(i.dist.values);
      return [...i.keys, i.dist.jobId ?? null, s?.n ?? 0, s?.min ?? null, s?.q1 ?? null, s?.median ?? null, s?.q3 ?? null, s?.max ?? null, s?.mean ?? null];
    }),
  };
}

export function figureTable(d: FigureData, mode: 'values' | 'summary' = 'values'): FigureTable {
  switch (d.figure) {
    case 'acc-matrix':
      return {
        columns: ['trained_with', 'tested_on', 'accuracy_pct'],
        rows: accMatrixRows(d).flatMap((r, i) => {
          const id = d.cleanRow ? (i === 0 ? 'none' : d.trainedWith[i - 1]!) : d.trainedWith[i]!;
          return d.testedOn.map((t, j) => [id, t, r.values[j] ?? null]);
        }),
      };
    case 'within-across':
      return {
        // Intervals (95 %, over seeds; one seed: bootstrap over test images) and n after the original columns.
        columns: ['transform', 'family', 'seen_count', 'x', 'within_pct', 'across_pct', 'job_id',
          'within_low_pct', 'within_high_pct', 'across_low_pct', 'across_high_pct', 'n', 'restricted_across_corrected_pct'],
        rows: d.series.flatMap((s) => {
          const counts = [...new Set([...s.within, ...s.across].map((p) => p.seenCount))];
          return counts.map((c) => {
            const w = s.within.find((p) => p.seenCount === c), a = s.across.find((p) => p.seenCount === c);
            const r = s.restrictedAcross?.find((p) => p.seenCount === c);
            return [s.transform, s.family, sc(c), (w ?? a)!.x, w?.value ?? null, a?.value ?? null, w?.jobId ?? a?.jobId ?? null,
              w?.low ?? null, w?.high ?? null, a?.low ?? null, a?.high ?? null, a?.n ?? w?.n ?? null, r?.value ?? null];
          });
        }),
      };
    case 'confusion': {
      const seen = new Set(d.seenCategories);
      return {
        columns: ['job_id', 'condition', 'true_class', 'predicted_class', 'count', 'true_class_seen_transformed'],
        rows: d.counts.flatMap((row, t) => row.map((c, p) => [d.jobId, d.condition, d.classes[t] ?? t, d.classes[p] ?? p, c, seen.has(t) ? 1 : 0])),
      };
    }
    case 'confusion-quadrants':
      return {
        columns: ['transform', 'seen_count', 'job_id', 'seen_as_seen_pct', 'seen_as_unseen_pct', 'unseen_as_seen_pct', 'unseen_as_unseen_pct'],
        rows: d.rows.map((r) => [r.transform, sc(r.seenCount), r.jobId, r.seenAsSeen, r.seenAsUnseen, r.unseenAsSeen, r.unseenAsUnseen]),
      };
    case 'active-neurons':
      return distTable(['measure', 'transform'], [
        ...d.perImage.map((x) => ({ keys: ['active_neurons_per_image_pct', x.group ?? x.label], dist: x })),
        ...d.perNeuron.map((x) => ({ keys: ['images_per_neuron_pct', x.group ?? x.label], dist: x })),
      ], mode);
    case 'invariance-baseline':
      return distTable(['transform', 'trained_on'], d.groups.flatMap((g) => [
        { keys: [g.transform, 'x+T(x)'], dist: g.all },
        { keys: [g.transform, 'x'], dist: g.none },
      ]), mode);
    case 'invariance-by-seen':
      return distTable(['transform', 'seen_count', 'categories'], d.groups.flatMap((g) => [
        { keys: [g.transform, sc(g.seenCount), 'seen'], dist: g.seen },
        { keys: [g.transform, sc(g.seenCount), 'unseen'], dist: g.unseen },
      ]), mode);
    case 'invariance-trend':
      return {
        columns: ['transform', 'seen_count', 'x', 'mean_invariance', 'job_id', 'low_95', 'high_95', 'n'],
        rows: d.series.flatMap((s) => s.points.map((p) => [s.transform, sc(p.seenCount), p.x, p.value, p.jobId ?? null, p.low ?? null, p.high ?? null, p.n ?? null])),
      };
    case 'invariance-vs-accuracy':
      return {
        columns: ['against', 'transform', 'seen_count', 'job_id', 'mean_invariance', 'accuracy_pct', 'pearson_r', 'r_low_95', 'r_high_95', 'n'],
        rows: d.panels.flatMap((p) => p.points.map((q) => [p.against, q.transform, sc(q.seenCount), q.jobId, q.invariance, q.accuracy, p.r, p.low, p.high, p.n])),
      };
    case 'ablation':
      return {
        columns: ['job_id', 'tau', 'inactive_ablated_clean_pct', 'inactive_ablated_transformed_pct', 'active_ablated_clean_pct', 'active_ablated_transformed_pct', 'chosen_tau'],
        rows: d.points.map((p) => [d.jobId, p.tau, p.inactiveClean, p.inactiveTransformed, p.activeClean, p.activeTransformed, d.tau]),
      };
    case 'layerwise':
      return {
        columns: ['transform', 'seen_count', 'layer', 'mean_invariance_all', 'mean_invariance_seen', 'mean_invariance_unseen'],
        rows: d.series.flatMap((s) => s.layers.map((l) => [s.transform, sc(s.seenCount), l.layer, l.all, l.seen, l.unseen])),
      };
  }
}

function csvCell(c: Cell): string {
  if (c === null || (typeof c === 'number' && !Number.isFinite(c))) return '';
  const s = String(c);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV with a header row; empty cells are missing values. */
export function toCsv(t: FigureTable): string {
  return [t.columns, ...t.rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Human names for ids appearing in table cells (report tables). */
export function displayCell(column: string, c: Cell): string {
  if (c === null) return '–';
  if (typeof c === 'number') {
    if (column.endsWith('_pct')) return c.toFixed(1);
    return Number.isInteger(c) ? String(c) : c.toFixed(3);
  }
  if (column === 'transform' || column === 'trained_with' || column === 'tested_on' || column === 'condition') {
    if (c === 'none' || c === 'clean') return transformLabel(c);
    return c in TRANSFORM_FAMILY ? transformLabel(c as keyof typeof TRANSFORM_FAMILY) : c;
  }
  return c;
}
