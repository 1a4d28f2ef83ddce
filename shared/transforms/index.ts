// The transformation registry: the ONE list of registered transformations, in the paper's
// order (families, then SPEC.md's table). Adding a transformation = write
// `shared/transforms/<id>.ts` (see define.ts and any neighbour) + one line below.
// Everything else (ids, spec schema, engine, designer form, CLI help, docs table, reports,
// tests) reads this list.
import type { TransformDef, TransformFamily } from './define';
import grayscale from './grayscale';
import hue180 from './hue180';
import blur from './blur';
import highpass from './highpass';
import hfilter from './hfilter';
import vfilter from './vfilter';
import invert from './invert';
import noise from './noise';
import saltpepper from './saltpepper';
import rot90 from './rot90';
import rot180 from './rot180';
import thin from './thin';
import scale from './scale';
import quantize from './quantize';

export const TRANSFORMS = [
  grayscale, hue180,
  blur, highpass, hfilter, vfilter, invert, quantize,
  noise, saltpepper,
  rot90, rot180, thin, scale,
] as const;

export type TransformId = (typeof TRANSFORMS)[number]['id'];
/** Ids of the transformations whose strength experiments calibrate. */
export type CalibratedId = Extract<(typeof TRANSFORMS)[number], { calibration: object }>['id'];

export const TRANSFORM_IDS = TRANSFORMS.map((d) => d.id) as unknown as readonly [TransformId, ...TransformId[]];

const BY_ID: ReadonlyMap<string, TransformDef<TransformId>> = new Map(TRANSFORMS.map((d) => [d.id, d as TransformDef<TransformId>]));
if (BY_ID.size !== TRANSFORMS.length) throw new Error(`internal: two registered transformations share an id (${TRANSFORM_IDS.join(', ')})`);

export function isTransformId(x: unknown): x is TransformId {
  return typeof x === 'string' && BY_ID.has(x);
}

/** Thrown for an unknown transformation id or bad parameters. */
export class TransformParamError extends Error {
  override name = 'TransformParamError';
}

export function assertTransformId(id: unknown): asserts id is TransformId {
  if (!isTransformId(id)) {
    throw new TransformParamError(`unknown transformation "${String(id)}"; valid ids: ${TRANSFORM_IDS.join(', ')}`);
  }
}

/** The definition of `id`; an id nobody registered throws, naming the registered ones. */
export function transformDef(id: string): TransformDef<TransformId> {
  assertTransformId(id);
  return BY_ID.get(id)!;
}

function record<V>(f: (d: TransformDef<TransformId>) => V): Record<TransformId, V> {
  return Object.fromEntries(TRANSFORMS.map((d) => [d.id, f(d as TransformDef<TransformId>)])) as Record<TransformId, V>;
}

export const TRANSFORM_FAMILY: Record<TransformId, TransformFamily> = record((d) => d.family);
/** Names as the paper prints them, for legends and reports. */
export const TRANSFORM_LABEL: Record<TransformId, string> = record((d) => d.label);
export const TRANSFORM_COLOR: Record<TransformId, string> = record((d) => d.color);
export const CALIBRATED_TRANSFORMS = TRANSFORMS.filter((d) => 'calibration' in d).map((d) => d.id) as readonly TransformId[] as readonly CalibratedId[];

export type { ApplyContext, CalibrationDef, ParamDef, PlainImage, TransformDef, TransformFamily } from './define';
export { checkApplicable, type Applicability } from './applicability';
export { defaultParams, paramErrors, paramSpecs, resolveParams } from './params';
