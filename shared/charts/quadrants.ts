// Paper Fig. 6: for each transformation (row) and seen count (column), a 2x2 table: of the
// transformed test images of seen (unseen) categories, the share predicted as some seen
// (unseen) category.
import type { EChartsOption, HeatmapSeriesOption } from 'echarts';
import type { QuadrantsData } from '../figures';
import { baseOption, categoryAxis, emptyOption, gridOption, orderSeenCounts, panelGrid, panelTitles, seenTick, type BuildContext } from './common';
import { ACCURACY_RAMP } from './acc-matrix';
import { FONT, byPaperOrder, transformLabel } from './style';
import { fmtTipPct } from './tooltip';

export function quadrantsOption(d: QuadrantsData, ctx: BuildContext): EChartsOption {
  const rows = d.rows.filter((r) => [r.seenAsSeen, r.seenAsUnseen, r.unseenAsSeen, r.unseenAsUnseen].some((v) => v !== null));
  if (!rows.length) return emptyOption(ctx, d.title, d.missing);
  const transforms = [...new Set(rows.map((r) => r.transform))].sort(byPaperOrder);
  const counts = orderSeenCounts(rows.map((r) => r.seenCount));
  const boxes = panelGrid(ctx, transforms.length, counts.length, { top: 90, left: 150, bottom: 60, hGap: 24, vGap: 34, right: 100 });
  const series: HeatmapSeriesOption[] = [];
  const xAxis = [], yAxis = [];
  for (let ti = 0; ti < transforms.length; ti++) {
    for (let ci = 0; ci < counts.length; ci++) {
      const g = ti * counts.length + ci;
      const lastRow = ti === transforms.length - 1;
      const x = categoryAxis(ctx, { gridIndex: g, data: ['Seen', 'Unseen'], name: 'Predicted as', showName: lastRow, nameGap: 26 });
      const y = categoryAxis(ctx, {
        gridIndex: g, data: ['Seen', 'Unseen'], nameGap: 52,
        name: ci === 0 ? transformLabel(transforms[ti]!) : '', showName: ci === 0,
      });
      xAxis.push({ ...x, axisLabel: { ...x.axisLabel, show: lastRow } });
      yAxis.push({ ...y, inverse: true, axisLabel: { ...y.axisLabel, show: ci === 0 } });
      const r = rows.find((q) => q.transform === transforms[ti] && q.seenCount === counts[ci]);
      const cells: [number, number, number | null][] = r
        ? [[0, 0, r.seenAsSeen], [1, 0, r.seenAsUnseen], [0, 1, r.unseenAsSeen], [1, 1, r.unseenAsUnseen]]
        : [];
      series.push({
        type: 'heatmap',
        name: `${transformLabel(transforms[ti]!)}, ${seenTick(counts[ci]!)} seen`,
        xAxisIndex: g,
        yAxisIndex: g,
        data: cells.filter((c) => c[2] !== null).map((c) => ({
          value: [c[0], c[1], Math.round((c[2] as number) * 10) / 10],
          jobId: r!.jobId, label: { color: (c[2] as number) > 60 ? '#000000' : '#ffffff' },
          tip: [`Trained with: ${transformLabel(transforms[ti]!)}`, `Seen-transformed categories: ${seenTick(counts[ci]!)}`,
            `${c[1] === 0 ? 'Seen' : 'Unseen'}-transformed categories' images predicted as ${c[0] === 0 ? 'seen' : 'unseen'}: ${fmtTipPct(c[2])}`],
        })),
        label: { show: true, fontSize: FONT.label, formatter: (p: { value?: unknown }) => `${(p.value as number[])[2]!.toFixed(1)}%` },
        itemStyle: { borderColor: '#ffffff', borderWidth: 1 },
        emphasis: { disabled: !ctx.interactive },
        silent: !ctx.interactive,
      } as HeatmapSeriesOption);
    }
  }
  return {
    ...baseOption(ctx, d.title, 'Rows: true category of transformed test images (seen / unseen-transformed); % of those images'),
    grid: gridOption(boxes),
    xAxis, yAxis,
    graphic: panelTitles(ctx, boxes.slice(0, counts.length), counts.map((c) => `${seenTick(c)} seen-transformed`)),
    visualMap: {
      type: 'continuous', min: 0, max: 100, orient: 'vertical', right: 10, top: 'middle', seriesIndex: series.map((_, i) => i),
      text: ['100%', '0%'], inRange: { color: ACCURACY_RAMP }, textStyle: { color: ctx.colors.text, fontSize: FONT.label }, itemHeight: 140,
    },
    series,
  } as EChartsOption;
}
