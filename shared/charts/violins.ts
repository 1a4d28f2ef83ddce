// The violin figures: active neurons (paper Fig. 3a), invariance x + T(x) vs x only (3b/3c)
// and invariance per seen count, seen vs unseen categories (Figs. 4, 8, 9).
import type { CustomSeriesOption, EChartsOption } from 'echarts';
import type { ActiveNeuronsData, Distribution, InvarianceBaselineData, InvarianceBySeenData } from '../figures';
import { isTransformId } from '../ids';
import {
  baseOption, categoryAxis, emptyOption, gridOption, legend, orderSeenCounts, panelGrid, panelTitles,
  seenTick, valueAxis, type BuildContext,
} from './common';
import { AXIS_NAME, GROUP_COLOR, PALETTE, TRANSFORM_COLOR, byPaperOrder, transformLabel } from './style';
import { violinSeries } from './violin';

const hasValues = (d: Distribution | null | undefined): d is Distribution => !!d && d.values.some((v) => Number.isFinite(v));

export function activeNeuronsOption(d: ActiveNeuronsData, ctx: BuildContext): EChartsOption {
  const panels = [
    { dists: d.perImage.filter(hasValues), name: AXIS_NAME.activePerImage, title: 'Active neurons per image' },
    { dists: d.perNeuron.filter(hasValues), name: AXIS_NAME.imagesPerNeuron, title: 'Images per neuron' },
  ];
  if (!panels.some((p) => p.dists.length)) return emptyOption(ctx, d.title, d.missing);
  const boxes = panelGrid(ctx, 1, 2, { top: 80, left: 78, bottom: 110, hGap: 90 });
  const series: CustomSeriesOption[] = [];
  panels.forEach((p, g) => p.dists.forEach((dist, i) => {
    const color = isTransformId(dist.group) ? TRANSFORM_COLOR[dist.group] : PALETTE[i % PALETTE.length]!;
    series.push(violinSeries([{ category: i, values: dist.values, name: dist.label, ...(dist.jobId ? { jobId: dist.jobId } : {}), meta: { panel: p.title } }], {
      name: dist.label, color, ink: ctx.colors.ink, xAxisIndex: g, yAxisIndex: g, interactive: ctx.interactive,
      unit: 'pct', countLabel: g === 0 ? 'images' : 'neurons',
    }));
  }));
  return {
    ...baseOption(ctx, d.title, 'Networks trained with the transformation on all categories'),
    grid: gridOption(boxes),
    xAxis: panels.map((p, g) => categoryAxis(ctx, { gridIndex: g, data: p.dists.map((x) => x.label), rotate: 35, name: '' })),
    yAxis: panels.map((p, g) => valueAxis(ctx, { gridIndex: g, name: p.name, min: 0, nameGap: 44 })),
    graphic: panelTitles(ctx, boxes, panels.map((p) => p.title)),
    series,
  } as EChartsOption;
}

export const BASELINE_NAMES = { all: 'Trained on x + T(x)', none: 'Trained on x only' } as const;

export function invarianceBaselineOption(d: InvarianceBaselineData, ctx: BuildContext): EChartsOption {
  const groups = d.groups.filter((g) => hasValues(g.all) || hasValues(g.none)).sort((a, b) => byPaperOrder(a.transform, b.transform));
  if (!groups.length) return emptyOption(ctx, d.title, d.missing);
  const cats = groups.map((g) => transformLabel(g.transform));
  const mk = (which: 'all' | 'none', slot: number) => violinSeries(
    groups.flatMap((g, i) => (hasValues(g[which]) ? [{
      category: i, values: g[which].values, name: `${cats[i]}: ${BASELINE_NAMES[which]}`,
      ...(g[which].jobId ? { jobId: g[which].jobId } : {}), meta: { transform: g.transform, trained: which },
      tip: [`Transformation: ${transformLabel(g.transform)}`, which === 'all' ? 'Trained with it on all categories' : 'Trained on clean images only'],
    }] : [])),
    { name: BASELINE_NAMES[which], color: GROUP_COLOR[which], ink: ctx.colors.ink, slot, slots: 2, interactive: ctx.interactive },
  );
  return {
    ...baseOption(ctx, d.title, 'Distribution of I_k over the neurons of the analysed layer'),
    legend: legend(ctx, [
      { name: BASELINE_NAMES.all, icon: 'rect', itemStyle: { color: GROUP_COLOR.all } },
      { name: BASELINE_NAMES.none, icon: 'rect', itemStyle: { color: GROUP_COLOR.none } },
    ], 48),
    grid: { left: 78, right: 20, top: 90, bottom: 110 },
    xAxis: categoryAxis(ctx, { gridIndex: 0, data: cats, rotate: 35, name: '' }),
    yAxis: valueAxis(ctx, { gridIndex: 0, name: AXIS_NAME.invariance, min: 0, max: 1, nameGap: 44 }),
    series: [mk('all', 0), mk('none', 1)],
  } as EChartsOption;
}

export function invarianceBySeenOption(d: InvarianceBySeenData, ctx: BuildContext): EChartsOption {
  const groups = d.groups.filter((g) => hasValues(g.seen) || hasValues(g.unseen));
  if (!groups.length) return emptyOption(ctx, d.title, d.missing);
  const transforms = [...new Set(groups.map((g) => g.transform))].sort(byPaperOrder);
  const counts = orderSeenCounts(groups.map((g) => g.seenCount));
  const cols = Math.min(2, transforms.length);
  const rows = Math.ceil(transforms.length / cols);
  const boxes = panelGrid(ctx, rows, cols, { top: 100, left: 78, bottom: 60, hGap: 80, vGap: 80 });
  const series: CustomSeriesOption[] = [];
  transforms.forEach((t, g) => {
    for (const [which, slot] of [['seen', 0], ['unseen', 1]] as const) {
      const inputs = counts.flatMap((c, i) => {
        const grp = groups.find((x) => x.transform === t && x.seenCount === c);
        const dist = grp?.[which];
        return hasValues(dist) ? [{
          category: i, values: dist.values, name: `${transformLabel(t)}, ${seenTick(c)} seen: ${which}`,
          ...(dist.jobId ? { jobId: dist.jobId } : {}), meta: { transform: t, seenCount: c, categories: which },
          tip: [`Trained with: ${transformLabel(t)}`, `Seen-transformed categories: ${seenTick(c)}`, `I_k on images of ${which}-transformed categories`],
        }] : [];
      });
      series.push(violinSeries(inputs, {
        name: which === 'seen' ? 'Seen-transformed categories' : 'Unseen-transformed categories',
        color: GROUP_COLOR[which], ink: ctx.colors.ink, xAxisIndex: g, yAxisIndex: g, slot, slots: 2, interactive: ctx.interactive,
      }));
    }
  });
  return {
    ...baseOption(ctx, d.title, 'I_k per neuron, restricted to images of seen / unseen-transformed categories'),
    legend: legend(ctx, [
      { name: 'Seen-transformed categories', icon: 'rect', itemStyle: { color: GROUP_COLOR.seen } },
      { name: 'Unseen-transformed categories', icon: 'rect', itemStyle: { color: GROUP_COLOR.unseen } },
    ], 48),
    grid: gridOption(boxes.slice(0, transforms.length)),
    xAxis: transforms.map((_, g) => categoryAxis(ctx, {
      gridIndex: g, data: counts.map((c) => seenTick(c)), name: AXIS_NAME.seenCount, showName: g >= transforms.length - cols,
    })),
    yAxis: transforms.map((_, g) => valueAxis(ctx, { gridIndex: g, name: g % cols === 0 ? AXIS_NAME.invariance : '', min: 0, max: 1, nameGap: 40 })),
    graphic: panelTitles(ctx, boxes, transforms.map((t) => transformLabel(t))),
    series,
  } as EChartsOption;
}
