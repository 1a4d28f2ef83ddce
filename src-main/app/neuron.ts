// results.neuron: one neuron's top test images clean vs transformed, recomputed in this
// process from the trained network with the analysis' own inputs (layer, tau, unit sampling,
// transformation and its noise seed), and its stored I_k.
import type { NeuronView } from '../../shared/contract';
import { buildTask } from '../jobs/inputs';
import type { JobRecord, Store } from '../store';
import { LabFailure, badRequest, notFound } from './errors';
import type { DatasetCache } from './images';
import { pngDataUrl } from './images';

const DEFAULT_TOP = 8;

export async function neuronView(
  store: Store, datasets: DatasetCache, req: { jobId: string; layer?: string; neuron: number; top?: number },
): Promise<NeuronView> {
  const job = analyseJobOf(store, req.jobId);
  const analysis = store.analyses.get(job.id);
  if (!analysis) throw new LabFailure('conflict', `job ${job.id} has no stored analysis yet (status ${job.status})`);
  const task = buildTask(store, job);
  if (task.kind !== 'analyse') throw new Error(`job ${job.id}: expected an analyse task, got ${task.kind}`);
  const input = task.input;
  const layer = req.layer ?? analysis.layer;
  const [{ loadTrainedNetwork }, { neuronTopImages }] = await Promise.all([import('../engine/train'), import('../engine/analysis')]);
  const ds = await datasets.get(input.datasetDir);
  const net = await loadTrainedNetwork(input.workDir, { network: input.network, imageSize: input.imageSize });
  let view;
  try {
    if (!net.analysableLayers.includes(layer)) {
      throw badRequest(`layer "${layer}" is not an analysable (post-ReLU) layer of this ${input.network}; choose one of: ${net.analysableLayers.join(', ')}`,
        [{ field: 'layer', message: `not an analysable layer` }]);
    }
    view = await neuronTopImages(net.model, layer, { ...ds.test, size: ds.meta.size, channels: ds.meta.channels }, input.transform, input.imageSize, {
      neuron: req.neuron, top: req.top ?? DEFAULT_TOP, tau: analysis.tau, maxUnits: input.maxUnits, seed: input.seed,
    });
  } catch (e) {
    if (e instanceof RangeError) throw badRequest(e.message, [{ field: 'neuron', message: e.message }]);
    throw e;
  } finally {
    net.model.dispose();
  }
  // The analysed layer's I_k is the stored one; another layer's is recomputed at the analysis' tau.
  const stored = layer === analysis.layer ? store.analyses.arrays(job.id)?.invariance.all[req.neuron] : undefined;
  const invariance = stored === undefined ? view.invariance : Number.isNaN(stored) ? null : stored;
  return {
    jobId: job.id, layer, neuron: req.neuron, invariance,
    images: await Promise.all(view.images.map(async (im) => ({
      clean: await pngDataUrl(im.clean.data, im.clean.height, im.clean.width, im.clean.channels),
      transformed: await pngDataUrl(im.transformed.data, im.transformed.height, im.transformed.width, im.transformed.channels),
      fClean: im.fClean, fTransformed: im.fTransformed, h: im.h, category: ds.meta.classes[im.label] ?? String(im.label),
    }))),
  };
}

/** The analyse job itself, or the one analyse job of a train job. */
function analyseJobOf(store: Store, id: string): JobRecord {
  const job = store.jobs.get(id);
  if (!job) throw notFound(`job ${id}`);
  if (job.kind === 'analyse') return job;
  if (job.kind !== 'train') throw badRequest(`job ${id} is a ${job.kind} job; the neuron view needs an analyse job (or its train job)`);
  const analyses = store.jobs.byExperiment(job.experimentId).filter((j) => j.kind === 'analyse' && j.config.networkJobId === job.id);
  if (analyses.length === 1) return analyses[0]!;
  if (analyses.length === 0) throw badRequest(`train job ${id} has no analyse job`);
  throw badRequest(`train job ${id} has ${analyses.length} analyse jobs (${analyses.map((j) => j.id).join(', ')}); pass one of them`);
}
