// The one order and the one palette of transformations, for every figure, table and report
// (and the Runs view's comparison): both come from the transformation registry
// (shared/transforms/index.ts: the paper's order; each definition's `color`, taken from
// TRANSFORM_PALETTE). They are kept apart from the group colours: blue means seen, vermillion
// unseen, green x + T(x), grey x only, in every figure, so no transformation wears them.
import { TRANSFORM_COLOR, TRANSFORM_IDS, type TransformId } from '../transforms/index';

export { TRANSFORM_COLOR };

/** Paper order: colour, convolutional, noise, geometric families, SPEC.md's table order within. */
export const TRANSFORM_ORDER: readonly TransformId[] = TRANSFORM_IDS;

export function byPaperOrder(a: TransformId, b: TransformId): number {
  return TRANSFORM_ORDER.indexOf(a) - TRANSFORM_ORDER.indexOf(b);
}

export function sortTransforms<T extends TransformId>(ts: Iterable<T>): T[] {
  return [...new Set(ts)].sort(byPaperOrder);
}
