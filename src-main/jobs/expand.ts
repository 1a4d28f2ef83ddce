// An experiment spec -> the jobs that carry it out (SPEC.md sections 3, 4 and 6).
//
// Per seed:
//  - ONE clean network (transform null, seen count 0): the count-0 baseline of every
//    transformation and the network calibrations are measured on;
//  - a calibrate job per blur/noise without fixed params (after the clean network);
//  - a train job per (transformation, seen count > 0), after its own calibration; networks
//    trained on all categories also wait for every calibration, since they are evaluated on
//    every transformation (the accuracy matrix, paper Fig. 2a);
//  - an analyse job per (transformation, trained network), the clean one included.
import { CALIBRATED_TRANSFORMS, type SeenCount, type TransformId } from '../../shared/ids';
import { specTransforms, type ExperimentSpec, type TransformSpec } from '../../shared/spec';
import type { NewJob } from '../store';
import { ExperimentSetupError } from './errors';
import { jobId } from './ids';

export interface ExpandInput {
  experimentId: string;
  spec: ExperimentSpec;
  classCount: number;
  /** The stored category order per seed: the first k are the seen set for count k. */
  seenOrder: (seed: number) => number[];
  jobDir: (jobId: string) => string;
}

export interface Expansion { jobs: NewJob[]; warnings: string[] }

export function needsCalibration(t: TransformSpec): boolean {
  return (CALIBRATED_TRANSFORMS as readonly TransformId[]).includes(t.id) && Object.keys(t.params ?? {}).length === 0;
}

/** Seen counts sorted and de-duplicated; 0 dropped (it is the clean network), >= C becomes 'all'. */
export function normaliseSeenCounts(counts: SeenCount[], classCount: number): { counts: SeenCount[]; warnings: string[] } {
  const warnings: string[] = [];
  const numeric = new Set<number>();
  let all = false;
  for (const k of counts) {
    if (k === 'all') all = true;
    else if (k >= classCount) {
      if (k > classCount) warnings.push(`seenCounts: ${k} is more than the dataset's ${classCount} categories; clipped to all`);
      all = true;
    } else if (k > 0) numeric.add(k);
  }
  const out: SeenCount[] = [...numeric].sort((a, b) => a - b);
  if (all) out.push('all');
  return { counts: out, warnings };
}

/**
 * The seen counts an experiment stores and shows: as given, but a count at or above the
 * number of categories becomes 'all' (what it trains as), duplicates go, numbers ascending,
 * 'all' last. 0 stays: it is the clean network and the figures' first point.
 */
export function storedSeenCounts(counts: readonly SeenCount[], classCount: number): SeenCount[] {
  const numeric = new Set<number>();
  let all = false;
  for (const k of counts) {
    if (k === 'all' || k >= classCount) all = true;
    else numeric.add(k);
  }
  const out: SeenCount[] = [...numeric].sort((a, b) => a - b);
  if (all) out.push('all');
  return out;
}

export function seenCategoriesFor(order: number[], k: SeenCount): number[] {
  return (k === 'all' ? [...order] : order.slice(0, k)).sort((a, b) => a - b);
}

export function expandExperiment(input: ExpandInput): Expansion {
  const { experimentId: exp, spec, classCount } = input;
  const transforms = dedupeTransforms(specTransforms(spec));
  const { counts, warnings } = normaliseSeenCounts(spec.seenCounts, classCount);
  const jobs: NewJob[] = [];
  const add = (j: Omit<NewJob, 'experimentId' | 'ordinal' | 'workDir'>) => {
    jobs.push({ ...j, experimentId: exp, ordinal: jobs.length, workDir: input.jobDir(j.id) });
  };

  for (const seed of spec.seeds) {
    const order = input.seenOrder(seed);
    const cleanId = jobId(exp, 'train', null, 0, seed);
    add({ id: cleanId, kind: 'train', transform: null, seenCount: 0, seed, seenCategories: [], config: {}, dependsOn: [] });

    const calibrationOf = new Map<TransformId, string>();
    for (const t of transforms.filter(needsCalibration)) {
      const id = jobId(exp, 'calibrate', t.id, null, seed);
      calibrationOf.set(t.id, id);
      add({ id, kind: 'calibrate', transform: t.id, seenCount: 0, seed, seenCategories: [], config: { networkJobId: cleanId }, dependsOn: [cleanId] });
    }
    const allCalibrations = [...calibrationOf.values()];

    const networks: { id: string; transform: TransformId; seenCount: SeenCount; seen: number[] }[] = [];
    for (const t of transforms) {
      networks.push({ id: cleanId, transform: t.id, seenCount: 0, seen: [] });
      for (const k of counts) {
        const id = jobId(exp, 'train', t.id, k, seed);
        const own = calibrationOf.get(t.id);
        const dependsOn = k === 'all' ? allCalibrations : own ? [own] : [];
        const seen = seenCategoriesFor(order, k);
        add({ id, kind: 'train', transform: t.id, seenCount: k, seed, seenCategories: seen, config: {}, dependsOn });
        networks.push({ id, transform: t.id, seenCount: k, seen });
      }
    }

    if (spec.analysis.enabled) {
      for (const n of networks) {
        const own = calibrationOf.get(n.transform);
        add({
          id: jobId(exp, 'analyse', n.transform, n.seenCount, seed), kind: 'analyse', transform: n.transform,
          seenCount: n.seenCount, seed, seenCategories: n.seen,
          config: { networkJobId: n.id, layer: spec.analysis.layer, tau: spec.analysis.tau },
          dependsOn: own ? [n.id, own] : [n.id],
        });
      }
    }
  }
  return { jobs, warnings };
}

function dedupeTransforms(ts: TransformSpec[]): TransformSpec[] {
  const seen = new Set<TransformId>();
  const out: TransformSpec[] = [];
  for (const t of ts) {
    if (seen.has(t.id)) throw new ExperimentSetupError('transformations', `${t.id} is listed twice`);
    seen.add(t.id);
    out.push(t);
  }
  return out;
}
