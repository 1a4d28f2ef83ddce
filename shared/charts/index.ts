// Entry point of the chart builders: FigureData in, ECharts option out, through each figure's
// definition (shared/figure-defs/<id>.ts names its builder and size). Pure (no Node, no
// DOM), so the Vue app and the report exporter draw every figure from the same code.
import type { EChartsOption } from 'echarts';
import type { FigureData } from '../figures';
import { figureDef } from '../figure-defs/index';
import { makeContext, type ChartOptions } from './common';

export type { ChartOptions } from './common';
export { figureTable, toCsv, displayCell, type FigureTable, type Cell } from './table';
export { GROUP_COLOR, OKABE_ITO, PALETTE, TRANSFORM_COLOR, themeColors, type Theme } from './style';
export { kde, describe, type DistributionStats } from './violin';

/** A size that keeps panels readable (the figure's definition says; small multiples grow with their panels). */
export function chartSize(d: FigureData): { width: number; height: number } {
  return figureDef(d.figure).size?.(d) ?? { width: 900, height: 520 };
}

/** The ECharts option for a figure; size defaults to chartSize(data). */
export function buildChartOption(data: FigureData, opts: ChartOptions): EChartsOption {
  const ctx = makeContext(opts, chartSize(data));
  return figureDef(data.figure).build(data, ctx);
}
