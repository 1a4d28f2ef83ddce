// LabError (shared/contract.ts) as a throwable, and the mapping of anything thrown to it.
import type { LabError } from '../../shared/contract';
import type { SpecError } from '../../shared/spec';
import { ExperimentSetupError } from '../jobs/errors';
import { StorageError, storageErrno } from '../engine/io/atomic';

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
const CODES = new Set<LabError['code']>(['bad-request', 'not-found', 'conflict', 'bad-input', 'storage', 'internal']);

/**
 * Anything thrown -> the contract's LabError. Codes and fields are read by shape, not class:
 * Electron's bundled main process sees LabFailures of the service's own (tsx-loaded) copy of
 * this module, and plain LabError objects may arrive over a transport.
 */
export function toLabError(e: unknown): LabError {
  if (e instanceof LabFailure) return e.toJSON();
  if (e instanceof ExperimentSetupError) return { code: 'bad-request', message: e.message, fields: [{ field: e.field, message: e.message }] };
  if (e && typeof e === 'object') {
    const o = e as { code?: unknown; message?: unknown; fields?: unknown; name?: unknown };
    const message = typeof o.message === 'string' ? o.message : String(e);
    // Engine and report errors may carry a LabError code of their own.
    if (typeof o.code === 'string' && CODES.has(o.code as LabError['code'])) {
      return { code: o.code as LabError['code'], message, ...(Array.isArray(o.fields) ? { fields: o.fields as SpecError[] } : {}) };
    }
    // A full disk, a read-only folder, SQLite's "database or disk is full": the cause, not "internal".
    const errno = storageErrno(e);
    if (errno) return { code: 'storage', message: o instanceof StorageError ? message : `${message} (${errno})` };
    if (BAD_INPUT_NAMES.has(String(o.name)) || BAD_INPUT_NAMES.has(e.constructor?.name)) return { code: 'bad-input', message };
    return { code: 'internal', message };
  }
  return { code: 'internal', message: String(e) };
}

export function isLabError(x: unknown): x is LabError {
  return typeof x === 'object' && x !== null && typeof (x as LabError).code === 'string' && typeof (x as LabError).message === 'string';
}
