// The figure registry: the ONE list of the figures of SPEC.md section 7, in the order of the
// Results view's tabs and of reports. Adding a figure = write `shared/figure-defs/<id>.ts` (see
// define.ts and any neighbour), its data type in shared/figures.ts and its id in
// shared/ids.ts's FIGURE_IDS, + one line below. The service, the report exporter, the chart
// entry point, the CLI and the Results view read it.
import type { FigureOptions } from '../contract';
import type { FigureData } from '../figures';
import { FIGURE_IDS, type FigureId } from '../ids';
import type { ExperimentDetail } from '../results';
import type { FigureDef } from './define';
import { Results, type FigureBlobs, type FigureSupport } from './results';
import accMatrix from './acc-matrix';
import withinAcross from './within-across';
import confusion from './confusion';
import confusionQuadrants from './confusion-quadrants';
import activeNeurons from './active-neurons';
import invarianceBaseline from './invariance-baseline';
import invarianceBySeen from './invariance-by-seen';
import invarianceTrend from './invariance-trend';
import invarianceVsAccuracy from './invariance-vs-accuracy';
import ablation from './ablation';
import layerwise from './layerwise';

export const FIGURES: readonly FigureDef[] = [
  accMatrix, withinAcross, confusion, confusionQuadrants, activeNeurons,
  invarianceBaseline, invarianceBySeen, invarianceTrend, invarianceVsAccuracy, ablation, layerwise,
] as FigureDef[];

/** Titles by id, for the many places that print one. */
export const FIGURE_TITLE = Object.fromEntries(FIGURES.map((f) => [f.id, f.title])) as Record<FigureId, string>;

const BY_ID = new Map<string, FigureDef>(FIGURES.map((f) => [f.id, f]));

/** The definition of `id`; an id nobody registered throws, naming the registered ones. */
export function figureDef(id: string): FigureDef {
  const f = BY_ID.get(id);
  if (!f) throw new Error(`unknown figure "${id}"; figures: ${FIGURES.map((x) => x.id).join(', ')}`);
  return f;
}

/** The data behind one figure; what is not stored yet is listed in `missing`, never thrown. */
export function buildFigureData(detail: ExperimentDetail, blobs: FigureBlobs, figure: FigureId, options: FigureOptions = {}): FigureData {
  return figureDef(figure).assemble(new Results(detail), blobs, options);
}

/** Whether each figure can be drawn at all from the stored results (array blobs not consulted). */
export function supportedFigures(detail: ExperimentDetail): FigureSupport[] {
  const r = new Results(detail);
  return FIGURE_IDS.map((figure) => {
    const reason = figureDef(figure).supported(r);
    return reason === null ? { figure, supported: true } : { figure, supported: false, reason };
  });
}

export type { ChartContext, FigureDef } from './define';
export type { FigureBlobs, FigureSupport } from './results';
