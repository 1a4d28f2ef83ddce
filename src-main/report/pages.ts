// Figures laid out for print. A figure drawn at its screen size and shrunk onto an A4 page
// printed its text at ~4 pt (tall ones: confusion, quadrants, invariance by seen count,
// layer-wise). Here each figure is drawn for the page instead: at the page's width, at most
// the page's height, and one that is taller than a page in its transformations' rows is split
// into several pages, so its 12 px text prints at about 9 pt.
import type { FigureData, InvarianceBySeenData, LayerwiseData, QuadrantsData } from '../../shared/figures';
import type { TransformId } from '../../shared/ids';
import { buildChartOption, chartSize, type Theme } from '../../shared/charts';
import { sortTransforms } from '../../shared/charts/transform-style';
import { renderSvg } from './render';

/** A4 landscape with 10 mm margins, in CSS pixels (96 per inch). */
export const PRINT_PAGE = { width: Math.floor(((297 - 20) / 25.4) * 96), height: Math.floor(((210 - 20) / 25.4) * 96) };
/** Room a figure page leaves for its heading. */
export const FIGURE_HEADING_PX = 44;
/** The smallest text a printed figure may have (points): 12 px axis labels at scale >= 0.78. */
export const MIN_PRINT_PT = 7;

export interface PrintPage { svg: string; width: number; height: number; part: number; parts: number }

function chunk<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/** How many transformations' rows fit one page, for the figures drawn a row per transformation. */
function rowsPerPage(data: FigureData, maxH: number): number {
  const one = (t: number) => {
    switch (data.figure) {
      case 'layerwise': return 200 + 260 * t;
      case 'invariance-by-seen': return 170 + 300 * Math.ceil(t / 2);
      case 'confusion-quadrants': return 170 + 150 * t;
      default: return 0;
    }
  };
  let k = 1;
  while (k < 12 && one(k + 1) <= maxH) k++;
  return data.figure === 'invariance-by-seen' ? Math.max(1, k - (k % 2)) : k;
}

/** The figure split by transformation where a page cannot hold all of its rows. */
export function splitForPrint(data: FigureData, maxH = PRINT_PAGE.height - FIGURE_HEADING_PX): FigureData[] {
  if (chartSize(data).height <= maxH) return [data];
  const take = <D extends LayerwiseData | InvarianceBySeenData | QuadrantsData>(d: D, items: { transform: TransformId }[], key: 'series' | 'groups' | 'rows'): D[] => {
    const parts = chunk(sortTransforms(items.map((x) => x.transform)), rowsPerPage(d, maxH));
    return parts.length <= 1 ? [d] : parts.map((ts) => ({ ...d, [key]: items.filter((x) => ts.includes(x.transform)) }));
  };
  switch (data.figure) {
    case 'layerwise': return take(data, data.series, 'series');
    case 'invariance-by-seen': return take(data, data.groups, 'groups');
    case 'confusion-quadrants': return take(data, data.rows, 'rows');
    default: return [data];
  }
}

/** Every page of a figure: drawn at the printable width, no taller than the page. */
export function printPages(data: FigureData, theme: Theme): PrintPage[] {
  const parts = splitForPrint(data);
  const maxH = PRINT_PAGE.height - FIGURE_HEADING_PX;
  return parts.map((p, i) => {
    const width = PRINT_PAGE.width;
    const height = Math.min(maxH, chartSize(p).height);
    const svg = renderSvg(buildChartOption(p, { theme, interactive: false, width, height }), width, height);
    return { svg, width, height, part: i + 1, parts: parts.length };
  });
}
