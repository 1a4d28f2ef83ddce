// Experiment and job ids: short, readable, stable.
import { createHash } from 'node:crypto';
import type { SeenCount, TransformId } from '../../shared/ids';
import type { DatasetSummary, JobKind } from '../../shared/results';
import { specTransforms, type ExperimentSpec } from '../../shared/spec';

/** Git-like short id: the first 10 hex digits of sha1(spec + creation time). */
export function newExperimentId(specKey: string, time = new Date().toISOString()): string {
  return createHash('sha1').update(specKey).update('\0').update(time).digest('hex').slice(0, 10);
}

/** Canonical JSON (sorted keys) of a validated spec: equal specs give equal keys. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** e.g. 3fa9c01b2e-train-blur-5-s0, 3fa9c01b2e-train-clean-0-s0, 3fa9c01b2e-calibrate-noise-s1. */
export function jobId(experimentId: string, kind: JobKind, transform: TransformId | null, seenCount: SeenCount | null, seed: number): string {
  const parts = [experimentId, kind, transform ?? 'clean'];
  if (seenCount !== null) parts.push(String(seenCount));
  parts.push(`s${seed}`);
  return parts.join('-');
}

/** The spec's identity: the same spec on the same dataset finds the same experiment again. */
export function specKey(spec: ExperimentSpec, datasetId: string): string {
  return canonicalJson({ ...spec, dataset: datasetId });
}

export function defaultName(spec: ExperimentSpec, ds: DatasetSummary): string {
  return `${spec.network} on ${ds.name}: ${specTransforms(spec).map((t) => t.id).join(', ')}`;
}
