// Ids used everywhere: CLI, database, UI and reports (SPEC.md sections 2, 5, 7).

// Transformations: ids, families, labels and which are calibrated all come from the one
// registry (shared/transforms/index.ts); re-exported here for the many readers of ids.
export {
  TRANSFORM_IDS, TRANSFORM_FAMILY, TRANSFORM_LABEL, CALIBRATED_TRANSFORMS, isTransformId,
  type TransformId, type TransformFamily, type CalibratedId,
} from './transforms/index';

// Networks: the one list is shared/networks.ts.
export { NETWORK_IDS, type NetworkId } from './networks';

// Figures: the one list is shared/figure-defs/index.ts (FIGURES, FIGURE_IDS); only the type here,
// because the figure definitions themselves import this file.
export type { FigureId } from './figure-defs/index';


export const BACKEND_IDS = ['tensorflow', 'native', 'wasm', 'cpu'] as const;
export type BackendId = (typeof BACKEND_IDS)[number];

/** A seen count is a number of categories or 'all'. */
export type SeenCount = number | 'all';
