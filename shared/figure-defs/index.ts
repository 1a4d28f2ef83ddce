// The figure registry: the ONE list of the figures of SPEC.md section 7, in the order of the
// Results view's tabs and of reports. Adding a figure = write `shared/figure-defs/<id>.ts` (its
// data type and its definition; see define.ts and any neighbour) + one line below: the ids
// (FIGURE_IDS, FigureId) and the FigureData union are derived from this list. The service, the
// contract's schemas, the report exporter, the chart entry point, the CLI and the Results view read it.
import type { FigureOptions } from '../contract';
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

export const FIGURES = [
  accMatrix, withinAcross, confusion, confusionQuadrants, activeNeurons,
  invarianceBaseline, invarianceBySeen, invarianceTrend, invarianceVsAccuracy, ablation, layerwise,
] as const;

type Registered = (typeof FIGURES)[number];
export type FigureId = Registered['id'];
/** The data of any registered figure (each definition's own data type). */
export type FigureData = Registered extends infer F ? (F extends FigureDef<infer D> ? D : never) : never;
export const FIGURE_IDS = FIGURES.map((f) => f.id) as unknown as readonly [FigureId, ...FigureId[]];

/** Titles by id, for the many places that print one. */
export const FIGURE_TITLE = Object.fromEntries(FIGURES.map((f) => [f.id, f.title])) as Record<FigureId, string>;

const BY_ID = new Map<string, FigureDef>(FIGURES.map((f) => [f.id, f as unknown as FigureDef]));
if (BY_ID.size !== FIGURES.length) throw new Error(`internal: two registered figures share an id (${FIGURE_IDS.join(', ')})`);

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
