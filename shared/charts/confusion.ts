// Category x category confusion matrix (rows: true category, columns: predicted), for clean
// or transformed test images. Seen-transformed categories are marked in the seen colour.
import type { EChartsOption } from 'echarts';
import type { ConfusionData } from '../figures';
import { baseOption, categoryAxis, emptyOption, type BuildContext } from './common';
import { html } from './escape';
import { AXIS_NAME, FONT, GROUP_COLOR, transformLabel } from './style';

/** Single-hue blue ramp: ordered, colour-blind safe, zero stays (almost) white. */
export const COUNT_RAMP = ['#f7fbff', '#c6dbef', '#6baed6', '#2171b5', '#08306b'];
const LABELLED_MAX = 20;
const TICKS_MAX = 60;

export function confusionOption(d: ConfusionData, ctx: BuildContext): EChartsOption {
  const n = d.classes.length;
  if (!n || d.counts.length !== n) return emptyOption(ctx, d.title, d.missing.length ? d.missing : ['No confusion matrix stored for this network.']);
  const seen = new Set(d.seenCategories);
  const rowTotals = d.counts.map((r) => r.reduce((a, b) => a + b, 0));
  let max = 0;
  const data: { value: [number, number, number]; trueClass: number; predicted: number; count: number; jobId: string; share: number }[] = [];
  d.counts.forEach((row, t) => row.forEach((c, p) => {
    max = Math.max(max, c);
    data.push({ value: [p, t, c], trueClass: t, predicted: p, count: c, jobId: d.jobId, share: rowTotals[t] ? (100 * c) / rowTotals[t]! : 0 });
  }));
  const labelColor = (_: string, i: number) => (seen.has(i) ? GROUP_COLOR.seen : ctx.colors.text);
  const x = categoryAxis(ctx, { gridIndex: 0, name: AXIS_NAME.predicted, data: d.classes, rotate: 45, nameGap: 80 });
  const y = categoryAxis(ctx, { gridIndex: 0, name: AXIS_NAME.trueClass, data: d.classes, nameGap: 110 });
  const showTicks = n <= TICKS_MAX;
  const condition = d.condition === 'clean' ? 'clean test images' : `test images transformed with ${transformLabel(d.condition).toLowerCase()}`;
  return {
    ...baseOption(ctx, d.title, `${condition}; seen-transformed categories in blue`),
    tooltip: ctx.interactive
      ? {
          trigger: 'item', confine: true,
          formatter: (p: unknown) => {
            const it = (p as { data: (typeof data)[number] }).data;
            return html`True: ${d.classes[it.trueClass]}<br/>Predicted: ${d.classes[it.predicted]}<br/>${it.value[2]} images (${it.share.toFixed(1)}% of the category)`;
          },
        }
      : { show: false },
    grid: { left: 130, right: 110, top: 70, bottom: 110 },
    xAxis: { ...x, axisLabel: { ...x.axisLabel, show: showTicks, color: labelColor } },
    yAxis: { ...y, inverse: true, axisLabel: { ...y.axisLabel, show: showTicks, color: labelColor } },
    visualMap: {
      type: 'continuous', min: 0, max: Math.max(1, max), orient: 'vertical', right: 10, top: 'middle',
      text: [String(Math.max(1, max)), '0'], inRange: { color: COUNT_RAMP },
      textStyle: { color: ctx.colors.text, fontSize: FONT.label }, itemHeight: 160,
    },
    series: [{
      type: 'heatmap',
      name: 'Images',
      data,
      label: { show: n <= LABELLED_MAX, fontSize: FONT.label - 1, formatter: (p: { value?: unknown }) => String((p.value as number[])[2]) },
      emphasis: { disabled: !ctx.interactive },
      silent: !ctx.interactive,
    }],
  } as EChartsOption;
}
