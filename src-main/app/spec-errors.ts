// Spec validation with messages a lab member can act on. zod reports a failed union (e.g.
// "a transformation id or { id, params }") as a bare "Invalid input"; here the branch that
// got furthest explains the problem, or the alternatives are listed.
import type { z } from 'zod';
import { analysisSpecSchema, experimentSpecSchema, type ExperimentSpec, type SpecError } from '../../shared/spec';

type Issue = z.core.$ZodIssue;

/** The keys valid at `path` of a spec. */
function validKeys(path: PropertyKey[]): string[] {
  if (path.length === 0) return Object.keys(experimentSpecSchema.shape);
  if (path[path.length - 1] === 'analysis') return Object.keys(analysisSpecSchema.shape);
  if (path[0] === 'transformations') return ['id', 'params'];
  return [];
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length]![b.length]!;
}

/** The valid name closest to a misspelled one ("epoch" -> "epochs", "batchsize" -> "batchSize"), if any is close. */
export function nearestName(key: string, names: readonly string[]): string | null {
  let best: string | null = null, bestD = Infinity;
  for (const n of names) {
    const d = n.toLowerCase() === key.toLowerCase() ? 0 : editDistance(key.toLowerCase(), n.toLowerCase());
    if (d < bestD) { best = n; bestD = d; }
  }
  return best !== null && bestD <= Math.max(2, Math.floor(key.length / 3)) ? best : null;
}

function flatten(issue: Issue, prefix: PropertyKey[]): SpecError[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'unrecognized_keys') {
    const names = validKeys(path);
    return issue.keys.map((key) => {
      const near = nearestName(key, names);
      return {
        field: fieldName([...path, key]),
        message: `unknown key "${key}"${near ? `; did you mean "${near}"?` : ''} (valid keys${path.length ? ` of ${fieldName(path)}` : ''}: ${names.join(', ')})`,
      };
    });
  }
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
