// Registry-driven figure tests: every registered figure (shared/figure-defs/) is assembled from
// an experiment's results (test/report/fixture.ts: every job finished, and one still running),
// built into an ECharts option and turned into its CSV table, without anyone editing a test.
// An id that is not registered fails loudly.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildChartOption, chartSize, figureTable, toCsv } from '../../shared/charts';
import { FIGURES, figureDef, supportedFigures, buildFigureData } from '../../shared/figure-defs/index';
import { FIGURE_IDS, type FigureId } from '../../shared/figure-defs/index';
import { makeBlobs, makeDetail } from './fixture';

const DIR = path.resolve(__dirname, '../../shared/figure-defs');

describe('the figure registry', () => {
  it('has one definition file per figure id, each registered once, in the ids order', () => {
    expect(FIGURES.map((f) => f.id)).toEqual([...FIGURE_IDS]);
    const infrastructure = new Set(['index.ts', 'define.ts', 'results.ts']);
    const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.ts') && !infrastructure.has(f)).map((f) => f.slice(0, -3)).sort();
    expect(files).toEqual([...FIGURE_IDS].sort());
  });

  it('refuses an unregistered figure loudly', () => {
    expect(() => figureDef('scatter-3d')).toThrow(/unknown figure "scatter-3d"; figures: acc-matrix/);
    expect(() => buildFigureData(makeDetail(), makeBlobs(), 'scatter-3d' as FigureId)).toThrow(/unknown figure/);
  });
});

describe.each(FIGURES.map((f) => [f.id, f] as const))('%s', (id, def) => {
  it('is a complete definition', () => {
    for (const k of ['title', 'tab', 'needs'] as const) expect(def[k].length, k).toBeGreaterThan(0);
    expect(typeof def.paperFigure).toBe('string');
    expect(typeof def.transformFilter).toBe('boolean');
  });

  it('is supported, assembled complete, built and tabled from a finished experiment', () => {
    const detail = makeDetail();
    expect(supportedFigures(detail).find((s) => s.figure === id)).toEqual({ figure: id, supported: true });
    const data = buildFigureData(detail, makeBlobs(), id);
    expect(data.figure).toBe(id);
    expect(data.title.startsWith(def.title)).toBe(true);
    expect(data.missing).toEqual([]);
    const size = chartSize(data);
    expect(size.width).toBeGreaterThan(0);
    const option = buildChartOption(data, { theme: 'light', interactive: false, ...size }) as { series?: unknown[] };
    expect(Array.isArray(option.series) && option.series.length > 0).toBe(true);
    const table = figureTable(data);
    expect(table.columns.length).toBeGreaterThan(0);
    expect(table.rows.length).toBeGreaterThan(0);
    for (const r of table.rows) expect(r).toHaveLength(table.columns.length);
    expect(toCsv(table).split(/\r?\n/)[0]).toBe(table.columns.join(','));
  });

  it('says what is missing, without throwing, while jobs are unfinished', () => {
    const data = buildFigureData(makeDetail({ unfinished: true }), makeBlobs(), id);
    expect(data.figure).toBe(id);
    expect(Array.isArray(data.missing)).toBe(true);
  });
});
