// Parameters of each transformation: names, defaults, valid ranges, and validation whose
// messages say which transformation, which parameter and what is wrong.
import { TRANSFORM_IDS, isTransformId, type TransformId } from '../../../shared/ids';

export interface ParamSpec {
  name: string;
  default: number;
  /** Inclusive lower bound unless minExclusive. */
  min: number;
  minExclusive?: boolean;
  max: number;
  /** Step a form or a calibration search uses. */
  step: number;
  description: string;
}

// Defaults for the calibrated parameters are only what the CLI and previews use when given
// nothing; experiments calibrate blur and noise sigma (SPEC.md section 4).
const SPECS: Record<TransformId, readonly ParamSpec[]> = {
  grayscale: [], hue180: [],
  blur: [{
    name: 'sigma', default: 2, min: 0, minExclusive: true, max: 1000, step: 0.5,
    description: 'standard deviation of the Gaussian in pixels (kernel radius ceil(3 sigma))',
  }],
  highpass: [], hfilter: [], vfilter: [], invert: [],
  noise: [{
    name: 'sigma', default: 50, min: 0, max: 10000, step: 25,
    description: 'standard deviation of the additive Gaussian noise on the [0,255] scale',
  }],
  saltpepper: [{
    name: 'p', default: 0.5, min: 0, max: 1, step: 0.05,
    description: 'probability that a pixel (all channels) is replaced by 0 or 255',
  }],
  rot90: [], rot180: [], thin: [],
};

/** Thrown for an unknown transformation id or bad parameters. */
export class TransformParamError extends Error {
  override name = 'TransformParamError';
}

export function assertTransformId(id: unknown): asserts id is TransformId {
  if (!isTransformId(id)) {
    throw new TransformParamError(`unknown transformation "${String(id)}"; valid ids: ${TRANSFORM_IDS.join(', ')}`);
  }
}

export function paramSpecs(id: TransformId): readonly ParamSpec[] {
  assertTransformId(id);
  return SPECS[id];
}

export function defaultParams(id: TransformId): Record<string, number> {
  return Object.fromEntries(paramSpecs(id).map((p) => [p.name, p.default]));
}

/** Every problem with `params` for `id`, as messages; empty when valid. */
export function paramErrors(id: TransformId, params: Record<string, unknown> = {}): string[] {
  if (!isTransformId(id)) return [`unknown transformation "${String(id)}"; valid ids: ${TRANSFORM_IDS.join(', ')}`];
  const specs = SPECS[id];
  const errors: string[] = [];
  for (const name of Object.keys(params)) {
    if (!specs.some((s) => s.name === name)) {
      const accepted = specs.length ? `accepted: ${specs.map((s) => s.name).join(', ')}` : 'it takes no parameters';
      errors.push(`${id}: unknown parameter "${name}" (${accepted})`);
    }
  }
  for (const s of specs) {
    if (!(s.name in params)) continue;
    const v = params[s.name];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      errors.push(`${id}: parameter ${s.name} must be a finite number (got ${JSON.stringify(v)})`);
    } else if (s.minExclusive ? v <= s.min : v < s.min) {
      errors.push(`${id}: parameter ${s.name} must be ${s.minExclusive ? '>' : '>='} ${s.min} (got ${v})`);
    } else if (v > s.max) {
      errors.push(`${id}: parameter ${s.name} must be <= ${s.max} (got ${v})`);
    }
  }
  return errors;
}

/** Defaults filled in and everything validated; throws TransformParamError listing every problem. */
export function resolveParams(id: TransformId, params: Record<string, unknown> = {}): Record<string, number> {
  const errors = paramErrors(id, params);
  if (errors.length) throw new TransformParamError(errors.join('; '));
  return { ...defaultParams(id), ...(params as Record<string, number>) };
}
