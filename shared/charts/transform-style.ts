// The one order and the one palette of transformations, for every figure, table and report
// (and the Runs view's comparison). Kept apart from the group colours: blue means seen,
// vermillion unseen, green x + T(x), grey x only, in every figure, so no transformation
// wears them. When the transformation registry carries colour and order, this module reads
// them from it; until then it is the single place they are written.
import { TRANSFORM_FAMILY, TRANSFORM_IDS, type TransformId } from '../ids';

/** Paper order: colour, convolutional, noise, geometric families, SPEC.md's table order within. */
export const TRANSFORM_ORDER: readonly TransformId[] = TRANSFORM_IDS;

/**
 * Twelve colours, none of them a group colour (seen #0072B2, unseen #D55E00, all #009E73,
 * none #999999). Paul Tol's "muted" scheme (colour-blind safe) plus Okabe-Ito orange and two
 * darker tones; colours differ within a family, and the marker shape encodes the family.
 */
export const TRANSFORM_COLOR: Record<TransformId, string> = {
  grayscale: '#882255', hue180: '#DDAA33',
  blur: '#332288', highpass: '#44AA99', hfilter: '#CC6677', vfilter: '#999933', invert: '#AA4499',
  noise: '#88CCEE', saltpepper: '#117733',
  rot90: '#E69F00', rot180: '#661100', thin: '#6F6FA8',
};

export function byPaperOrder(a: TransformId, b: TransformId): number {
  return TRANSFORM_ORDER.indexOf(a) - TRANSFORM_ORDER.indexOf(b);
}

export function sortTransforms<T extends TransformId>(ts: Iterable<T>): T[] {
  return [...new Set(ts)].sort(byPaperOrder);
}

export { TRANSFORM_FAMILY };
