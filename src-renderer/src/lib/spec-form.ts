// The designer's form <-> an experiment spec. Text fields stay text until the spec is built:
// what is not a number is sent as typed, so the service's validation names the field.
import { NETWORK_IDS, TRANSFORM_IDS, type NetworkId, type TransformId } from '../../../shared/ids';
import type { SpecError } from '../../../shared/spec';
import { networkInfo } from '../../../shared/networks';
import { transformDef, type ParamDef } from '../../../shared/transforms/index';

/**
 * The form's controls for a transformation's parameters, generated from its definition
 * (shared/transforms/<id>.ts): a calibrated one is "calibrated" unless fixed, the others use
 * their defaults unless set. Sliders start one step above an exclusive minimum.
 */
export interface ParamControl { name: string; unit: string; min: number; max: number; step: number; default: number; description: string }

export function paramControls(t: TransformId): ParamControl[] {
  return transformDef(t).params.map((p: ParamDef) => ({
    name: p.name, unit: p.unit, step: p.step, default: p.default, description: p.description,
    min: p.minExclusive ? p.min + p.step : p.min, max: p.sliderMax,
  }));
}

export function isCalibrated(t: TransformId): boolean {
  return transformDef(t).calibration !== undefined;
}

/** `fixed`: the spec gives the parameters (a calibrated transformation then is not calibrated). */
export interface TransformChoice { on: boolean; fixed: boolean; values: Record<string, string> }

export interface SpecForm {
  name: string;
  dataset: string;
  network: NetworkId;
  imageSize: string;
  transforms: Record<TransformId, TransformChoice>;
  seenCounts: string;
  seeds: string;
  epochs: string;
  learningRate: string;
  batchSize: string;
  momentum: string;
  weightDecay: string;
  trainPerClass: string;
  calibrationTarget: string;
  /** '' = the paper's rule (the spec leaves the field out), or 'learnable'. */
  calibrationRule: '' | 'learnable';
  /** '' = constant (the spec leaves the field out), or 'cosine'. */
  learningRateSchedule: '' | 'cosine';
  analysisEnabled: boolean;
  layer: string;
  tauAuto: boolean;
  tau: string;
  maxUnits: string;
  layerwise: boolean;
}

export function defaultForm(): SpecForm {
  const transforms = Object.fromEntries(TRANSFORM_IDS.map((t) => [t, {
    on: false, fixed: false, values: Object.fromEntries(paramControls(t).map((p) => [p.name, String(p.default)])),
  }])) as Record<TransformId, TransformChoice>;
  return {
    name: '', dataset: '', network: NETWORK_IDS[0], imageSize: '', transforms,
    seenCounts: '0, 1, 2, 5, 10, all', seeds: '0', epochs: '10', learningRate: String(networkInfo(NETWORK_IDS[0]).defaultLearningRate), batchSize: '32',
    momentum: '0.9', weightDecay: '0.0005', trainPerClass: '', calibrationTarget: '', calibrationRule: '', learningRateSchedule: '',
    analysisEnabled: true, layer: '', tauAuto: true, tau: '0.1', maxUnits: '4096', layerwise: true,
  };
}

function num(s: string): number | string | undefined {
  const t = s.trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

function list(s: string): (number | string)[] {
  return s.split(/[\s,;]+/).filter(Boolean).map((x) => (x === 'all' ? 'all' : (num(x) ?? x)));
}

export function formToSpec(f: SpecForm): Record<string, unknown> {
  const spec: Record<string, unknown> = {};
  const put = (k: string, v: unknown) => { if (v !== undefined && v !== '') spec[k] = v; };
  put('name', f.name.trim() || undefined);
  spec.dataset = f.dataset;
  spec.network = f.network;
  put('imageSize', num(f.imageSize));
  spec.transformations = TRANSFORM_IDS.filter((t) => f.transforms[t].on).map((t) => {
    const c = f.transforms[t];
    const controls = paramControls(t);
    if (controls.length && c.fixed) {
      return { id: t, params: Object.fromEntries(controls.map((p) => [p.name, num(c.values[p.name] ?? '') ?? c.values[p.name]])) };
    }
    return t;
  });
  spec.seenCounts = list(f.seenCounts);
  spec.seeds = list(f.seeds);
  put('epochs', num(f.epochs));
  put('learningRate', num(f.learningRate));
  put('learningRateSchedule', f.learningRateSchedule || undefined);
  put('batchSize', num(f.batchSize));
  put('momentum', num(f.momentum));
  put('weightDecay', num(f.weightDecay));
  put('trainPerClass', num(f.trainPerClass));
  put('calibrationTarget', num(f.calibrationTarget));
  put('calibrationRule', f.calibrationRule || undefined);
  const analysis: Record<string, unknown> = {
    enabled: f.analysisEnabled,
    tau: f.tauAuto ? 'auto' : num(f.tau),
    layerwise: f.layerwise,
  };
  if (f.layer.trim()) analysis.layer = f.layer.trim();
  const mu = num(f.maxUnits);
  if (mu !== undefined) analysis.maxUnits = mu;
  spec.analysis = analysis;
  return spec;
}

/** Errors for a field and everything below it ("transformations" gets "transformations.2.params.sigma"). */
export function errorsFor(errors: SpecError[], field: string): string[] {
  return errors.filter((e) => e.field === field || e.field.startsWith(field + '.'))
    .map((e) => (e.field === field ? e.message : `${e.field.slice(field.length + 1)}: ${e.message}`));
}

/** The spec's top-level field an error is about ("transformations.2.params.sigma" -> "transformations"). */
export function topField(field: string): string {
  return field.split('.')[0]!;
}

/** Fields whose value differs between two specs (what the user has touched). */
export function changedFields(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

/** zod's terse messages in a lab member's words (the service's own messages pass through). */
export function friendlyMessage(field: string, message: string): string {
  if (field === 'dataset' && /too small|expected string|required/i.test(message)) return 'choose a dataset';
  if (field === 'transformations' && /too small|>=1/i.test(message)) return 'tick at least one transformation';
  const m = /^Too small: expected (?:string|array) to have >=1 (?:characters|items)$/.exec(message);
  if (m) return 'required';
  if (/^Invalid input: expected number, received string$/.test(message)) return 'must be a number';
  if (/^Invalid input: expected int, received number$/.test(message)) return 'must be a whole number';
  const small = /^Too small: expected number to be >(=?)(\S+)$/.exec(message);
  if (small) return `must be ${small[1] ? 'at least' : 'more than'} ${small[2]}`;
  const big = /^Too big: expected number to be <(=?)(\S+)$/.exec(message);
  if (big) return `must be ${big[1] ? 'at most' : 'less than'} ${big[2]}`;
  return message;
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return 'unknown';
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  const h = Math.floor(seconds / 3600);
  return `${h} h ${Math.round((seconds - h * 3600) / 60)} min`;
}
