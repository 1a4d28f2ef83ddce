// Pieces every figure builder shares: the option skeleton, axes and small-multiple grids.
import type { EChartsOption } from 'echarts';
import { FONT, FONT_FAMILY, PALETTE, themeColors, type Theme, type ThemeColors } from './style';
import { tipFormatter } from './tooltip';

export interface ChartOptions {
  theme: Theme;
  /** The app: tooltips, hover emphasis. Reports (static SVG): none. */
  interactive?: boolean;
  width?: number;
  height?: number;
}

/** Everything a builder needs besides its data. */
export interface BuildContext {
  theme: Theme;
  colors: ThemeColors;
  interactive: boolean;
  width: number;
  height: number;
}

export function makeContext(opts: ChartOptions, size: { width: number; height: number }): BuildContext {
  return {
    theme: opts.theme,
    colors: themeColors(opts.theme),
    interactive: opts.interactive ?? false,
    width: opts.width ?? size.width,
    height: opts.height ?? size.height,
  };
}

/** Option skeleton: theme colours, fonts, title, no animation in static renders. */
export function baseOption(ctx: BuildContext, title: string, subtitle?: string): EChartsOption {
  return {
    backgroundColor: ctx.colors.background,
    color: [...PALETTE],
    animation: ctx.interactive,
    textStyle: { fontFamily: FONT_FAMILY, color: ctx.colors.text, fontSize: FONT.axisLabel },
    title: {
      text: title,
      subtext: subtitle ?? '',
      left: 'center',
      top: 6,
      textStyle: { fontSize: FONT.title, fontWeight: 'bold', color: ctx.colors.text, fontFamily: FONT_FAMILY },
      subtextStyle: { fontSize: FONT.label, color: ctx.colors.subtleText, fontFamily: FONT_FAMILY },
    },
    tooltip: ctx.interactive ? { trigger: 'item', confine: true, formatter: tipFormatter } : { show: false },
  };
}

export function legend(ctx: BuildContext, data: { name: string; icon?: string; itemStyle?: { color: string } }[], top: number): EChartsOption['legend'] {
  return {
    data: data.map((d) => ({ name: d.name, ...(d.icon ? { icon: d.icon } : {}), ...(d.itemStyle ? { itemStyle: d.itemStyle } : {}) })),
    top,
    left: 'center',
    type: ctx.interactive ? 'scroll' : 'plain',
    selectedMode: ctx.interactive,
    textStyle: { fontSize: FONT.legend, color: ctx.colors.text, fontFamily: FONT_FAMILY },
    itemWidth: 18,
    itemHeight: 10,
  };
}

interface AxisArgs {
  name?: string;
  gridIndex: number;
  nameGap?: number;
  showName?: boolean;
}

function axisCommon(ctx: BuildContext, a: AxisArgs) {
  return {
    gridIndex: a.gridIndex,
    name: a.showName === false ? '' : a.name ?? '',
    nameLocation: 'middle' as const,
    nameGap: a.nameGap ?? 28,
    nameTextStyle: { fontSize: FONT.axisName, color: ctx.colors.text, fontFamily: FONT_FAMILY },
    axisLine: { show: true, lineStyle: { color: ctx.colors.axis } },
    axisTick: { show: true, lineStyle: { color: ctx.colors.axis } },
    axisLabel: { fontSize: FONT.axisLabel, color: ctx.colors.text, fontFamily: FONT_FAMILY },
    splitLine: { show: true, lineStyle: { color: ctx.colors.grid } },
  };
}

export function valueAxis(ctx: BuildContext, a: AxisArgs & { min?: number; max?: number; interval?: number }) {
  return {
    type: 'value' as const,
    ...axisCommon(ctx, a),
    ...(a.min !== undefined ? { min: a.min } : {}),
    ...(a.max !== undefined ? { max: a.max } : {}),
    ...(a.interval !== undefined ? { interval: a.interval } : {}),
  };
}

export function categoryAxis(ctx: BuildContext, a: AxisArgs & { data: string[]; rotate?: number; boundaryGap?: boolean }) {
  const c = axisCommon(ctx, a);
  return {
    type: 'category' as const,
    ...c,
    data: a.data,
    boundaryGap: a.boundaryGap ?? true,
    axisLabel: { ...c.axisLabel, interval: 0, rotate: a.rotate ?? 0, hideOverlap: false },
    splitLine: { show: false },
  };
}

export interface GridBox { left: number; top: number; width: number; height: number }

/**
 * Small multiples: `rows` x `cols` panels filling the area below `top`, in pixels, leaving
 * room for axis names and labels on the left and at the bottom of each panel.
 */
export function panelGrid(ctx: BuildContext, rows: number, cols: number, m: { top: number; bottom?: number; left?: number; right?: number; hGap?: number; vGap?: number }): GridBox[] {
  const left = m.left ?? 70, right = m.right ?? 20, bottom = m.bottom ?? 56;
  const hGap = m.hGap ?? 60, vGap = m.vGap ?? 70;
  const w = Math.max(40, (ctx.width - left - right - hGap * (cols - 1)) / cols);
  const h = Math.max(40, (ctx.height - m.top - bottom - vGap * (rows - 1)) / rows);
  const boxes: GridBox[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      boxes.push({ left: left + c * (w + hGap), top: m.top + r * (h + vGap), width: w, height: h });
    }
  }
  return boxes;
}

export function gridOption(boxes: GridBox[]) {
  return boxes.map((b) => ({ left: b.left, top: b.top, width: b.width, height: b.height, containLabel: false }));
}

/** Panel headings drawn as free text above each grid. */
export function panelTitles(ctx: BuildContext, boxes: GridBox[], texts: string[]) {
  return texts.map((text, i) => ({
    type: 'text' as const,
    // x/y place the text's anchor (centred by `align`); left/top would place its left edge.
    x: boxes[i]!.left + boxes[i]!.width / 2,
    y: boxes[i]!.top - 22,
    style: {
      text,
      fill: ctx.colors.text,
      font: `bold ${FONT.axisName}px ${FONT_FAMILY}`,
      align: 'center' as const,
      verticalAlign: 'top' as const,
    },
  }));
}

/** A message in place of a figure whose data is missing. */
export function emptyOption(ctx: BuildContext, title: string, reasons: string[]): EChartsOption {
  return {
    ...baseOption(ctx, title),
    graphic: [{
      type: 'text',
      left: 'center',
      top: 'middle',
      style: {
        text: reasons.length ? reasons.join('\n') : 'No data for this figure yet.',
        fill: ctx.colors.subtleText,
        font: `${FONT.axisName}px ${FONT_FAMILY}`,
        align: 'center' as const,
        width: ctx.width - 80,
        overflow: 'break' as const,
      },
    }],
  };
}

/** Mean of the finite numbers, null when there are none. */
export function mean(xs: readonly (number | null | undefined)[]): number | null {
  let s = 0, n = 0;
  for (const x of xs) if (x !== null && x !== undefined && Number.isFinite(x)) { s += x; n++; }
  return n ? s / n : null;
}

/** Seen counts in axis order: numbers ascending, 'all' last, no duplicates. */
export function orderSeenCounts(counts: readonly (number | 'all')[]): (number | 'all')[] {
  const nums = [...new Set(counts.filter((c): c is number => c !== 'all'))].sort((a, b) => a - b);
  return counts.includes('all') ? [...nums, 'all'] : nums;
}

/** Axis label of a seen count; `x` (the number of classes for 'all') when known. */
export function seenTick(c: number | 'all', x?: number): string {
  return c === 'all' ? (x !== undefined ? `All (${x})` : 'All') : String(c);
}
