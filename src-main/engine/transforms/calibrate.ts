// Calibrating a transformation's strength (SPEC.md section 4, paper supplement B): raise the
// parameter step by step until the clean network's accuracy on transformed test images
// falls below a target.

import { CALIBRATED_TRANSFORMS, transformDef, type CalibratedId, type CalibrationDef } from '../../../shared/transforms/index';

export type { CalibratedId };

/** Default number of steps: blur sigma up to 10, noise sigma up to 500 (beyond both, a 32-64 px image carries nothing). */
export const DEFAULT_MAX_STEPS = 20;

/** The k-th value tried (k from 1): first + (k - 1) step, rounded so that 0.95 - 0.05 stays 0.9. */
export function calibrationValue(rule: CalibrationDef, k: number): number {
  return Number((rule.first + (k - 1) * rule.step).toPrecision(12));
}

function calibrationOf(id: string): CalibrationDef {
  const rule = (CALIBRATED_TRANSFORMS as readonly string[]).includes(id) ? transformDef(id).calibration : undefined;
  if (!rule) throw new Error(`calibration: "${String(id)}" is not calibrated (only ${CALIBRATED_TRANSFORMS.join(', ')})`);
  return rule;
}

export interface CalibrationPoint { value: number; accuracy: number }

export interface CalibrationResult {
  id: CalibratedId;
  param: string;
  /** The kept value: the first whose accuracy fell below the target, else the largest tried. */
  value: number;
  target: number;
  curve: CalibrationPoint[];
  reachedTarget: boolean;
  /** One line for logs and reports. */
  message: string;
}

export interface CalibrateOptions {
  /** Accuracy (fraction in [0,1]) to fall below. */
  target: number;
  maxSteps?: number;
  /** Called after each evaluated step (progress). */
  onStep?: (point: CalibrationPoint, step: number, maxSteps: number) => void;
}

export async function calibrate(
  id: CalibratedId,
  evaluate: (params: Record<string, number>) => Promise<number>,
  opts: CalibrateOptions,
): Promise<CalibrationResult> {
  const rule = calibrationOf(id);
  const { target } = opts;
  if (!Number.isFinite(target) || target <= 0 || target > 1) {
    throw new Error(`calibration: target accuracy must be in (0, 1] (got ${target})`);
  }
  const maxSteps = opts.maxSteps ?? rule.maxSteps ?? DEFAULT_MAX_STEPS;
  if (!Number.isInteger(maxSteps) || maxSteps < 1) {
    throw new Error(`calibration: maxSteps must be a positive integer (got ${maxSteps})`);
  }
  const curve: CalibrationPoint[] = [];
  for (let k = 1; k <= maxSteps; k++) {
    const value = calibrationValue(rule, k);
    const accuracy = await evaluate({ [rule.param]: value });
    if (!Number.isFinite(accuracy) || accuracy < 0 || accuracy > 1) {
      throw new Error(`calibration: evaluate returned ${accuracy} for ${id} ${rule.param}=${value}; expected an accuracy in [0, 1]`);
    }
    curve.push({ value, accuracy });
    opts.onStep?.({ value, accuracy }, k, maxSteps);
    if (accuracy < target) {
      return {
        id, param: rule.param, value, target, curve, reachedTarget: true,
        message: `${id} ${rule.param} = ${value}: accuracy ${pct(accuracy)} < target ${pct(target)} after ${k} step(s)`,
      };
    }
  }
  const last = curve[curve.length - 1]!;
  return {
    id, param: rule.param, value: last.value, target, curve, reachedTarget: false,
    message: `${id} ${rule.param}: accuracy stayed >= target ${pct(target)} up to the maximum ${last.value} ` +
      `(${maxSteps} steps, last accuracy ${pct(last.accuracy)}); keeping ${last.value}`,
  };
}

/**
 * SPEC.md section 4: 10% when chance is below 2%, else chance + 0.2 x (clean - chance).
 * Arguments and result are fractions in [0, 1].
 */
export function defaultCalibrationTarget(chance: number, cleanAccuracy: number): number {
  for (const [name, v] of [['chance', chance], ['clean accuracy', cleanAccuracy]] as const) {
    if (!Number.isFinite(v) || v < 0 || v > 1) throw new Error(`calibration: ${name} must be in [0, 1] (got ${v})`);
  }
  if (chance < 0.02) return 0.1;
  return chance + 0.2 * (cleanAccuracy - chance);
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}
