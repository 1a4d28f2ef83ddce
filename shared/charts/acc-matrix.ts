// Paper Fig. 2a: rows are networks (trained with one transformation on all categories, plus
// the network trained on x only), columns the test condition; cells are top-1 accuracy.
import type { EChartsOption } from 'echarts';
import type { AccMatrixData } from '../figures';
import { baseOption, categoryAxis, emptyOption, type BuildContext } from './common';
import { AXIS_NAME, FONT, byPaperOrder, transformLabel } from './style';
import { fmtTipPct } from './tooltip';

/** Single-hue-free, colour-blind-safe sequential ramp (viridis), low accuracy dark. */
export const ACCURACY_RAMP = ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'];

export function accMatrixRows(d: AccMatrixData): { label: string; values: (number | null)[] }[] {
  // Rows and columns in the one transformation order (clean first among the columns).
  const cols = accMatrixColumns(d);
  const pick = (vals: (number | null)[]) => cols.map((j) => vals[j] ?? null);
  const order = d.trainedWith.map((t, i) => ({ t, i })).sort((a, b) => byPaperOrder(a.t, b.t));
  const rows = order.map(({ t, i }) => ({ label: transformLabel(t), values: pick(d.accuracy[i] ?? []) }));
  return d.cleanRow ? [{ label: transformLabel('none'), values: pick(d.cleanRow) }, ...rows] : rows;
}

/** Indices into d.testedOn, clean first, then the transformation order. */
export function accMatrixColumns(d: AccMatrixData): number[] {
  const rank = (c: AccMatrixData['testedOn'][number]) => (c === 'clean' ? -1 : 0);
  return d.testedOn.map((c, j) => ({ c, j })).sort((a, b) => rank(a.c) - rank(b.c) || (a.c !== 'clean' && b.c !== 'clean' ? byPaperOrder(a.c, b.c) : 0)).map((x) => x.j);
}

export function accMatrixOption(d: AccMatrixData, ctx: BuildContext): EChartsOption {
  const rows = accMatrixRows(d);
  if (!rows.length || !d.testedOn.length) return emptyOption(ctx, d.title, d.missing);
  const cols = accMatrixColumns(d).map((j) => transformLabel(d.testedOn[j]!));
  const data: { value: [number, number, number]; label: { color: string }; tip: string[]; tipTitle: string }[] = [];
  rows.forEach((r, y) => r.values.forEach((v, x) => {
    if (v === null || v === undefined || !Number.isFinite(v)) return;
    data.push({
      value: [x, y, Math.round(v * 10) / 10], label: { color: v > 60 ? '#000000' : '#ffffff' },
      tipTitle: `Trained with: ${r.label}`, tip: [`Tested on: ${cols[x]}`, `Top-1 accuracy: ${fmtTipPct(v)}`],
    });
  }));
  return {
    ...baseOption(ctx, d.title, 'Networks trained with each transformation on all categories'),
    grid: { left: 150, right: 110, top: 70, bottom: 110 },
    xAxis: categoryAxis(ctx, { gridIndex: 0, name: AXIS_NAME.testedOn, data: cols, rotate: 35, nameGap: 90 }),
    yAxis: { ...categoryAxis(ctx, { gridIndex: 0, name: AXIS_NAME.trainedWith, data: rows.map((r) => r.label), nameGap: 135 }), inverse: true },
    visualMap: {
      type: 'continuous', min: 0, max: 100, calculable: false, orient: 'vertical', right: 10, top: 'middle',
      text: ['100%', '0%'], inRange: { color: ACCURACY_RAMP }, textStyle: { color: ctx.colors.text, fontSize: FONT.label },
      itemHeight: 160,
    },
    series: [{
      type: 'heatmap',
      name: AXIS_NAME.accuracy,
      data,
      label: { show: true, fontSize: FONT.label, formatter: (p: { value?: unknown }) => (p.value as number[])[2]!.toFixed(1) },
      itemStyle: { borderColor: ctx.colors.background === 'transparent' ? '#222' : '#ffffff', borderWidth: 1 },
      emphasis: { disabled: !ctx.interactive },
      silent: !ctx.interactive,
    }],
  } as EChartsOption;
}
