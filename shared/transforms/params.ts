// Validation of a transformation's parameters against its definition's table, with messages
// that say which transformation, which parameter and what is wrong. The one place every door
// (spec validation, engine, preview, CLI) checks parameters.
import type { ParamDef } from './define';
import { TRANSFORM_IDS, TransformParamError, isTransformId, transformDef, type TransformId } from './index';

export function paramSpecs(id: TransformId): readonly ParamDef[] {
  return transformDef(id).params;
}

export function defaultParams(id: TransformId): Record<string, number> {
  return Object.fromEntries(paramSpecs(id).map((p) => [p.name, p.default]));
}

/** "> 0, <= 1000": the valid range as a docs table or an error message prints it. */
export function rangeText(s: ParamDef): string {
  return `${s.minExclusive ? '>' : '>='} ${s.min}, ${s.maxExclusive ? '<' : '<='} ${s.max}`;
}

/** Every problem with `params` for `id`, as messages; empty when valid. */
export function paramErrors(id: TransformId, params: Record<string, unknown> = {}): string[] {
  if (!isTransformId(id)) return [`unknown transformation "${String(id)}"; valid ids: ${TRANSFORM_IDS.join(', ')}`];
  const specs = paramSpecs(id);
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
    } else if (s.maxExclusive ? v >= s.max : v > s.max) {
      errors.push(`${id}: parameter ${s.name} must be ${s.maxExclusive ? '<' : '<='} ${s.max} (got ${v})`);
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
