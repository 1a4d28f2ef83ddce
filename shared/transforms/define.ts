// The shape of one transformation (SPEC.md section 2): everything the engine, the designer,
// the CLI, the docs and the reports need to know about it, written once, in one file per
// transformation (`shared/transforms/<id>.ts`), registered by one line in `./index.ts`.
//
// Why `apply` can live in shared/: it receives tfjs as an argument (`ctx.tf`), and this
// folder imports tfjs only as types (`import type`, erased at build). The renderer reads the
// metadata without bundling tfjs; the engine passes its tfjs in. The architecture test
// (test/architecture.test.ts) fails on any runtime import of tfjs, Node or the DOM here.
import type * as tfjs from '@tensorflow/tfjs';

export type Tfjs = typeof tfjs;
export type Tensor4D = tfjs.Tensor4D;
export type Tensor = tfjs.Tensor;

export type TransformFamily = 'color' | 'convolutional' | 'noise' | 'geometric';

/** One numeric parameter: the one table every door validates against. */
export interface ParamDef {
  name: string;
  default: number;
  /** Inclusive lower bound unless minExclusive. */
  min: number;
  minExclusive?: boolean;
  /** Inclusive upper bound unless maxExclusive. */
  max: number;
  maxExclusive?: boolean;
  /** Step of a form's input and of the calibration search. */
  step: number;
  /** Unit as a form or a table prints it after the value. */
  unit: string;
  /**
   * The end of the designer's and the preview's slider: the useful range. Typed values up to
   * `max` are valid (e.g. noise sigma 10000 is legal but a slider to it would be unusable).
   */
  sliderMax: number;
  description: string;
}

/**
 * How a calibrated transformation's strength is chosen (SPEC.md section 4): `param` takes the
 * values first, first + step, first + 2 step, ... (step < 0 searches downward, as `scale` from
 * 1) until the clean network's accuracy on transformed test images falls below the target
 * (engine/transforms/calibrate.ts), at most `maxSteps` values (default DEFAULT_MAX_STEPS).
 */
export interface CalibrationDef {
  param: string;
  first: number;
  step: number;
  maxSteps?: number;
  /**
   * The strongest value the search may try at `side` px (SPEC.md section 4): past it the
   * transformation destroys the image by construction, so the search stops there and says the
   * target was not reached. On the search's grid. Absent: no bound.
   */
  bound?(side: number): CalibrationBound;
}

export interface CalibrationBound {
  /** The strongest allowed value of the calibrated parameter. */
  value: number;
  /** The rule, in words, for messages and docs. */
  rule: string;
}

/** What `apply` gets besides the batch and its parameters. */
export interface ApplyContext {
  /** The engine's tfjs (whatever backend it chose). */
  tf: Tfjs;
  /** Drives random transformations; the engine always passes one (fresh when the caller gave none). */
  seed: number;
}

/** One HWC image as plain numbers: what `reference` reads and returns. */
export interface PlainImage {
  data: Float32Array;
  height: number;
  width: number;
  channels: number;
}

export interface TransformDef<Id extends string = string> {
  /** Stable id: CLI, database, specs, file names. Never rename. */
  id: Id;
  family: TransformFamily;
  /** The name as the paper prints it (legends, reports, the designer). */
  label: string;
  /** Legend colour (`TRANSFORM_PALETTE` in `shared/palette.ts`): never a seen / unseen / x + T(x) / x-only colour. */
  color: string;
  /** One line: the definition (CLI help, docs table). */
  summary: string;
  params: readonly ParamDef[];
  /** Draws random numbers, so the result depends on the seed. */
  random: boolean;
  /** Only meaningful on 3 channels: the identity on a 1-channel dataset, so refused there. */
  colourOnly: boolean;
  /** Present when experiments calibrate its strength unless the spec fixes it. */
  calibration?: CalibrationDef;
  /**
   * The transformation on a batch [N,H,W,C], float32 in [0,255], C = 1 or 3; parameters already
   * validated and defaulted. Must not dispose `x`. Output is not clipped unless the definition
   * says so. Returns a rank-4 tensor (typed loosely so tf.tidy's result needs no cast; the
   * engine checks the rank).
   */
  apply(x: Tensor4D, params: Readonly<Record<string, number>>, ctx: ApplyContext): Tensor;
  /**
   * The definition written plainly (loops over pixels, no tfjs), for one image: the
   * registry-driven test checks `apply` against it for every registered transformation.
   * Random transformations get the seed `apply` got, for a batch of this one image.
   */
  reference(image: PlainImage, params: Readonly<Record<string, number>>, seed: number): PlainImage;
}

/** What a definition file writes: `params`, `random` and `colourOnly` may be left out ([], false, false). */
export type TransformDefInput = Omit<TransformDef, 'params' | 'random' | 'colourOnly'> &
  Partial<Pick<TransformDef, 'params' | 'random' | 'colourOnly'>>;

/**
 * `export default defineTransform({ id: 'blur', ... })`: checks the object against
 * TransformDef, fills the omitted fields, and keeps its literal types (the id, whether
 * `calibration` is there), from which the registry derives TransformId and CalibratedId.
 */
export function defineTransform<const D extends TransformDefInput>(def: D): D & Pick<TransformDef, 'params' | 'random' | 'colourOnly'> {
  return { params: [], random: false, colourOnly: false, ...def };
}
