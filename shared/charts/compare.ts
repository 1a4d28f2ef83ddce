// Comparing runs: one chart per transformation with every run overlaid (one colour per run),
// and the parallel-coordinates view of spec fields against results over all runs. Pure, like
// every builder here: the Runs view draws these, a report could too.
import type { EChartsOption, LineSeriesOption } from 'echarts';
import type { ExperimentIndexRow } from '../lab-index';
import type { NetworkAnalysis, NetworkEvaluation } from '../results';
import type { SeenCount, TransformId } from '../ids';
import { baseOption, categoryAxis, legend, makeContext, mean, orderSeenCounts, seenTick, valueAxis } from './common';
import { AXIS_NAME, transformLabel, type Theme } from './style';
import { fmtTipCoef, fmtTipPct, networksLine } from './tooltip';

/** Runs get their own categorical colours (Tableau 10): runs are not transformations or groups. */
export const RUN_COLORS: readonly string[] = ['#4E79A7', '#F28E2B', '#E15759', '#76B7B2', '#59A14F', '#EDC948', '#B07AA1', '#FF9DA7', '#9C755F', '#BAB0AC'];
export const runColor = (i: number): string => RUN_COLORS[i % RUN_COLORS.length]!;

export interface CompareRun { id: string; name: string; classes: number; evaluations: NetworkEvaluation[]; analyses: NetworkAnalysis[] }

function seenAxis(runs: readonly CompareRun[], t: TransformId): SeenCount[] {
  return orderSeenCounts(runs.flatMap((r) => [...r.evaluations.filter((e) => e.transform === t).map((e) => e.seenCount), ...r.analyses.filter((a) => a.transform === t).map((a) => a.seenCount)]));
}

/** Within (solid) and across (dashed) accuracy against seen count, a pair of lines per run. */
export function compareAccuracyOption(t: TransformId, runs: readonly CompareRun[], theme: Theme, width = 900, height = 380): EChartsOption {
  const ctx = makeContext({ theme, interactive: true, width, height }, { width, height });
  const counts = seenAxis(runs, t);
  const series: LineSeriesOption[] = [];
  runs.forEach((r, i) => {
    for (const kind of ['within', 'across'] as const) {
      const pts = counts.flatMap((c, x) => {
        const es = r.evaluations.filter((e) => e.transform === t && e.seenCount === c);
        const v = mean(es.map((e) => e[kind]));
        return v === null ? [] : [{
          value: [x, 100 * v], runId: r.id,
          tip: [`${kind === 'within' ? 'Within' : 'Across'}-category accuracy: ${fmtTipPct(100 * v)}`, `Seen-transformed categories: ${seenTick(c)}`, ...networksLine(es.length)],
        }];
      });
      if (!pts.length) continue;
      series.push({
        type: 'line', name: r.name, color: runColor(i), symbol: kind === 'within' ? 'circle' : 'triangle', symbolSize: 8,
        lineStyle: { width: 2, type: kind === 'within' ? 'solid' : 'dashed' }, data: pts as never,
        emphasis: { focus: 'series' },
      });
    }
  });
  return compareFrame(ctx, runs, counts, series, {
    title: `${transformLabel(t)}: within and across`, subtitle: 'Solid: within-category · dashed: across-category · one colour per run',
    max: 100, yName: AXIS_NAME.accuracy,
  });
}

/** What the two comparison charts share: a legend of runs, seen counts along x, one value axis. */
function compareFrame(ctx: ReturnType<typeof makeContext>, runs: readonly CompareRun[], counts: readonly SeenCount[], series: LineSeriesOption[],
  o: { title: string; subtitle: string; max: number; yName: string }): EChartsOption {
  return {
    ...baseOption(ctx, o.title, o.subtitle),
    legend: legend(ctx, runs.map((r, i) => ({ name: r.name, icon: 'roundRect', itemStyle: { color: runColor(i) } })), 48),
    grid: { left: 70, right: 24, top: 96, bottom: 56 },
    xAxis: categoryAxis(ctx, { gridIndex: 0, data: counts.map((c) => seenTick(c)), name: AXIS_NAME.seenCount }),
    yAxis: valueAxis(ctx, { gridIndex: 0, min: 0, max: o.max, name: o.yName, nameGap: 44 }),
    series,
  } as EChartsOption;
}

/** Mean I_k against seen count, one line per run. */
export function compareInvarianceOption(t: TransformId, runs: readonly CompareRun[], theme: Theme, width = 900, height = 340): EChartsOption {
  const ctx = makeContext({ theme, interactive: true, width, height }, { width, height });
  const counts = seenAxis(runs, t);
  const series: LineSeriesOption[] = [];
  runs.forEach((r, i) => {
    const pts = counts.flatMap((c, x) => {
      const as = r.analyses.filter((a) => a.transform === t && a.seenCount === c);
      const v = mean(as.map((a) => a.all.mean));
      return v === null ? [] : [{ value: [x, v], runId: r.id, tip: [`Mean I_k: ${fmtTipCoef(v)}`, `Seen-transformed categories: ${seenTick(c)}`, ...networksLine(as.length)] }];
    });
    if (pts.length) series.push({ type: 'line', name: r.name, color: runColor(i), symbolSize: 8, lineStyle: { width: 2 }, data: pts as never, emphasis: { focus: 'series' } });
  });
  return compareFrame(ctx, runs, counts, series, {
    title: `${transformLabel(t)}: invariance`, subtitle: 'Mean I_k over neurons and seeds · one colour per run', max: 1, yName: AXIS_NAME.meanInvariance,
  });
}

export const PARALLEL_DIMS: { key: string; name: string; get: (r: ExperimentIndexRow) => number | null; pct?: boolean }[] = [
  { key: 'epochs', name: 'Epochs', get: (r) => r.spec.epochs },
  { key: 'lr', name: 'Learning rate', get: (r) => r.spec.learningRate },
  { key: 'batch', name: 'Batch size', get: (r) => r.spec.batchSize },
  { key: 'perClass', name: 'Train / category', get: (r) => r.spec.trainPerClass },
  { key: 'seeds', name: 'Seeds', get: (r) => r.spec.seeds },
  { key: 'seen', name: 'Seen counts', get: (r) => r.spec.seenCounts },
  { key: 'clean', name: 'Clean (%)', get: (r) => (r.clean === null ? null : 100 * r.clean), pct: true },
  { key: 'within', name: 'Within (%)', get: (r) => (r.within === null ? null : 100 * r.within), pct: true },
  { key: 'across', name: 'Across (%)', get: (r) => (r.across === null ? null : 100 * r.across), pct: true },
  { key: 'inv', name: 'Mean I_k', get: (r) => r.invariance },
];

/** Spec fields against results, one line per run (ECharts `parallel`); lines coloured by across. */
export function parallelOption(rows: readonly ExperimentIndexRow[], theme: Theme, width = 1100, height = 380): EChartsOption {
  const ctx = makeContext({ theme, interactive: true, width, height }, { width, height });
  const axisText = { color: ctx.colors.text, fontSize: 12 };
  return {
    ...baseOption(ctx, 'Spec against results, every run', 'One line per run, coloured by across-category accuracy; drag along an axis to filter'),
    parallel: { left: 60, right: 90, top: 90, bottom: 40, parallelAxisDefault: { nameTextStyle: axisText, axisLabel: axisText, nameGap: 14 } },
    parallelAxis: PARALLEL_DIMS.map((d, i) => ({
      dim: i, name: d.name, type: 'value', scale: true, ...(d.pct ? { min: 0, max: 100 } : {}), ...(d.key === 'inv' ? { min: 0, max: 1 } : {}),
    })),
    visualMap: {
      type: 'continuous', dimension: PARALLEL_DIMS.findIndex((d) => d.key === 'across'), min: 0, max: 100, right: 6, top: 'middle',
      text: ['across 100%', '0%'], textStyle: { color: ctx.colors.text, fontSize: 11 }, inRange: { color: ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'] }, calculable: true, itemHeight: 140,
    },
    series: [{
      type: 'parallel', name: 'Runs', lineStyle: { width: 1.6, opacity: 0.75 }, emphasis: { lineStyle: { width: 3, opacity: 1 } },
      data: rows.map((r) => ({
        name: r.name, value: PARALLEL_DIMS.map((d) => d.get(r) ?? NaN), runId: r.id,
        tip: PARALLEL_DIMS.map((d) => { const v = d.get(r); return `${d.name}: ${v === null ? '–' : d.pct ? fmtTipPct(v) : d.key === 'inv' ? fmtTipCoef(v) : String(v)}`; }),
        tipTitle: r.name,
      })),
    }],
  } as EChartsOption;
}
