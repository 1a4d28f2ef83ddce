// 95 % intervals as vertical whiskers and chance as a dotted line, for the line figures
// (within / across, invariance trend). The whiskers are one plain line series per curve with a
// break ('-') between points, so they need no custom renderer and export to SVG as they draw.
import type { LineSeriesOption } from 'echarts';
import type { SeriesPoint } from '../figures';
import type { BuildContext } from './common';

export function whiskerSeries(
  ctx: BuildContext, name: string, color: string, points: readonly SeriesPoint[], xOf: (p: SeriesPoint) => number, axis: number,
): LineSeriesOption | null {
  const data: (number[] | '-')[] = [];
  for (const p of points) {
    if (p.value === null || p.low === null || p.low === undefined || p.high === null || p.high === undefined) continue;
    data.push([xOf(p), p.low], [xOf(p), p.high], '-');
  }
  if (!data.length) return null;
  return {
    type: 'line', name, xAxisIndex: axis, yAxisIndex: axis, color, symbol: 'none', silent: true, connectNulls: false,
    lineStyle: { width: 1.5, opacity: 0.7 }, emphasis: { disabled: true }, tooltip: { show: false }, z: 1,
    data: data as LineSeriesOption['data'],
  } as LineSeriesOption;
}

/** A dotted horizontal line at chance, labelled, for one panel's series. */
export function chanceMarkLine(ctx: BuildContext, chance: number): LineSeriesOption['markLine'] {
  return {
    silent: true, symbol: 'none', label: { formatter: `chance ${chance.toFixed(1)}%`, color: ctx.colors.text, position: 'insideEndTop' },
    lineStyle: { color: ctx.colors.ink, type: 'dotted', width: 1.2 }, data: [{ yAxis: chance }],
  };
}

/** The interval as tooltip text: " [52.1, 64.9], n = 3". */
export function intervalText(p: { low?: number | null; high?: number | null; n?: number }, digits = 1): string {
  if (p.low === null || p.low === undefined || p.high === null || p.high === undefined) return p.n ? `, n = ${p.n}` : '';
  return ` [${p.low.toFixed(digits)}, ${p.high.toFixed(digits)}], n = ${p.n ?? '?'}`;
}
