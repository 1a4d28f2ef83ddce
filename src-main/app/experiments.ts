// Creating experiments: validate the spec, resolve its dataset, refuse transformations that
// are the identity on it, then store the experiment and its jobs in one transaction.
import { networkInfo } from '../../shared/networks';
import { specTransforms, type ExperimentSpec } from '../../shared/spec';
import type { DatasetSummary } from '../../shared/results';
import { checkApplicable } from '../../shared/transforms/index';
import { ExperimentSetupError } from '../jobs/errors';
import { expandExperiment, storedSeenCounts, type Expansion } from '../jobs/expand';
import { defaultName, newExperimentId, specKey } from '../jobs/ids';
import { seededPermutation } from '../jobs/random';
import { experimentStatusOf } from '../jobs/status';
import type { DatasetRecord, ExperimentRecord, Store } from '../store';
import { resolveDataset } from './datasets';
import { badRequest } from './errors';
import { validateSpec } from './spec-errors';

export interface PreparedExperiment {
  experiment: ExperimentRecord;
  dataset: DatasetRecord;
  /** false: an experiment with the same spec existed and is resumed. */
  created: boolean;
  newJobs: number;
  requeued: number;
  warnings: string[];
}

/** What one job may use: the worker's budget, and the backend's own ceiling (wasm32: 4 GiB). */
export interface MemoryBudget { bytesPerWorker: number; workers: number; backend: string }

const GB = (b: number) => `${(b / 2 ** 30).toFixed(1)} GB`;

/**
 * Refuses a spec whose training step cannot fit in one worker's memory, naming batchSize and
 * the largest batch that fits (docs/jobs.md), before anything is stored or run.
 */
export async function checkMemory(spec: ExperimentSpec, ds: DatasetSummary, budget: MemoryBudget): Promise<void> {
  const { networkSize, trainStepBytes, largestBatch } = await import('../engine/models/memory');
  const imageSize = spec.imageSize ?? ds.size;
  const size = networkSize(spec.network, { imageSize, channels: ds.channels, classes: ds.classes.length });
  const need = trainStepBytes(size, spec.batchSize);
  const ceiling = budget.backend === 'wasm' ? 4 * 2 ** 30 : Infinity;
  const limit = Math.min(budget.bytesPerWorker, ceiling);
  if (need <= limit) return;
  const fits = largestBatch(size, limit);
  const why = limit === ceiling && ceiling < budget.bytesPerWorker
    ? `the wasm backend's 4 GB memory limit`
    : `the ${GB(budget.bytesPerWorker)} each of the ${budget.workers} job worker${budget.workers === 1 ? '' : 's'} may use`;
  const lower = fits >= 1
    ? `lower batchSize to ${fits} or less${imageSize > 32 ? `, or imageSize (${imageSize} px)` : ''}${budget.workers > 1 && limit < ceiling ? ', or run fewer workers (--workers 1 gives one worker all the memory)' : ''}`
    : `even one image does not fit: lower imageSize (${imageSize} px) or choose a smaller network`;
  throw new ExperimentSetupError('batchSize', `a training step of ${spec.network} at ${imageSize}x${imageSize} px with batchSize ${spec.batchSize} needs about ${GB(need)}, more than ${why}: ${lower}`);
}

export function parseSpecOrThrow(value: unknown): ExperimentSpec {
  const r = validateSpec(value);
  if (!r.ok) {
    throw badRequest(`invalid experiment spec:\n${r.errors.map((e) => `  ${e.field}: ${e.message}`).join('\n')}`, r.errors);
  }
  return r.spec;
}

export function checkSpecAgainstDataset(spec: ExperimentSpec, ds: DatasetSummary): void {
  specTransforms(spec).forEach((t, i) => {
    const a = checkApplicable(t.id, ds.channels);
    if (!a.ok) throw new ExperimentSetupError(`transformations.${i}`, `${t.id} on dataset "${ds.name}": ${a.reason}`);
  });
  if (ds.classes.length < 2) throw new ExperimentSetupError('dataset', `dataset "${ds.name}" has ${ds.classes.length} category; at least 2 are needed`);
}


/** Jobs of a spec without storing anything (for validation and estimates). */
export function previewExpansion(spec: ExperimentSpec, ds: DatasetSummary): Expansion {
  return expandExperiment({
    experimentId: 'preview', spec, classCount: ds.classes.length,
    seenOrder: (seed) => seededPermutation(ds.classes.length, 'preview', seed), jobDir: (id) => id,
  });
}

/**
 * Stores a new experiment with its jobs, or with `reuse`, finds the experiment with the same
 * spec and queues again whatever of it is not done (finished jobs are never re-run).
 */
export async function prepareExperiment(store: Store, specInput: unknown, opts: { reuse: boolean; memory?: MemoryBudget }): Promise<PreparedExperiment> {
  const parsed = parseSpecOrThrow(specInput);
  const dataset = await resolveDataset(store, parsed.dataset);
  checkSpecAgainstDataset(parsed, dataset.summary);
  // Store what is trained: a seen count above the categories trains as 'all', so the spec
  // says 'all' and every figure finds its network (issue #15 item 1).
  const spec: ExperimentSpec = { ...parsed, seenCounts: storedSeenCounts(parsed.seenCounts, dataset.summary.classes.length) };
  if (opts.memory) await checkMemory(spec, dataset.summary, opts.memory);
  const key = specKey(spec, dataset.summary.id);
  const existing = opts.reuse ? store.experiments.findBySpecKey(key) : null;
  const classCount = dataset.summary.classes.length;

  return store.tx(() => {
    const experiment = existing ?? store.experiments.create({
      id: newExperimentId(key), name: spec.name ?? defaultName(spec, dataset.summary), datasetId: dataset.summary.id, spec, specKey: key,
    });
    const { jobs, warnings } = expandExperiment({
      experimentId: experiment.id, spec, classCount,
      seenOrder: (seed) => store.experiments.putSeenOrder(experiment.id, seed, seededPermutation(classCount, experiment.id, seed)),
      jobDir: store.layout.jobDir,
    });
    const newJobs = store.jobs.insertMany(jobs);
    const requeued = existing ? store.jobs.requeueUnfinished(experiment.id) : 0;
    const status = experimentStatusOf(store.jobs.byExperiment(experiment.id));
    if (status !== experiment.status) store.experiments.setStatus(experiment.id, status);
    return { experiment: store.experiments.get(experiment.id)!, dataset, created: !existing, newJobs, requeued, warnings };
  });
}


/**
 * Rough duration: training images x epochs over the measured training speed (recent epochs,
 * else a default), plus forward passes for validation, tests, calibrations and analyses.
 */
export function estimateSeconds(spec: ExperimentSpec, ds: DatasetSummary, expansion: Expansion, opts: { measuredRate: number | null; workers: number }): number {
  const size = spec.imageSize ?? ds.size;
  // Nothing measured yet: the network's entry says (shared/networks.ts, at 32 x 32 on this kind of machine).
  const rate = opts.measuredRate ?? networkInfo(spec.network).imagesPerSecond * (32 / size) ** 2;
  const forwardRate = rate * 3;
  const C = ds.classes.length;
  const perClass = ds.counts.train / C;
  const trainImages = spec.trainPerClass ? Math.min(spec.trainPerClass, perClass) * C : ds.counts.train;
  const T = specTransforms(spec).length;
  let seconds = 0;
  for (const j of expansion.jobs) {
    if (j.kind === 'train') seconds += (trainImages * spec.epochs) / rate + (ds.counts.val * spec.epochs + ds.counts.test * (1 + T)) / forwardRate;
    else if (j.kind === 'calibrate') seconds += (ds.counts.test * 8) / forwardRate;
    else seconds += (ds.counts.test * 2 * (spec.analysis.tau === 'auto' ? 22 : 2)) / forwardRate;
  }
  return Math.round(seconds / Math.max(1, opts.workers));
}
