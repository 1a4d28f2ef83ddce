// The shape of one figure of SPEC.md section 7: what the Results view, the report exporter, the
// CLI and the service need to know about it, in one file per figure
// (`shared/figure-defs/<id>.ts`), registered by one line in `./index.ts`.
import type { EChartsOption } from 'echarts';
import type { FigureOptions } from '../contract';
import type { FigureBase, FigureData } from '../figures';
import type { makeContext } from '../charts/common';
import type { FigureTable } from '../charts/table';
import type { FigureBlobs, Results } from './results';

export type ChartContext = ReturnType<typeof makeContext>;

export interface FigureDef<D extends FigureBase<string> = FigureData> {
  /** Its id, the literal of its data type's `figure` (the registry derives FigureId from it). */
  id: D['figure'];
  /** Where the paper shows it ('' when it is the app's own). */
  paperFigure: string;
  /** Full title: the chart, the report's contents, tooltips. */
  title: string;
  /** Short label of its tab in the Results view. */
  tab: string;
  /** The Results view offers a transformation filter (FigureOptions.transform). */
  transformFilter: boolean;
  /** Which stored results it reads, in words (docs, the report's "missing" section). */
  needs: string;
  /** Why it cannot be drawn from the stored results at all (null: it can); blobs are not read. */
  supported(r: Results): string | null;
  /** The data behind it; what is not stored yet goes to `missing`, never thrown. */
  assemble(r: Results, blobs: FigureBlobs, options: FigureOptions): D;
  /** The ECharts option (app and reports alike). */
  build(data: D, ctx: ChartContext): EChartsOption;
  /**
   * The numbers behind it as a tidy table (one observation a row): the CSV export, the report's
   * tables and the app's "show data". Distributions: every value, or a summary per violin.
   */
  table(data: D, mode: 'values' | 'summary'): FigureTable;
  /** Pixel size that keeps its panels readable; default 900 x 520. */
  size?(data: D): { width: number; height: number };
}

/** `export default defineFigure<YourData>({ id, ... })`, YourData extending FigureBase<'your-id'>. */
export function defineFigure<D extends FigureBase<string>>(def: FigureDef<D>): FigureDef<D> {
  return def;
}
