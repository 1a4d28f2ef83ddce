// Ids used everywhere: CLI, database, UI and reports (SPEC.md sections 2, 5, 7).

// Transformations: ids, families, labels and which are calibrated all come from the one
// registry (shared/transforms/index.ts); re-exported here for the many readers of ids.
export {
  TRANSFORM_IDS, TRANSFORM_FAMILY, TRANSFORM_LABEL, CALIBRATED_TRANSFORMS, isTransformId,
  type TransformId, type TransformFamily, type CalibratedId,
} from './transforms/index';

// Networks: the one list is shared/networks.ts.
export { NETWORK_IDS, type NetworkId } from './networks';

export const FIGURE_IDS = [
  'acc-matrix', 'within-across', 'confusion', 'confusion-quadrants', 'active-neurons',
  'invariance-baseline', 'invariance-by-seen', 'invariance-trend', 'invariance-vs-accuracy',
  'ablation', 'layerwise',
] as const;
export type FigureId = (typeof FIGURE_IDS)[number];


export const BACKEND_IDS = ['tensorflow', 'native', 'wasm', 'cpu'] as const;
export type BackendId = (typeof BACKEND_IDS)[number];

/** A seen count is a number of categories or 'all'. */
export type SeenCount = number | 'all';
