// The strongest strength a calibration search may try, from the image side (SPEC.md section
// 4): past it a transformation destroys the image by construction (a blur kernel as wide as
// the image, noise beyond the pixel range), so "the clean network fell below the target" would
// say nothing about the network. The search stops there and says the target was not reached.
// Each calibrated transformation writes its bound in its definition (`calibration.bound`).
import { isTransformId, transformDef, type TransformId } from './transforms/index';
import type { CalibrationBound } from './transforms/define';

export type { CalibrationBound };

/**
 * The bound for `id` at `side` px, on the search's grid, or null when the transformation has
 * no bound: its definition's `calibration.bound` (shared/transforms/<id>.ts).
 */
export function calibrationBound(id: TransformId | string, side: number): CalibrationBound | null {
  if (!isTransformId(id)) return null;
  return transformDef(id).calibration?.bound?.(side) ?? null;
}

/**
 * How many search steps stay within the bound: values first, first + step, ... (step
 * negative for a downward search such as scale).
 */
export function stepsWithinBound(first: number, step: number, bound: number): number {
  if (step === 0) return 1;
  const n = Math.floor((bound - first) / step + 1e-9) + 1;
  return Math.max(0, n);
}
