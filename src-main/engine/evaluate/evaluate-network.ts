// The test-set evaluation of a kept network (SPEC.md section 3): clean, within (transformed,
// seen categories), across (transformed, unseen categories), every evaluation transformation
// on all categories (accuracy-matrix row), confusion matrices and seen/unseen quadrants.
import type { ConfusionMatrix, NetworkEvaluation } from '../../../shared/results';
import type { TransformId } from '../../../shared/ids';
import type { Network } from '../models/index';
import type { ImageSplit, ResolvedTransform } from '../types';
import type { ImageGeometry } from '../train/batches';
import { confusionAndRestricted, TEST_TRANSFORM_SEED } from './predict';
import { accuracyOf, imagesOf, quadrants, restrictedAccuracy, unseenOf } from './metrics';

export interface EvaluateOptions {
  /** The transformation the network was trained with (null: clean network). */
  transform: ResolvedTransform | null;
  seenCategories: number[];
  evalTransforms: ResolvedTransform[];
  seed?: number;
  /** Called after each condition is evaluated (for progress). */
  onCondition?: (condition: 'clean' | TransformId, done: number, total: number) => void;
}

export type TestEvaluation = Pick<NetworkEvaluation,
  'cleanAccuracy' | 'cleanSeen' | 'cleanUnseen' | 'within' | 'across' | 'transformedAccuracy' | 'byTransform' | 'quadrants'
  | 'restricted' | 'testImages'>;

export interface EvaluateResult {
  evaluation: TestEvaluation;
  /** Clean first, then every transformation tested on (the trained one and evalTransforms), once each. */
  confusions: Omit<ConfusionMatrix, 'jobId'>[];
}

export function evaluateNetwork(net: Network, test: ImageSplit, g: ImageGeometry, opts: EvaluateOptions): EvaluateResult {
  const classes = net.options.classes;
  const seen = [...new Set(opts.seenCategories)].sort((a, b) => a - b);
  const unseen = unseenOf(classes, seen);
  const seed = opts.seed ?? TEST_TRANSFORM_SEED;

  const conditions: ('clean' | ResolvedTransform)[] = ['clean'];
  const byId = new Map<TransformId, ResolvedTransform>();
  for (const t of [...(opts.transform ? [opts.transform] : []), ...opts.evalTransforms]) {
    const prev = byId.get(t.id);
    if (prev) {
      if (JSON.stringify(prev.params) !== JSON.stringify(t.params)) {
        throw new Error(`evaluation: transformation ${t.id} given twice with different parameters`);
      }
      continue;
    }
    byId.set(t.id, t);
    conditions.push(t);
  }

  const confusions: Omit<ConfusionMatrix, 'jobId'>[] = [];
  let tallies: { correct: number; total: number }[] = [];
  conditions.forEach((c, i) => {
    // On the trained transformation, also the choice restricted to the seen / unseen categories.
    const isTrained = c !== 'clean' && opts.transform !== null && c.id === opts.transform.id;
    const { counts, restricted } = confusionAndRestricted(net, test, g, {
      transform: c === 'clean' ? null : c, seed, ...(isTrained ? { subsets: [seen, unseen] } : {}),
    });
    if (isTrained) tallies = restricted;
    const condition = c === 'clean' ? 'clean' as const : c.id;
    confusions.push({ condition, counts });
    opts.onCondition?.(condition, i + 1, conditions.length);
  });

  const clean = confusions[0]!.counts;
  const byTransform: Partial<Record<TransformId, number>> = {};
  for (const c of confusions.slice(1)) byTransform[c.condition as TransformId] = accuracyOf(c.counts) ?? 0;
  const trained = opts.transform ? confusions.find((c) => c.condition === opts.transform!.id)!.counts : null;

  return {
    evaluation: {
      cleanAccuracy: accuracyOf(clean) ?? 0,
      cleanSeen: seen.length > 0 ? accuracyOf(clean, seen) : null,
      cleanUnseen: unseen.length > 0 ? accuracyOf(clean, unseen) : null,
      within: trained && seen.length > 0 ? accuracyOf(trained, seen) : null,
      across: trained && unseen.length > 0 ? accuracyOf(trained, unseen) : null,
      transformedAccuracy: trained ? accuracyOf(trained) : null,
      byTransform,
      quadrants: trained ? quadrants(trained, seen) : null,
      restricted: {
        within: trained && seen.length > 0 ? restrictedAccuracy(tallies[0]!, seen.length) : null,
        across: trained && unseen.length > 0 ? restrictedAccuracy(tallies[1]!, unseen.length) : null,
      },
      testImages: { seen: imagesOf(clean, seen), unseen: imagesOf(clean, unseen), all: test.count },
    },
    confusions,
  };
}
