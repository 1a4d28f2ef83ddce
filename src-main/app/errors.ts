// LabError (shared/contract.ts) as a throwable, and the mapping of anything thrown to it.
import type { LabError } from '../../shared/contract';
import type { SpecError } from '../../shared/spec';
import { ExperimentSetupError } from '../jobs/errors';

export class LabFailure extends Error implements LabError {
  override name = 'LabFailure';
  constructor(readonly code: LabError['code'], message: string, readonly fields?: SpecError[]) {
    super(message);
  }
  toJSON(): LabError {
    return { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) };
  }
}

export const notFound = (what: string) => new LabFailure('not-found', `${what} not found`);
export const badRequest = (message: string, fields?: SpecError[]) => new LabFailure('bad-request', message, fields);

/** Errors the engine raises on bad user input (a corrupt file, a wrong layer) are 'bad-input'. */
const BAD_INPUT_NAMES = new Set([
  'DatasetImportError', 'DatasetLoadError', 'TransformParamError', 'TransformInputError', 'ImageFileError',
  'ActivationInputError', 'AblationUnsupportedError', 'NpyError', 'ReportError',
]);
const CODES = new Set<LabError['code']>(['bad-request', 'not-found', 'conflict', 'bad-input', 'internal']);

export function toLabError(e: unknown): LabError {
  if (e instanceof LabFailure) return e.toJSON();
  if (e instanceof ExperimentSetupError) return { code: 'bad-request', message: e.message, fields: [{ field: e.field, message: e.message }] };
  if (e instanceof Error) {
    // Engine and report errors may carry a LabError code of their own.
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && CODES.has(code as LabError['code'])) return { code: code as LabError['code'], message: e.message };
    if (BAD_INPUT_NAMES.has(e.name) || BAD_INPUT_NAMES.has(e.constructor?.name)) return { code: 'bad-input', message: e.message };
  }
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}

export function isLabError(x: unknown): x is LabError {
  return typeof x === 'object' && x !== null && typeof (x as LabError).code === 'string' && typeof (x as LabError).message === 'string';
}
