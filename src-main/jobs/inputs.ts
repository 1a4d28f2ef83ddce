// A queued job row -> exactly the engine input its worker needs.
import { specTransforms, type ExperimentSpec, type TransformSpec } from '../../shared/spec';
import type { TransformId } from '../../shared/ids';
import { resolveParams } from '../../shared/transforms/index';
import type { ResolvedTransform } from '../engine/types';
import type { JobRecord, Store } from '../store';
import { needsCalibration } from './expand';
import type { WorkerTask } from './protocol';

export interface JobContext {
  spec: ExperimentSpec;
  datasetDir: string;
  imageSize: number;
}

export function jobContext(store: Store, job: JobRecord): JobContext {
  const exp = store.experiments.get(job.experimentId);
  if (!exp) throw new Error(`job ${job.id}: experiment ${job.experimentId} not found`);
  const ds = store.datasets.get(exp.datasetId);
  if (!ds) throw new Error(`job ${job.id}: dataset ${exp.datasetId} not found`);
  return { spec: exp.spec, datasetDir: ds.dir, imageSize: exp.spec.imageSize ?? ds.summary.size };
}

/** Fixed parameters, or the calibrated value once its calibration is done; null before. */
export function resolveTransform(store: Store, experimentId: string, seed: number, t: TransformSpec): ResolvedTransform | null {
  if (!needsCalibration(t)) return { id: t.id, params: resolveParams(t.id, t.params ?? {}) };
  const cal = store.calibrations.get(experimentId, seed, t.id);
  return cal ? { id: t.id, params: resolveParams(t.id, { [cal.param]: cal.value }) } : null;
}

function transformSpecOf(spec: ExperimentSpec, id: TransformId): TransformSpec {
  const t = specTransforms(spec).find((x) => x.id === id);
  if (!t) throw new Error(`transformation ${id} is not part of the experiment`);
  return t;
}

function mustResolve(store: Store, job: JobRecord, spec: ExperimentSpec, id: TransformId): ResolvedTransform {
  const r = resolveTransform(store, job.experimentId, job.seed, transformSpecOf(spec, id));
  if (!r) throw new Error(`job ${job.id}: ${id} has no calibrated strength yet`);
  return r;
}

function networkJob(store: Store, job: JobRecord): JobRecord {
  const id = job.config.networkJobId;
  const net = id ? store.jobs.get(id) : null;
  if (!net) throw new Error(`job ${job.id}: its network job ${id ?? '(none)'} is missing`);
  return net;
}

export function buildTask(store: Store, job: JobRecord): WorkerTask {
  const { spec, datasetDir, imageSize } = jobContext(store, job);
  const common = { jobId: job.id, datasetDir, network: spec.network, imageSize, seed: job.seed };
  switch (job.kind) {
    case 'train':
      return {
        kind: 'train',
        input: {
          ...common,
          transform: job.transform ? mustResolve(store, job, spec, job.transform) : null,
          seenCategories: job.seenCategories,
          epochs: spec.epochs, learningRate: spec.learningRate, batchSize: spec.batchSize,
          momentum: spec.momentum, weightDecay: spec.weightDecay, trainPerClass: spec.trainPerClass,
          workDir: job.workDir,
          // Whatever can be resolved now: the clean network runs before calibrations and gets
          // its blur/noise accuracy from the calibration curve instead.
          evalTransforms: specTransforms(spec)
            .map((t) => resolveTransform(store, job.experimentId, job.seed, t))
            .filter((t): t is ResolvedTransform => t !== null),
        },
      };
    case 'calibrate':
      return {
        kind: 'calibrate',
        input: {
          ...common,
          cleanWorkDir: networkJob(store, job).workDir,
          transform: transformSpecOf(spec, job.transform!),
          target: spec.calibrationTarget,
        },
      };
    case 'analyse':
      return {
        kind: 'analyse',
        input: {
          ...common,
          workDir: networkJob(store, job).workDir,
          transform: mustResolve(store, job, spec, job.transform!),
          seenCategories: job.seenCategories,
          layer: job.config.layer ?? spec.analysis.layer,
          tau: job.config.tau ?? spec.analysis.tau,
          maxUnits: spec.analysis.maxUnits,
          layerwise: spec.analysis.layerwise,
        },
      };
  }
}
