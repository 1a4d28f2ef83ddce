// The quick calibration-and-learnability probe of a designed experiment (SPEC.md section 4),
// before its long sweep: the same dataset, network and transformations, but only the clean
// network (with its calibrations, within the image-size bounds) and the networks trained with
// every category transformed, one seed, a short budget, no analysis. Its summary says, per
// transformation, whether it hurts the clean network and whether it is learnable in the budget.

import { calibrationBound } from './calibration-bounds';
import { transformDef, type CalibratedId } from './transforms/index';

/** At most this many epochs and training images per category in a probe. */
export const PROBE_EPOCHS = 3;
export const PROBE_PER_CLASS = 100;

export function probeSpecFrom(spec: Record<string, unknown>): Record<string, unknown> {
  const epochs = typeof spec.epochs === 'number' ? Math.min(spec.epochs, PROBE_EPOCHS) : PROBE_EPOCHS;
  const per = typeof spec.trainPerClass === 'number' ? Math.min(spec.trainPerClass, PROBE_PER_CLASS) : PROBE_PER_CLASS;
  const seeds = Array.isArray(spec.seeds) && spec.seeds.length ? [spec.seeds[0]] : [0];
  const name = typeof spec.name === 'string' && spec.name ? spec.name : 'experiment';
  return {
    ...spec, name: `probe: ${name}`, seenCounts: [0, 'all'], seeds, epochs, trainPerClass: per, analysis: { enabled: false },
  };
}

/**
 * The strengths the `learnable` rule probes: the search grid from the bound towards the
 * weakest value (first), strongest first, at most `max`.
 */
export function learnableCandidates(id: CalibratedId, side: number, max: number): number[] {
  const { first, step } = transformDef(id).calibration!;
  const bound = calibrationBound(id, side)?.value ?? first + 19 * step;
  const out: number[] = [];
  const within = (v: number) => (step > 0 ? v >= first - 1e-9 : v <= first + 1e-9);
  for (let v = bound; within(v) && out.length < max; v = Number((v - step).toPrecision(12))) out.push(v);
  return out;
}

/** Whether strength a is stronger than b for `id` (a downward search, as scale's, is stronger lower). */
export const strongerFor = (id: CalibratedId) => (a: number, b: number) => (transformDef(id).calibration!.step > 0 ? a > b : a < b);

/** Strengths the `learnable` calibration rule of an experiment probes at most (from the bound downward). */
export const LEARNABLE_MAX_PROBES = 4;
