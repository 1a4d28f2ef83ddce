// The numbers behind each figure as a tidy table (one observation a row): the CSV export,
// the report's tables and the app's "show data" use the same rows. Distributions come in two
// forms: every value (CSV, to redraw a violin) or a summary per violin (tables to read).
import type { Distribution, FigureData } from '../figures';
import { figureDef } from '../figure-defs/index';
import { TRANSFORM_FAMILY } from '../ids';
import { transformLabel } from './style';
import { describe } from './violin';

export type Cell = string | number | null;
export interface FigureTable { columns: string[]; rows: Cell[][] }

export const sc = (c: number | 'all') => (c === 'all' ? 'all' : c);

interface NamedDist { keys: Cell[]; dist: Distribution | null }

export function distTable(keyCols: string[], items: NamedDist[], mode: 'values' | 'summary'): FigureTable {
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

/** The figure's table, as its definition (shared/figure-defs/<id>.ts) writes it. */
export function figureTable(d: FigureData, mode: 'values' | 'summary' = 'values'): FigureTable {
  return figureDef(d.figure).table(d, mode);
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
