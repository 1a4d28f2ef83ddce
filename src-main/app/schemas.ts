// Request validation at the service boundary: every method's request has a zod schema, so a
// malformed request becomes a 'bad-request' LabError naming the field, never a crash.
import { z } from 'zod';
import { FIGURE_IDS, TRANSFORM_IDS } from '../../shared/ids';
import type { LabMethod } from '../../shared/contract';

const id = z.string().min(1).max(200);
const condition = z.union([z.literal('clean'), z.enum(TRANSFORM_IDS)]);
const none = z.union([z.undefined(), z.null()]).transform(() => undefined);

export const REQUEST_SCHEMAS: Record<LabMethod, z.ZodType> = {
  'app.info': none,
  'datasets.list': none,
  'datasets.import': z.object({ path: z.string().min(1), name: z.string().min(1).max(200).optional(), size: z.number().int().min(8).max(256).optional() }),
  'datasets.remove': z.object({ id }),
  'datasets.samples': z.object({ id, perClass: z.number().int().min(1).max(64), split: z.enum(['train', 'test']).optional() }),
  'transforms.preview': z.object({
    datasetId: id, index: z.number().int().min(0), transform: z.enum(TRANSFORM_IDS),
    params: z.record(z.string(), z.number()).optional(), seed: z.number().int().min(0).optional(),
  }),
  'experiments.validate': z.object({ spec: z.unknown() }),
  // The spec itself is validated by parseExperimentSpec, which names fields precisely.
  'experiments.create': z.object({ spec: z.unknown(), start: z.boolean().optional() }),
  'experiments.list': z.union([none, z.object({ search: z.string().optional(), status: z.string().optional() })]),
  'experiments.get': z.object({ id }),
  'experiments.remove': z.object({ id }),
  'jobs.list': z.union([none, z.object({ experimentId: id.optional(), active: z.boolean().optional() })]),
  'jobs.epochs': z.object({ jobId: id }),
  'jobs.pause': z.object({ id }),
  'jobs.resume': z.object({ id }),
  'jobs.cancel': z.object({ id }),
  'queue.pauseAll': none,
  'queue.resumeAll': none,
  'results.confusion': z.object({ jobId: id, condition }),
  'results.confusionExamples': z.object({
    jobId: id, condition, trueClass: z.number().int().min(0), predicted: z.number().int().min(0),
    limit: z.number().int().min(1).max(100).optional(),
  }),
  'results.figure': z.object({
    experimentId: id, figure: z.enum(FIGURE_IDS),
    options: z.object({
      transform: z.enum(TRANSFORM_IDS).optional(), seenCount: z.union([z.number().int().min(0), z.literal('all')]).optional(),
      seed: z.number().int().min(0).optional(), condition: condition.optional(), jobId: id.optional(),
    }).optional(),
  }),
  'results.neuron': z.object({ jobId: id, layer: z.string().optional(), neuron: z.number().int().min(0), top: z.number().int().min(1).max(100).optional() }),
  'reports.export': z.object({
    experimentId: id, outDir: z.string().min(1), formats: z.array(z.enum(['html', 'pdf', 'svg', 'png', 'csv'])).min(1),
    figures: z.array(z.enum(FIGURE_IDS)).optional(),
  }),
  'settings.get': none,
  'settings.set': z.object({
    backend: z.enum(['auto', 'tensorflow', 'wasm', 'cpu']).optional(),
    workers: z.union([z.number().int().min(1).max(256), z.literal('auto')]).optional(),
    theme: z.enum(['light', 'dark', 'system']).optional(),
  }),
};
