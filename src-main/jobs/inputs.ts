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

/** What building a job's engine input needs to know: the store locally, a sweep folder on a
 *  compute node (src-main/sweep), which never opens the database. */
export interface TaskSource {
  context(job: JobRecord): JobContext;
  /** The calibrated value of `t` for this experiment and seed, or null before its calibration is done. */
  calibration(experimentId: string, seed: number, t: TransformId): { param: string; value: number } | null;
  /** The folder of a train job (its checkpoints and kept weights). */
  workDirOf(jobId: string): string | null;
}

export function jobContext(store: Store, job: JobRecord): JobContext {
  const exp = store.experiments.get(job.experimentId);
  if (!exp) throw new Error(`job ${job.id}: experiment ${job.experimentId} not found`);
  const ds = store.datasets.get(exp.datasetId);
  if (!ds) throw new Error(`job ${job.id}: dataset ${exp.datasetId} not found`);
  return { spec: exp.spec, datasetDir: ds.dir, imageSize: exp.spec.imageSize ?? ds.summary.size };
}

export function storeSource(store: Store): TaskSource {
  return {
    context: (job) => jobContext(store, job),
    calibration: (experimentId, seed, t) => store.calibrations.get(experimentId, seed, t),
    workDirOf: (id) => store.jobs.get(id)?.workDir ?? null,
  };
}

/** Fixed parameters, or the calibrated value once its calibration is done; null before. */
export function resolveTransform(store: Store, experimentId: string, seed: number, t: TransformSpec): ResolvedTransform | null {
  return resolveTransformFrom(storeSource(store), experimentId, seed, t);
}

export function resolveTransformFrom(source: TaskSource, experimentId: string, seed: number, t: TransformSpec): ResolvedTransform | null {
  if (!needsCalibration(t)) return { id: t.id, params: resolveParams(t.id, t.params ?? {}) };
  const cal = source.calibration(experimentId, seed, t.id);
  return cal ? { id: t.id, params: resolveParams(t.id, { [cal.param]: cal.value }) } : null;
}

function transformSpecOf(spec: ExperimentSpec, id: TransformId): TransformSpec {
  const t = specTransforms(spec).find((x) => x.id === id);
  if (!t) throw new Error(`transformation ${id} is not part of the experiment`);
  return t;
}

function mustResolve(source: TaskSource, job: JobRecord, spec: ExperimentSpec, id: TransformId): ResolvedTransform {
  const r = resolveTransformFrom(source, job.experimentId, job.seed, transformSpecOf(spec, id));
  if (!r) throw new Error(`job ${job.id}: ${id} has no calibrated strength yet`);
  return r;
}

function networkDir(source: TaskSource, job: JobRecord): string {
  const id = job.config.networkJobId;
  const dir = id ? source.workDirOf(id) : null;
  if (!dir) throw new Error(`job ${job.id}: its network job ${id ?? '(none)'} is missing`);
  return dir;
}

export function buildTask(store: Store, job: JobRecord): WorkerTask {
  return buildTaskFrom(storeSource(store), job);
}

export function buildTaskFrom(source: TaskSource, job: JobRecord): WorkerTask {
  const { spec, datasetDir, imageSize } = source.context(job);
  const common = { jobId: job.id, datasetDir, network: spec.network, imageSize, seed: job.seed };
  switch (job.kind) {
    case 'train':
      return {
        kind: 'train',
        input: {
          ...common,
          transform: job.transform ? mustResolve(source, job, spec, job.transform) : null,
          seenCategories: job.seenCategories,
          epochs: spec.epochs, learningRate: spec.learningRate, batchSize: spec.batchSize,
          momentum: spec.momentum, weightDecay: spec.weightDecay, trainPerClass: spec.trainPerClass,
          ...(spec.learningRateSchedule === 'cosine' ? { learningRateSchedule: 'cosine' as const } : {}),
          workDir: job.workDir,
          // Whatever can be resolved now: the clean network runs before calibrations and gets
          // its blur/noise accuracy from the calibration curve instead.
          evalTransforms: specTransforms(spec)
            .map((t) => resolveTransformFrom(source, job.experimentId, job.seed, t))
            .filter((t): t is ResolvedTransform => t !== null),
        },
      };
    case 'calibrate':
      return {
        kind: 'calibrate',
        input: {
          ...common,
          cleanWorkDir: networkDir(source, job),
          transform: transformSpecOf(spec, job.transform!),
          target: spec.calibrationTarget,
          ...(spec.calibrationRule === 'learnable' ? {
            rule: 'learnable' as const,
            probe: {
              epochs: spec.epochs, learningRate: spec.learningRate, batchSize: spec.batchSize, momentum: spec.momentum,
              weightDecay: spec.weightDecay, trainPerClass: spec.trainPerClass, workDir: job.workDir,
              ...(spec.learningRateSchedule === 'cosine' ? { learningRateSchedule: 'cosine' as const } : {}),
            },
          } : {}),
        },
      };
    case 'analyse':
      return {
        kind: 'analyse',
        input: {
          ...common,
          workDir: networkDir(source, job),
          transform: mustResolve(source, job, spec, job.transform!),
          seenCategories: job.seenCategories,
          layer: job.config.layer ?? spec.analysis.layer,
          tau: job.config.tau ?? spec.analysis.tau,
          maxUnits: spec.analysis.maxUnits,
          layerwise: spec.analysis.layerwise,
        },
      };
  }
}
