// Test images of one confusion-matrix cell: the trained network predicts the test split again
// (the evaluation's batches and noise seed, so the cell holds the same images) in this process.
import type { TransformId } from '../../shared/ids';
import { jobContext, resolveTransform } from '../jobs/inputs';
import type { Store } from '../store';
import { specTransforms } from '../../shared/spec';
import { LabFailure, badRequest, notFound } from './errors';
import type { DatasetCache } from './images';
import { pngDataUrl } from './images';

export async function confusionExamples(
  store: Store, datasets: DatasetCache,
  req: { jobId: string; condition: 'clean' | TransformId; trueClass: number; predicted: number; limit?: number },
): Promise<{ images: string[] }> {
  const job = store.jobs.get(req.jobId);
  if (!job) throw notFound(`job ${req.jobId}`);
  if (job.kind !== 'train') throw badRequest(`job ${req.jobId} is a ${job.kind} job; confusion examples need a train job`);
  if (job.status !== 'done') throw new LabFailure('conflict', `job ${req.jobId} is not trained yet (status ${job.status})`);
  const ctx = jobContext(store, job);
  let transform = null;
  if (req.condition !== 'clean') {
    const t = specTransforms(ctx.spec).find((x) => x.id === req.condition);
    transform = t ? resolveTransform(store, job.experimentId, job.seed, t) : null;
    if (!transform) throw badRequest(`condition ${req.condition} is not a (calibrated) transformation of this experiment`);
  }
  const ds = await datasets.get(ctx.datasetDir);
  const classes = ds.meta.classes.length;
  for (const [name, v] of [['trueClass', req.trueClass], ['predicted', req.predicted]] as const) {
    if (v >= classes) throw badRequest(`${name} ${v} is outside 0..${classes - 1}`);
  }
  const [{ loadTrainedNetwork }, { predictSplit }, { transformImage }] = await Promise.all([
    import('../engine/train'), import('../engine/evaluate/predict'), import('../engine/transforms'),
  ]);
  const net = await loadTrainedNetwork(job.workDir);
  try {
    const g = { storedSize: ds.meta.size, channels: ds.meta.channels, imageSize: ctx.imageSize };
    const { labels, preds } = predictSplit(net, ds.test, g, { transform });
    const limit = req.limit ?? 12;
    const per = ds.meta.size * ds.meta.size * ds.meta.channels;
    const images: string[] = [];
    for (let i = 0; i < labels.length && images.length < limit; i++) {
      if (labels[i] !== req.trueClass || preds[i] !== req.predicted) continue;
      const image = { data: ds.test.pixels.subarray(i * per, (i + 1) * per), height: ds.meta.size, width: ds.meta.size, channels: ds.meta.channels };
      // Shown as the network saw it (random transformations redraw their noise for display).
      const shown = transform ? transformImage(transform, image, i) : image;
      images.push(await pngDataUrl(shown.data, shown.height, shown.width, shown.channels));
    }
    return { images };
  } finally {
    net.model.dispose();
  }
}
