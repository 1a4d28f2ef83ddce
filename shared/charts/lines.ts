// Line and scatter figures: mean invariance vs seen count (paper Fig. 5a), invariance vs
// accuracy with Pearson r (5b/5c), the tau ablation (Fig. 7) and layer-wise invariance (Fig. 10).
import type { EChartsOption, LineSeriesOption, ScatterSeriesOption } from 'echarts';
import type { AblationData, InvarianceTrendData, InvarianceVsAccuracyData, LayerwiseData } from '../figures';
import { TRANSFORM_FAMILY } from '../ids';
import {
  baseOption, categoryAxis, emptyOption, gridOption, legend, orderSeenCounts, panelGrid, panelTitles,
  seenTick, valueAxis, type BuildContext,
} from './common';
import { seenCategories } from './within-across';
import { fmtTipCoef, fmtTipPct, networksLine } from './tooltip';
import { whiskerSeries } from './intervals';
import {
  AXIS_NAME, FAMILY_SYMBOL, OKABE_ITO, TRANSFORM_COLOR, byPaperOrder, fmtNum, sequentialColor, transformLabel, transformSymbol,
} from './style';

export function invarianceTrendOption(d: InvarianceTrendData, ctx: BuildContext): EChartsOption {
  const series = d.series.filter((s) => s.points.some((p) => p.value !== null)).sort((a, b) => byPaperOrder(a.transform, b.transform));
  if (!series.length) return emptyOption(ctx, d.title, d.missing);
  const cats = seenCategories(series.flatMap((s) => s.points));
  const idx = new Map(cats.map((c, i) => [c.count, i]));
  return {
    ...baseOption(ctx, d.title, `Mean I_k over neurons, averaged over seeds; bars: 95 % interval over seeds${d.excludedAtChance ? `; ${d.excludedAtChance} network(s) at chance left out` : ''}`),
    legend: legend(ctx, series.map((s) => ({ name: transformLabel(s.transform), icon: transformSymbol(s.transform) })), 48),
    grid: { left: 78, right: 30, top: 110, bottom: 60 },
    xAxis: categoryAxis(ctx, { gridIndex: 0, data: cats.map((c) => c.label), name: AXIS_NAME.seenCount }),
    yAxis: valueAxis(ctx, { gridIndex: 0, name: AXIS_NAME.meanInvariance, min: 0, max: 1, nameGap: 44 }),
    series: [...series.flatMap((s) => {
      const w = whiskerSeries(ctx, transformLabel(s.transform), TRANSFORM_COLOR[s.transform], s.points, (p) => idx.get(p.seenCount)!, 0);
      return w ? [w] : [];
    }), ...series.map((s) => ({
      type: 'line', name: transformLabel(s.transform), color: TRANSFORM_COLOR[s.transform],
      symbol: transformSymbol(s.transform), symbolSize: 8, showSymbol: true, showAllSymbol: true, lineStyle: { width: 2 },
      emphasis: { disabled: !ctx.interactive, focus: 'series' }, silent: !ctx.interactive,
      data: s.points.filter((p) => p.value !== null).sort((a, b) => idx.get(a.seenCount)! - idx.get(b.seenCount)!)
        .map((p) => ({
          value: [idx.get(p.seenCount)!, p.value as number], seenCount: p.seenCount, transform: s.transform, ...(p.jobId ? { jobId: p.jobId } : {}),
          tip: [`Trained with: ${transformLabel(s.transform)}`, `Seen-transformed categories: ${cats[idx.get(p.seenCount)!]!.label}`, `Mean I_k: ${fmtTipCoef(p.value)}`,
            ...(p.low != null && p.high != null ? [`95% interval over seeds: ${fmtTipCoef(p.low)} to ${fmtTipCoef(p.high)}`] : []), ...networksLine(p.n)],
        })),
    } as LineSeriesOption))],
  } as EChartsOption;
}

export function correlationText(p: InvarianceVsAccuracyData['panels'][number]): string {
  const r = p.r === null ? 'r not defined' : `r = ${p.r.toFixed(2)}`;
  const ci = p.low !== null && p.high !== null ? ` (95% CI ${p.low.toFixed(2)} to ${p.high.toFixed(2)})` : '';
  return `${r}${ci}, n = ${p.n}`;
}

export function invarianceVsAccuracyOption(d: InvarianceVsAccuracyData, ctx: BuildContext): EChartsOption {
  const panels = d.panels.filter((p) => p.points.length);
  if (!panels.length) return emptyOption(ctx, d.title, d.missing);
  const boxes = panelGrid(ctx, 1, panels.length, { top: 130, left: 78, bottom: 60, hGap: 80 });
  const transforms = [...new Set(panels.flatMap((p) => p.points.map((q) => q.transform)))].sort(byPaperOrder);
  const series: ScatterSeriesOption[] = [];
  panels.forEach((p, g) => {
    for (const t of transforms) {
      const pts = p.points.filter((q) => q.transform === t);
      if (!pts.length) continue;
      series.push({
        type: 'scatter', name: transformLabel(t), xAxisIndex: g, yAxisIndex: g, color: TRANSFORM_COLOR[t],
        symbol: FAMILY_SYMBOL[TRANSFORM_FAMILY[t]], symbolSize: 10, silent: !ctx.interactive,
        emphasis: { disabled: !ctx.interactive },
        data: pts.map((q) => ({
          value: [q.invariance, q.accuracy], jobId: q.jobId, seenCount: q.seenCount, transform: t,
          tip: [`Trained with: ${transformLabel(t)}`, `Seen-transformed categories: ${seenTick(q.seenCount)}`, `Mean I_k: ${fmtTipCoef(q.invariance)}`,
            `${p.against === 'within' ? 'Within' : 'Across'}-category accuracy: ${fmtTipPct(q.accuracy)}`, 'One network (click to open it)'],
        })),
      });
    }
  });
  const headings = panels.map((p) => `${p.against === 'within' ? 'Within' : 'Across'}-category: ${correlationText(p)}`);
  return {
    ...baseOption(ctx, d.title, `One dot per network; Pearson r with its 95% interval (Fisher z)${d.excludedAtChance ? `; ${d.excludedAtChance} network(s) at chance left out` : ''}`),
    legend: legend(ctx, transforms.map((t) => ({ name: transformLabel(t), icon: transformSymbol(t) })), 48),
    grid: gridOption(boxes),
    xAxis: panels.map((_, g) => valueAxis(ctx, { gridIndex: g, name: AXIS_NAME.meanInvariance, min: 0, max: 1 })),
    yAxis: panels.map((p, g) => valueAxis(ctx, {
      gridIndex: g, min: 0, max: 100, nameGap: 44,
      name: p.against === 'within' ? 'Within-category accuracy (%)' : 'Across-category accuracy (%)',
    })),
    graphic: panelTitles(ctx, boxes, headings),
    series,
  } as EChartsOption;
}

export const ABLATION_SERIES = [
  { key: 'inactiveClean', name: 'Inactive ablated, clean', color: OKABE_ITO.purple, dashed: false },
  { key: 'inactiveTransformed', name: 'Inactive ablated, transformed (dashed)', color: OKABE_ITO.purple, dashed: true },
  { key: 'activeClean', name: 'Active ablated, clean', color: OKABE_ITO.orange, dashed: false },
  { key: 'activeTransformed', name: 'Active ablated, transformed (dashed)', color: OKABE_ITO.orange, dashed: true },
] as const;

/** The ablation legend draws each entry as a stretch of its line, so dashed (transformed) shows as dashed. */
function ablationLegend(ctx: BuildContext) {
  const l = legend(ctx, ABLATION_SERIES.map((s) => ({ name: s.name })), 48) as Record<string, unknown>;
  return {
    ...l,
    data: ABLATION_SERIES.map((s, i) => ({
      name: s.name, icon: i < 2 ? 'circle' : 'triangle',
      lineStyle: { type: s.dashed ? 'dashed' : 'solid', width: 2, color: s.color }, itemStyle: { color: s.color },
    })),
    itemWidth: 44, itemHeight: 10,
  };
}

export function ablationOption(d: AblationData, ctx: BuildContext): EChartsOption {
  if (!d.points.length) return emptyOption(ctx, d.title, d.missing);
  const pts = [...d.points].sort((a, b) => a.tau - b.tau);
  return {
    ...baseOption(ctx, d.title, `Neurons with f_k(x) ≤ τ (inactive) or > τ (active) set to 0; chosen τ = ${fmtNum(d.tau, 2)}`),
    legend: { ...ablationLegend(ctx) },
    grid: { left: 78, right: 30, top: 100, bottom: 60 },
    xAxis: valueAxis(ctx, { gridIndex: 0, name: AXIS_NAME.tau, min: 0, max: 1 }),
    yAxis: valueAxis(ctx, { gridIndex: 0, name: AXIS_NAME.accuracy, min: 0, max: 100, nameGap: 44 }),
    series: ABLATION_SERIES.map((s, i) => ({
      type: 'line', name: s.name, color: s.color, symbol: i < 2 ? 'circle' : 'triangle', symbolSize: 6,
      showSymbol: true, showAllSymbol: true, silent: !ctx.interactive, emphasis: { disabled: !ctx.interactive },
      lineStyle: { width: 2, type: s.dashed ? 'dashed' : 'solid' },
      data: pts.map((p) => ({ value: [p.tau, p[s.key]], jobId: d.jobId, tip: [`τ = ${fmtNum(p.tau, 2)}`, `Accuracy: ${fmtTipPct(p[s.key])}`, s.dashed ? 'Dashed line: transformed test images' : 'Solid line: clean test images'] })),
      ...(i === 0 ? {
        markLine: {
          silent: true, symbol: 'none', label: { formatter: `τ = ${fmtNum(d.tau, 2)}`, color: ctx.colors.text },
          lineStyle: { color: ctx.colors.ink, type: 'dotted', width: 1.5 }, data: [{ xAxis: d.tau }],
        },
      } : {}),
    } as LineSeriesOption)),
  } as EChartsOption;
}

export const LAYER_SUBSETS = [
  { key: 'all', title: 'All categories' },
  { key: 'seen', title: 'Seen-transformed categories' },
  { key: 'unseen', title: 'Unseen-transformed categories' },
] as const;

export function layerwiseOption(d: LayerwiseData, ctx: BuildContext): EChartsOption {
  const series = d.series.filter((s) => s.layers.length);
  if (!series.length) return emptyOption(ctx, d.title, d.missing);
  const transforms = [...new Set(series.map((s) => s.transform))].sort(byPaperOrder);
  const counts = orderSeenCounts(series.map((s) => s.seenCount));
  const layers = [...new Set(series.flatMap((s) => s.layers.map((l) => l.layer)))];
  const boxes = panelGrid(ctx, transforms.length, 3, { top: 110, left: 78, bottom: 80, hGap: 50, vGap: 80 });
  const lines: LineSeriesOption[] = [];
  transforms.forEach((t, ti) => LAYER_SUBSETS.forEach((sub, si) => {
    const g = ti * 3 + si;
    for (const s of series.filter((x) => x.transform === t)) {
      const ci = counts.indexOf(s.seenCount);
      const pts = s.layers.filter((l) => l[sub.key] !== null);
      if (!pts.length) continue;
      lines.push({
        type: 'line', name: `${seenTick(s.seenCount)} seen`, xAxisIndex: g, yAxisIndex: g,
        color: sequentialColor(ci, counts.length), symbol: 'circle', symbolSize: 6, showSymbol: true, showAllSymbol: true,
        silent: !ctx.interactive, emphasis: { disabled: !ctx.interactive }, lineStyle: { width: 2 },
        data: pts.map((l) => ({ value: [layers.indexOf(l.layer), l[sub.key] as number], transform: t, seenCount: s.seenCount, tip: [`Trained with: ${transformLabel(t)}`, `Seen-transformed categories: ${seenTick(s.seenCount)}`, `Layer: ${l.layer}`, `${sub.title}: mean I_k ${fmtTipCoef(l[sub.key])}`] })),
      } as LineSeriesOption);
    }
  }));
  const headings = transforms.flatMap((t) => LAYER_SUBSETS.map((s) => `${transformLabel(t)}: ${s.title.toLowerCase()}`));
  return {
    ...baseOption(ctx, d.title, 'Mean I_k per layer, averaged over seeds; one line per number of seen-transformed categories'),
    legend: legend(ctx, counts.map((c, i) => ({ name: `${seenTick(c)} seen`, icon: 'circle', itemStyle: { color: sequentialColor(i, counts.length) } })), 48),
    grid: gridOption(boxes),
    xAxis: boxes.map((_, g) => categoryAxis(ctx, { gridIndex: g, data: layers, rotate: 30, name: AXIS_NAME.layer, showName: g >= boxes.length - 3, nameGap: 50 })),
    yAxis: boxes.map((_, g) => valueAxis(ctx, { gridIndex: g, name: g % 3 === 0 ? AXIS_NAME.meanInvariance : '', min: 0, max: 1, nameGap: 44 })),
    graphic: panelTitles(ctx, boxes, headings),
    series: lines,
  } as EChartsOption;
}
