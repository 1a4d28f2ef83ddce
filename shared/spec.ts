// The experiment spec: what a lab member writes (JSON) or fills in (designer view).
// Validated with zod at every boundary; every error names its field.
import { z } from 'zod';
import { NETWORK_IDS, TRANSFORM_IDS } from './ids';
import { paramErrors } from './transforms/index';

// Every object is strict: a misspelled key ("epoch", "batchsize") is an error naming it (with
// the nearest valid name, src-main/app/spec-errors.ts), never silently run with the default.
// Parameters are checked against the transformation's own table (shared/transforms/<id>.ts:
// names and ranges) before anything is stored.
export const transformSpecSchema = z.strictObject({
  id: z.enum(TRANSFORM_IDS),
  /** Fixed parameters, e.g. { sigma: 2 } for blur. Calibrated transforms without params are calibrated. */
  params: z.record(z.string(), z.number()).optional(),
}).superRefine((t, ctx) => {
  for (const [name, value] of Object.entries(t.params ?? {})) {
    for (const message of paramErrors(t.id, { [name]: value })) ctx.addIssue({ code: 'custom', path: ['params', name], message });
  }
});
export type TransformSpec = z.infer<typeof transformSpecSchema>;

const seenCountSchema = z.union([z.number().int().min(0), z.literal('all')]);

export const analysisSpecSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** Layer to analyse; default the penultimate layer. */
  layer: z.string().optional(),
  /** Fixed tau, or 'auto' for the ablation search. */
  tau: z.union([z.number().min(0).max(1), z.literal('auto')]).default('auto'),
  maxUnits: z.number().int().min(1).default(4096),
  /** Also compute mean invariance for every layer (paper Fig. 10). */
  layerwise: z.boolean().default(true),
});

export const experimentSpecSchema = z.strictObject({
  name: z.string().min(1).max(200).optional(),
  /** Dataset id in the store, or 'builtin' / 'builtin:<seed>' for the procedural dataset. */
  dataset: z.string().min(1),
  network: z.enum(NETWORK_IDS).default('labnet'),
  /** Side of the square input; defaults to the dataset's own size. */
  imageSize: z.number().int().min(8).max(256).optional(),
  /** A transformation id, or { id, params }. */
  transformations: z.array(z.union([z.enum(TRANSFORM_IDS), transformSpecSchema])).min(1),
  seenCounts: z.array(seenCountSchema).min(1).default([0, 1, 2, 5, 10, 'all']),
  seeds: z.array(z.number().int().min(0)).min(1).default([0]),
  epochs: z.number().int().min(1).max(1000).default(10),
  learningRate: z.number().positive().max(10).default(0.01),
  batchSize: z.number().int().min(1).max(4096).default(32),
  momentum: z.number().min(0).max(1).default(0.9),
  weightDecay: z.number().min(0).max(1).default(5e-4),
  /** Use at most this many training images per category (quick runs). */
  trainPerClass: z.number().int().min(1).optional(),
  /** Calibration target accuracy (SPEC.md section 4); default by the chance rule. */
  calibrationTarget: z.number().min(0).max(1).optional(),
  /**
   * How a calibrated strength is chosen (SPEC.md section 4): 'paper' (default; raise the strength
   * until the clean network falls below the target) or 'learnable' (the strongest level, from
   * the image-size bound downward, that a network trained briefly with every category
   * transformed still learns: at least 0.8 x the clean network's accuracy). Absent = 'paper'.
   */
  calibrationRule: z.enum(['paper', 'learnable']).optional(),
  /**
   * The learning rate over training (src-main/engine/train/schedule.ts): 'constant' (absent =
   * constant, the paper's) or 'cosine' (from learningRate down towards 0 over all steps).
   */
  learningRateSchedule: z.enum(['constant', 'cosine']).optional(),
  analysis: analysisSpecSchema.default({ enabled: true, tau: 'auto', maxUnits: 4096, layerwise: true }),
});
export type ExperimentSpecInput = z.input<typeof experimentSpecSchema>;
export type ExperimentSpec = z.output<typeof experimentSpecSchema>;

export interface SpecError { field: string; message: string }

/** Validate a parsed JSON value; errors name the field path, e.g. "transformations.2". */
export function parseExperimentSpec(value: unknown):
  { ok: true; spec: ExperimentSpec } | { ok: false; errors: SpecError[] } {
  const r = experimentSpecSchema.safeParse(value);
  if (r.success) return { ok: true, spec: r.data };
  return {
    ok: false,
    errors: r.error.issues.map((i) => ({ field: i.path.join('.') || '(spec)', message: i.message })),
  };
}

/** Normalised list of transformations of a spec. */
export function specTransforms(spec: ExperimentSpec): TransformSpec[] {
  return spec.transformations.map((t) => (typeof t === 'string' ? { id: t } : t));
}
