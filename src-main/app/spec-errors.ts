// Spec validation with messages a lab member can act on. zod reports a failed union (e.g.
// "a transformation id or { id, params }") as a bare "Invalid input"; here the branch that
// got furthest explains the problem, or the alternatives are listed.
import type { z } from 'zod';
import { experimentSpecSchema, type ExperimentSpec, type SpecError } from '../../shared/spec';

type Issue = z.core.$ZodIssue;

function flatten(issue: Issue, prefix: PropertyKey[]): SpecError[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // A branch whose issues lie deeper than the value itself matched its shape: follow it.
    const deeper = issue.errors.find((branch) => branch.some((i) => i.path.length > 0));
    if (deeper) return deeper.flatMap((i) => flatten(i, path));
    const alternatives = [...new Set(issue.errors.flat().map((i) => i.message.replace(/^Invalid (input|option): /, '')))];
    return [{ field: fieldName(path), message: `invalid value: ${alternatives.join('; or ')}` }];
  }
  return [{ field: fieldName(path), message: issue.message }];
}

function fieldName(path: PropertyKey[]): string {
  return path.map(String).join('.') || '(spec)';
}

export function validateSpec(value: unknown): { ok: true; spec: ExperimentSpec } | { ok: false; errors: SpecError[] } {
  const r = experimentSpecSchema.safeParse(value);
  if (r.success) return { ok: true, spec: r.data };
  return { ok: false, errors: r.error.issues.flatMap((i) => flatten(i, [])) };
}
