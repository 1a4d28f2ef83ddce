// An experiment's jobs -> array indices and dependency levels. Level 0 needs nothing (the
// clean networks, trainings of uncalibrated transformations), level k needs only jobs of lower
// levels; each level becomes one Slurm array that waits (afterok) for exactly the array tasks
// its jobs depend on.
import type { NewJob } from '../store';
import type { ManifestJob } from './format';

export function planJobs(jobs: readonly NewJob[]): ManifestJob[] {
  const byId = new Map(jobs.map((j) => [j.id, j]));
  const level = new Map<string, number>();
  const levelOf = (id: string, path: string[] = []): number => {
    const known = level.get(id);
    if (known !== undefined) return known;
    if (path.includes(id)) throw new Error(`job ${id} depends on itself (${[...path, id].join(' -> ')})`);
    const j = byId.get(id);
    if (!j) throw new Error(`job ${path[path.length - 1]} depends on ${id}, which is not part of the experiment`);
    const l = j.dependsOn.length === 0 ? 0 : 1 + Math.max(...j.dependsOn.map((d) => levelOf(d, [...path, id])));
    level.set(id, l);
    return l;
  };
  // Indices follow levels, then expansion order, so each level's array is one contiguous range.
  const ordered = [...jobs].sort((a, b) => levelOf(a.id) - levelOf(b.id) || a.ordinal - b.ordinal);
  return ordered.map((j, index) => ({
    index, level: levelOf(j.id), id: j.id, ordinal: j.ordinal, kind: j.kind, transform: j.transform, seenCount: j.seenCount,
    seed: j.seed, seenCategories: j.seenCategories, config: j.config, dependsOn: [...j.dependsOn].sort(),
  }));
}

export function levels(jobs: readonly ManifestJob[]): ManifestJob[][] {
  const out: ManifestJob[][] = [];
  for (const j of jobs) (out[j.level] ??= []).push(j);
  return out.filter((l) => l && l.length > 0);
}

/** Array index list in Slurm's syntax: 0-3,7,9-10. */
export function arraySpec(indices: readonly number[]): string {
  const s = [...indices].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < s.length;) {
    let k = i;
    while (k + 1 < s.length && s[k + 1] === s[k]! + 1) k++;
    parts.push(k === i ? String(s[i]) : `${s[i]}-${s[k]}`);
    i = k + 1;
  }
  return parts.join(',');
}
