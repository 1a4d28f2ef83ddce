// The clean network is the seen-count-0 point of every transformation's within/across curve:
// no category is seen transformed, so within is undefined (null) and across is its accuracy
// on transformed test images of all categories.
import type { TransformId } from '../../shared/ids';
import type { NetworkEvaluation, Quadrants } from '../../shared/results';

/** With no seen category every prediction falls in an unseen category. */
export const NO_SEEN_QUADRANTS: Quadrants = { seenAsSeen: null, seenAsUnseen: null, unseenAsSeen: 0, unseenAsUnseen: 100 };

/**
 * With no seen category the choice restricted to the unseen ones is the choice among all
 * `classes`: restricted across equals plain across, at chance 1 / classes.
 */
export function cleanBaselineFor(clean: NetworkEvaluation, transform: TransformId, transformedAccuracy: number, classes?: number): NetworkEvaluation {
  const images = clean.testImages?.all;
  const across = classes && classes > 1 && images
    ? { accuracy: transformedAccuracy, chance: 1 / classes, corrected: (transformedAccuracy - 1 / classes) / (1 - 1 / classes), categories: classes, images }
    : null;
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
    restricted: { within: null, across },
    ...(images ? { testImages: { seen: 0, unseen: images, all: images } } : {}),
  };
}
