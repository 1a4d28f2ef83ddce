// Entry point of the chart builders: FigureData in, ECharts option out. Pure (no Node, no
// DOM), so the Vue app and the report exporter draw every figure from the same code.
import type { EChartsOption } from 'echarts';
import type { FigureData } from '../figures';
import type { FigureId } from '../ids';
import { accMatrixOption } from './acc-matrix';
import { makeContext, type ChartOptions } from './common';
import { confusionOption } from './confusion';
import { ablationOption, invarianceTrendOption, invarianceVsAccuracyOption, layerwiseOption } from './lines';
import { quadrantsOption } from './quadrants';
import { activeNeuronsOption, invarianceBaselineOption, invarianceBySeenOption } from './violins';
import { withinAcrossOption } from './within-across';

export type { ChartOptions } from './common';
export { figureTable, toCsv, displayCell, type FigureTable, type Cell } from './table';
export { GROUP_COLOR, OKABE_ITO, PALETTE, TRANSFORM_COLOR, themeColors, type Theme } from './style';
export { kde, describe, type DistributionStats } from './violin';

/** A size that keeps panels readable: small multiples grow with the number of panels. */
export function chartSize(d: FigureData): { width: number; height: number } {
  const uniq = <T>(xs: T[]) => new Set(xs).size;
  switch (d.figure) {
    case 'acc-matrix':
      return { width: 900, height: 220 + 34 * (d.trainedWith.length + (d.cleanRow ? 1 : 0)) };
    case 'within-across': {
      const fams = Math.max(1, uniq(d.series.map((s) => s.family)));
      return { width: Math.max(640, 120 + 300 * fams), height: 640 };
    }
    case 'confusion': {
      const side = Math.min(1000, Math.max(420, 22 * d.classes.length));
      return { width: side + 260, height: side + 200 };
    }
    case 'confusion-quadrants': {
      const t = Math.max(1, uniq(d.rows.map((r) => r.transform)));
      const c = Math.max(1, uniq(d.rows.map((r) => r.seenCount)));
      return { width: Math.max(640, 260 + 150 * c), height: 170 + 150 * t };
    }
    case 'invariance-by-seen': {
      const t = Math.max(1, uniq(d.groups.map((g) => g.transform)));
      return { width: 960, height: 170 + 300 * Math.ceil(t / 2) };
    }
    case 'layerwise': {
      const t = Math.max(1, uniq(d.series.map((s) => s.transform)));
      return { width: 1000, height: 200 + 260 * t };
    }
    case 'invariance-vs-accuracy':
      return { width: 1000, height: 560 };
    case 'active-neurons':
      return { width: 1000, height: 520 };
    default:
      return { width: 900, height: 520 };
  }
}

type Builder = (d: FigureData, ctx: ReturnType<typeof makeContext>) => EChartsOption;
const BUILDERS: Record<FigureId, Builder> = {
  'acc-matrix': (d, c) => accMatrixOption(d as Extract<FigureData, { figure: 'acc-matrix' }>, c),
  'within-across': (d, c) => withinAcrossOption(d as Extract<FigureData, { figure: 'within-across' }>, c),
  confusion: (d, c) => confusionOption(d as Extract<FigureData, { figure: 'confusion' }>, c),
  'confusion-quadrants': (d, c) => quadrantsOption(d as Extract<FigureData, { figure: 'confusion-quadrants' }>, c),
  'active-neurons': (d, c) => activeNeuronsOption(d as Extract<FigureData, { figure: 'active-neurons' }>, c),
  'invariance-baseline': (d, c) => invarianceBaselineOption(d as Extract<FigureData, { figure: 'invariance-baseline' }>, c),
  'invariance-by-seen': (d, c) => invarianceBySeenOption(d as Extract<FigureData, { figure: 'invariance-by-seen' }>, c),
  'invariance-trend': (d, c) => invarianceTrendOption(d as Extract<FigureData, { figure: 'invariance-trend' }>, c),
  'invariance-vs-accuracy': (d, c) => invarianceVsAccuracyOption(d as Extract<FigureData, { figure: 'invariance-vs-accuracy' }>, c),
  ablation: (d, c) => ablationOption(d as Extract<FigureData, { figure: 'ablation' }>, c),
  layerwise: (d, c) => layerwiseOption(d as Extract<FigureData, { figure: 'layerwise' }>, c),
};

/** The ECharts option for a figure; size defaults to chartSize(data). */
export function buildChartOption(data: FigureData, opts: ChartOptions): EChartsOption {
  const ctx = makeContext(opts, chartSize(data));
  return BUILDERS[data.figure](data, ctx);
}
