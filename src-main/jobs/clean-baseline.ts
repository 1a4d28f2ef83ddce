// The clean network is the seen-count-0 point of every transformation's within/across curve:
// no category is seen transformed, so within is undefined (null) and across is its accuracy
// on transformed test images of all categories.
import type { TransformId } from '../../shared/ids';
import type { NetworkEvaluation, Quadrants } from '../../shared/results';

/** With no seen category every prediction falls in an unseen category. */
export const NO_SEEN_QUADRANTS: Quadrants = { seenAsSeen: null, seenAsUnseen: null, unseenAsSeen: 0, unseenAsUnseen: 100 };

export function cleanBaselineFor(clean: NetworkEvaluation, transform: TransformId, transformedAccuracy: number): NetworkEvaluation {
  return {
    ...clean,
    transform,
    seenCount: 0,
    seenCategories: [],
    within: null,
    across: transformedAccuracy,
    transformedAccuracy,
    byTransform: { ...clean.byTransform, [transform]: transformedAccuracy },
    quadrants: NO_SEEN_QUADRANTS,
  };
}
