// Data behind each figure of SPEC.md section 7: what src-main assembles from the store and
// what the chart builders in shared/charts turn into ECharts options (app and reports alike).
// Units (shared/figure-defs/): accuracies and quadrant shares are percentages (0-100), as
// drawn; invariance coefficients are in [0, 1].
import type { FigureId, SeenCount, TransformId } from './ids';

export interface FigureBase<F extends string = FigureId> {
  figure: F;
  experimentId: string;
  title: string;
  /** Why parts are missing (e.g. analysis not run yet). Empty when complete. */
  missing: string[];
}

export interface AccMatrixData extends FigureBase<'acc-matrix'> {
  trainedWith: TransformId[];
  testedOn: ('clean' | TransformId)[];
  /** accuracy[i][j]: network trained with trainedWith[i] on all categories, tested on testedOn[j]. */
  accuracy: (number | null)[][];
  /** Added (report/figures): the network trained on x only (seen count 0), tested on testedOn[j]. */
  cleanRow?: (number | null)[];
}

export interface SeriesPoint {
  seenCount: SeenCount; x: number; value: number | null; jobId?: string;
  /** Added (issue 14): the 95 % interval of the mean over seeds (shared/trust.ts) and its n. */
  low?: number | null; high?: number | null; n?: number;
}

export interface WithinAcrossData extends FigureBase<'within-across'> {
  /** One line per transformation, averaged over seeds. */
  series: {
    transform: TransformId; family: string; within: SeriesPoint[]; across: SeriesPoint[];
    /** Added (issue 14): across with the choice restricted to the unseen categories, chance-corrected (%; 0 = chance). */
    restrictedAcross?: SeriesPoint[];
  }[];
  /** Added (issue 14): chance of the plain accuracies, 100 / categories (%). */
  chance?: number;
  /** Added (issue 14): one sentence per number that cannot be read as the paper's measure. */
  notes?: string[];
}

export interface ConfusionData extends FigureBase<'confusion'> {
  jobId: string;
  condition: 'clean' | TransformId;
  classes: string[];
  counts: number[][];
  seenCategories: number[];
}

export interface QuadrantsData extends FigureBase<'confusion-quadrants'> {
  rows: {
    transform: TransformId; seenCount: SeenCount; jobId: string;
    seenAsSeen: number | null; seenAsUnseen: number | null; unseenAsSeen: number | null; unseenAsUnseen: number | null;
  }[];
}

export interface Distribution { label: string; values: number[]; jobId?: string; group?: string }

export interface ActiveNeuronsData extends FigureBase<'active-neurons'> {
  perImage: Distribution[];
  perNeuron: Distribution[];
}

export interface InvarianceBaselineData extends FigureBase<'invariance-baseline'> {
  /** Per transformation: I_k of the network trained on x + T(x) (all) and on x only (0). */
  groups: { transform: TransformId; all: Distribution; none: Distribution }[];
}

export interface InvarianceBySeenData extends FigureBase<'invariance-by-seen'> {
  groups: { transform: TransformId; seenCount: SeenCount; seen: Distribution | null; unseen: Distribution | null }[];
}

export interface InvarianceTrendData extends FigureBase<'invariance-trend'> {
  series: { transform: TransformId; points: SeriesPoint[] }[];
  /** Added (issue 14): networks left out because their clean accuracy is not clearly above chance. */
  excludedAtChance?: number;
}

export interface InvarianceVsAccuracyData extends FigureBase<'invariance-vs-accuracy'> {
  panels: {
    against: 'within' | 'across';
    points: { transform: TransformId; seenCount: SeenCount; invariance: number; accuracy: number; jobId: string }[];
    r: number | null; low: number | null; high: number | null; n: number;
  }[];
  /** Added (issue 14): analysed networks left out because their clean accuracy is not clearly above chance. */
  excludedAtChance?: number;
}

export interface AblationData extends FigureBase<'ablation'> {
  jobId: string;
  tau: number;
  points: { tau: number; inactiveClean: number; inactiveTransformed: number; activeClean: number; activeTransformed: number }[];
}

export interface LayerwiseData extends FigureBase<'layerwise'> {
  series: { transform: TransformId; seenCount: SeenCount; layers: { layer: string; all: number | null; seen: number | null; unseen: number | null }[] }[];
}

/** The data of any registered figure: derived from the registry (each definition's data type). */
export type { FigureData } from './figure-defs/index';
