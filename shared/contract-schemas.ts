// Every method's request, written once: the zod schema is the runtime check AND the static
// type (shared/contract.ts derives `Req<M>` from it with z.input, the service's handlers get
// z.output). The app service validates each request here, once; the transports (WebSocket,
// Electron IPC) forward what they receive, so a malformed request is a 'bad-request' LabError
// naming the field, never an exception deep in the service. Pure (zod only): no Node, no DOM.
import { z } from 'zod';
import { BACKEND_IDS, TRANSFORM_IDS } from './ids';
import { FIGURE_IDS } from './figure-defs/index';
import type { LabError, LabEvent, LabMethod } from './contract';
import type { ExperimentSpecInput } from './spec';

const id = z.string().min(1).max(200);
const transform = z.enum(TRANSFORM_IDS);
const condition = z.union([z.literal('clean'), transform]);
/** No request: undefined or null (JSON has no undefined); typed `void` so callers may leave it out. */
const none = z.union([z.undefined(), z.null()]).transform(() => undefined) as unknown as z.ZodType<undefined, void | null>;
/** A spec: checked here only as an object; the service's parseExperimentSpec names each bad field.
 *  Typed as the spec so that callers (the designer, the CLI) are type-checked against it. */
const specInput = z.record(z.string(), z.unknown()) as unknown as z.ZodType<ExperimentSpecInput, ExperimentSpecInput>;
const seenCount = z.union([z.number().int().min(0), z.literal('all')]);
export const REPORT_FORMATS = ['html', 'pdf', 'svg', 'png', 'csv'] as const;
/** Which transformation / seen count / seed / condition / job a figure shows (`FigureOptions`). */
export const figureOptions = z.object({
  transform: transform.optional(), seenCount: seenCount.optional(),
  seed: z.number().int().min(0).optional(), condition: condition.optional(), jobId: id.optional(),
});
/** A file or folder path: every field built from it must be listed in PATH_FIELDS (a test checks). */
export const filePath = z.string().min(1).max(4096);

export type PathAccess = 'read' | 'write';
/** The request fields that name a path, per method: the server confines each (src-main/app/path-guard.ts). */
export const PATH_FIELDS: Partial<Record<LabMethod, { field: string; access: PathAccess }[]>> = {
  'datasets.import': [{ field: 'path', access: 'read' }],
  'reports.export': [{ field: 'outDir', access: 'write' }],
  'sweeps.submit': [{ field: 'dir', access: 'write' }],
  'sweeps.status': [{ field: 'dir', access: 'read' }],
  'sweeps.collect': [{ field: 'dir', access: 'read' }],
};

export const REQUEST_SCHEMAS = {
  'app.info': none,
  'datasets.list': none,
  'datasets.import': z.object({
    path: filePath, name: z.string().min(1).max(200).optional(), size: z.number().int().min(8).max(256).optional(),
  }),
  'datasets.remove': z.object({ id }),
  'datasets.builtin': none,
  'datasets.samples': z.object({
    id, perClass: z.number().int().min(1).max(64), split: z.enum(['train', 'test']).optional(),
  }),
  'transforms.preview': z.object({
    datasetId: id, index: z.number().int().min(0), transform,
    params: z.record(z.string(), z.number()).optional(), seed: z.number().int().min(0).optional(),
  }),
  // The spec itself is validated by the service (parseExperimentSpec), which names each bad field.
  'experiments.validate': z.object({ spec: z.unknown() }),
  'experiments.create': z.object({ spec: specInput, start: z.boolean().optional() }),
  'experiments.list': z.union([none, z.object({
    search: z.string().max(200).optional(), status: z.string().max(40).optional(),
  })]),
  'experiments.get': z.object({ id }),
  'experiments.remove': z.object({ id }),
  'experiments.control': z.object({ id, action: z.enum(['run', 'pause', 'cancel']) }),
  'experiments.index': none,
  'experiments.annotate': z.object({
    id, tags: z.array(z.string().trim().min(1).max(40)).max(30).optional(), note: z.string().max(20_000).optional(),
  }),
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
    experimentId: id, figure: z.enum(FIGURE_IDS), options: figureOptions.optional(),
  }),
  'results.neuron': z.object({
    jobId: id, layer: z.string().max(200).optional(), neuron: z.number().int().min(0),
    top: z.number().int().min(1).max(100).optional(),
  }),
  'reports.export': z.object({
    experimentId: id, outDir: filePath,
    formats: z.array(z.enum(REPORT_FORMATS)).min(1),
    figures: z.array(z.enum(FIGURE_IDS)).optional(),
    /** Replace files of a previous export; without it an existing file is never overwritten. */
    overwrite: z.boolean().optional(),
    /** The figures' colours; light by default. */
    theme: z.enum(['light', 'dark']).optional(),
  }),
  'settings.get': none,
  'settings.set': z.object({
    backend: z.enum(['auto', ...BACKEND_IDS]).optional(),
    workers: z.union([z.number().int().min(1).max(256), z.literal('auto')]).optional(),
    theme: z.enum(['light', 'dark', 'system']).optional(),
  }),
  'sweeps.submit': z.object({
    spec: specInput.optional(), experimentId: id.optional(), dir: filePath,
    slurm: z.object({
      partition: z.string().min(1).max(200).optional(), time: z.string().min(1).max(40).optional(),
      cpus: z.number().int().min(1).max(1024).optional(), mem: z.string().min(1).max(40).optional(),
      gpus: z.number().int().min(0).max(64).optional(), maxParallel: z.number().int().min(1).max(100000).optional(),
      account: z.string().min(1).max(200).optional(), sbatchArgs: z.array(z.string().min(1).max(400)).max(50).optional(),
    }),
    dryRun: z.boolean().optional(),
    /** Reference the dataset folder in place (it must be on the shared file system) instead of copying it. */
    datasetInPlace: z.boolean().optional(),
    /** The folder is shared with the compute nodes although its file system looks local. */
    shared: z.boolean().optional(),
  }).refine((r) => (r.spec === undefined) !== (r.experimentId === undefined), { message: 'give either spec or experimentId', path: ['spec'] }),
  'sweeps.list': z.union([none, z.object({ experimentId: id.optional() })]),
  'sweeps.status': z.object({ dir: filePath }),
  'sweeps.collect': z.object({ dir: filePath }),
} satisfies Record<string, z.ZodType>;

export const LAB_METHODS = Object.keys(REQUEST_SCHEMAS) as LabMethod[];

export function isLabMethod(x: unknown): x is LabMethod {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(REQUEST_SCHEMAS, x);
}

/** Validate one request; on failure a LabError whose fields name each bad path. */
export function validateRequest(method: string, req: unknown):
  { ok: true; method: LabMethod; req: unknown } | { ok: false; error: LabError } {
  if (!isLabMethod(method)) {
    return { ok: false, error: { code: 'bad-request', message: `unknown method "${method}"` } };
  }
  const r = (REQUEST_SCHEMAS as Record<LabMethod, z.ZodType>)[method].safeParse(req);
  if (r.success) return { ok: true, method, req: r.data };
  const fields = r.error.issues.map((i) => ({ field: i.path.join('.') || '(request)', message: i.message }));
  return {
    ok: false,
    error: {
      code: 'bad-request',
      message: `${method}: invalid request: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`,
      fields,
    },
  };
}

export const LAB_EVENTS = [
  'job.progress', 'job.epoch', 'job.status', 'job.log', 'experiment.finished',
  'dataset.importProgress', 'report.progress',
] as const satisfies readonly LabEvent[];
// Compile-time check that no event of the contract is forgotten by the transports.
type MissingEvent = Exclude<LabEvent, (typeof LAB_EVENTS)[number]>;
const _allEventsForwarded: MissingEvent extends never ? true : never = true;
void _allEventsForwarded;
