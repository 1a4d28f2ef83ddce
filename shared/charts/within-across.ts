// Paper Fig. 2b/2c: within- (top row) and across-category (bottom row) accuracy against the
// number of seen-transformed categories, one line per transformation, one column per family.
import type { EChartsOption, LineSeriesOption } from 'echarts';
import type { SeriesPoint, WithinAcrossData } from '../figures';
import { TRANSFORM_FAMILY, type TransformFamily } from '../ids';
import {
  baseOption, categoryAxis, emptyOption, gridOption, legend, orderSeenCounts, panelGrid, panelTitles,
  seenTick, valueAxis, type BuildContext,
} from './common';
import { chanceMarkLine, whiskerSeries } from './intervals';
import { AXIS_NAME, FAMILY_LABEL, FAMILY_ORDER, TRANSFORM_COLOR, byPaperOrder, transformLabel, transformSymbol } from './style';
import { fmtTipPct, networksLine } from './tooltip';

/** The x categories shared by every panel: seen counts with their numeric x (all = classes). */
export function seenCategories(points: readonly SeriesPoint[]): { count: number | 'all'; label: string }[] {
  const xOf = new Map<number | 'all', number>();
  for (const p of points) xOf.set(p.seenCount, p.x);
  return orderSeenCounts([...xOf.keys()]).map((c) => ({ count: c, label: seenTick(c, xOf.get(c)) }));
}

export function withinAcrossOption(d: WithinAcrossData, ctx: BuildContext): EChartsOption {
  const series = d.series.filter((s) => [...s.within, ...s.across].some((p) => p.value !== null)).sort((a, b) => byPaperOrder(a.transform, b.transform));
  if (!series.length) return emptyOption(ctx, d.title, d.missing);
  const families = FAMILY_ORDER.filter((f) => series.some((s) => TRANSFORM_FAMILY[s.transform] === f));
  const cats = seenCategories(series.flatMap((s) => [...s.within, ...s.across]));
  const catIndex = new Map(cats.map((c, i) => [c.count, i]));
  const boxes = panelGrid(ctx, 2, families.length, { top: 100, left: 78, bottom: 62, vGap: 80 });
  const grids = gridOption(boxes);
  const xAxes = boxes.map((_, i) => categoryAxis(ctx, {
    gridIndex: i, data: cats.map((c) => c.label), name: AXIS_NAME.seenCount,
    showName: i >= families.length, nameGap: 30,
  }));
  const yAxes = boxes.map((_, i) => valueAxis(ctx, {
    gridIndex: i, min: 0, max: 100, interval: 20, nameGap: 44,
    name: i === 0 ? 'Within-category accuracy (%)' : i === families.length ? 'Across-category accuracy (%)' : '',
  }));
  const lines: LineSeriesOption[] = [];
  const chanceDrawn = new Set<number>();
  for (const s of series) {
    const col = families.indexOf(TRANSFORM_FAMILY[s.transform] as TransformFamily);
    (['within', 'across'] as const).forEach((kind, row) => {
      const grid = row * families.length + col;
      const whiskers = whiskerSeries(ctx, transformLabel(s.transform), TRANSFORM_COLOR[s.transform], s[kind], (p) => catIndex.get(p.seenCount)!, grid);
      if (whiskers) lines.push(whiskers);
      const chance = d.chance !== undefined && !chanceDrawn.has(grid) ? (chanceDrawn.add(grid), d.chance) : null;
      lines.push({
        ...(chance !== null ? { markLine: chanceMarkLine(ctx, chance) } : {}),
        type: 'line',
        name: transformLabel(s.transform),
        xAxisIndex: grid,
        yAxisIndex: grid,
        color: TRANSFORM_COLOR[s.transform],
        symbol: transformSymbol(s.transform),
        symbolSize: 8,
        showSymbol: true,
        showAllSymbol: true,
        connectNulls: false,
        lineStyle: { width: 2 },
        emphasis: { disabled: !ctx.interactive, focus: 'series' },
        silent: !ctx.interactive,
        data: [...s[kind]]
          .filter((p) => p.value !== null)
          .sort((a, b) => catIndex.get(a.seenCount)! - catIndex.get(b.seenCount)!)
          .map((p) => ({
            value: [catIndex.get(p.seenCount)!, p.value as number],
            seenCount: p.seenCount, transform: s.transform, kind, ...(p.jobId ? { jobId: p.jobId } : {}),
            tip: [
              `Trained with: ${transformLabel(s.transform)}`,
              `Seen-transformed categories: ${cats[catIndex.get(p.seenCount)!]!.label}`,
              `${kind === 'within' ? 'Within' : 'Across'}-category accuracy: ${fmtTipPct(p.value)}`,
              // One seed: the interval is the bootstrap over test images (shared/trust.ts), not over seeds.
              ...(p.low != null && p.high != null ? [`95% interval over ${(p.n ?? 1) >= 2 ? 'seeds' : 'test images (one seed)'}: ${fmtTipPct(p.low)} to ${fmtTipPct(p.high)}`] : []),
              ...networksLine(p.n),
            ],
          })),
      } as LineSeriesOption);
    });
    // Across with the choice restricted to the unseen categories, chance-corrected: dashed, beside plain across.
    const restricted = (s.restrictedAcross ?? []).filter((p) => p.value !== null);
    if (restricted.length) {
      const grid = families.length + col;
      lines.push({
        type: 'line', name: transformLabel(s.transform), xAxisIndex: grid, yAxisIndex: grid, color: TRANSFORM_COLOR[s.transform],
        symbol: 'emptyCircle', symbolSize: 6, showSymbol: true, showAllSymbol: true, lineStyle: { width: 1.5, type: 'dashed' },
        emphasis: { disabled: !ctx.interactive, focus: 'series' }, silent: !ctx.interactive,
        data: [...restricted].sort((a, b) => catIndex.get(a.seenCount)! - catIndex.get(b.seenCount)!).map((p) => ({
          value: [catIndex.get(p.seenCount)!, p.value as number], seenCount: p.seenCount, transform: s.transform, kind: 'restricted-across',
          ...(p.jobId ? { jobId: p.jobId } : {}),
          tip: [`Trained with: ${transformLabel(s.transform)}`, `Seen-transformed categories: ${cats[catIndex.get(p.seenCount)!]!.label}`,
            `Across among unseen categories only, chance-corrected: ${fmtTipPct(p.value)}`, ...networksLine(p.n)],
        })),
      } as LineSeriesOption);
    }
  }
  const anyRestricted = series.some((s) => s.restrictedAcross?.length);
  const anyBand = series.some((s) => [...s.within, ...s.across].some((p) => p.low !== undefined && p.low !== null));
  return {
    ...baseOption(ctx, d.title, ['Mean over seeds', anyBand ? 'bars: 95 % interval' : null, d.chance !== undefined ? 'dotted: chance' : null,
      anyRestricted ? 'dashed: across among unseen categories only, chance-corrected (0 = chance)' : null].filter(Boolean).join('; ')),
    legend: legend(ctx, series.map((s) => ({ name: transformLabel(s.transform), icon: transformSymbol(s.transform) })), 48),
    grid: grids,
    xAxis: xAxes,
    yAxis: yAxes,
    graphic: panelTitles(ctx, boxes.slice(0, families.length), families.map((f) => FAMILY_LABEL[f])),
    series: lines,
  } as EChartsOption;
}
