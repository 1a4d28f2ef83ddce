// The strongest strength a calibration search may try, from the image side (SPEC.md section
// 4): past it a transformation destroys the image by construction (a blur kernel as wide as
// the image, noise beyond the pixel range), so "the clean network fell below the target" would
// say nothing about the network. The search stops there and says the target was not reached.
import type { TransformId } from './ids';

export interface CalibrationBound {
  /** The strongest allowed value of the calibrated parameter. */
  value: number;
  /** The rule, in words, for messages and docs. */
  rule: string;
}

/**
 * The bound for `id` at `side` px, on the search's grid (`step` apart from `first`), or null
 * when the transformation has no bound. blur: radius ceil(3 sigma) <= (side - 1) / 4;
 * noise: sigma <= 255; scale: s >= 0.25; quantize: f <= side / 4.
 */
export function calibrationBound(id: TransformId | string, side: number): CalibrationBound | null {
  switch (id) {
    case 'blur': {
      const maxRadius = Math.floor((side - 1) / 4);
      // Largest sigma on the 0.5 grid with ceil(3 sigma) <= maxRadius.
      let sigma = 0;
      for (let s = 0.5; Math.ceil(3 * s - 1e-9) <= maxRadius; s += 0.5) sigma = s;
      return { value: sigma, rule: `blur kernel radius ceil(3 sigma) <= (side - 1) / 4 = ${((side - 1) / 4).toFixed(2)} px at ${side} px` };
    }
    case 'noise': return { value: 250, rule: 'noise sigma <= 255 (the pixel range), on the grid of 25' };
    case 'scale': return { value: 0.25, rule: 'scale s >= 0.25' };
    case 'quantize': return { value: Math.max(2, Math.floor(side / 4)), rule: `quantize block f <= side / 4 = ${side / 4} px at ${side} px` };
    default: return null;
  }
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
