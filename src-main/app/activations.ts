// Exporting a trained network's activations (the `activations` command), in this process.
import { isTransformId, type TransformId } from '../../shared/ids';
import { specTransforms } from '../../shared/spec';
import { jobContext, resolveTransform } from '../jobs/inputs';
import { LabFailure, badRequest, notFound } from './errors';
import type { LabService } from './service';

export async function exportJobActivations(service: LabService, jobId: string, opts: { layer: string; outDir: string; transform?: string }) {
  const store = service.store;
  const job = store.jobs.get(jobId);
  if (!job) throw notFound(`job ${jobId}`);
  const network = job.kind === 'train' ? job : job.config.networkJobId ? store.jobs.get(job.config.networkJobId) : null;
  if (!network || network.kind !== 'train') throw badRequest(`job ${jobId} is a ${job.kind} job without a trained network`);
  if (network.status !== 'done') throw new LabFailure('conflict', `the network of job ${jobId} (${network.id}) is not trained yet (status ${network.status})`);

  const requested = opts.transform;
  if (requested !== undefined && !isTransformId(requested)) throw badRequest(`--transform: unknown transformation "${requested}"`);
  const transformId: TransformId | null = (requested as TransformId | undefined) ?? (job.kind === 'train' ? job.transform : job.transform);
  const ctx = jobContext(store, network);
  const choices = specTransforms(ctx.spec).map((t) => t.id);
  if (!transformId) throw badRequest(`job ${jobId} is the clean network: give --transform (one of ${choices.join(', ')})`);
  const tspec = specTransforms(ctx.spec).find((t) => t.id === transformId);
  if (!tspec) throw badRequest(`--transform: ${transformId} is not part of the experiment (${choices.join(', ')})`);
  const transform = resolveTransform(store, network.experimentId, network.seed, tspec);
  if (!transform) throw new LabFailure('conflict', `${transformId} is not calibrated yet for seed ${network.seed}`);

  await service.runtime.backendInfo();
  const { exportActivations } = await import('../engine/analysis');
  return exportActivations({
    jobId: job.id, datasetDir: ctx.datasetDir, network: ctx.spec.network, imageSize: ctx.imageSize, workDir: network.workDir,
    transform, seenCategories: job.kind === 'analyse' ? job.seenCategories : network.seenCategories, layer: opts.layer,
    maxUnits: ctx.spec.analysis.maxUnits, seed: job.seed,
  }, opts.outDir);
}
