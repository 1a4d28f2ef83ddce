// toLabError: the one mapping of anything thrown to the contract's LabError.
import { describe, expect, it } from 'vitest';
import { LabFailure, toLabError } from '../../src-main/app/errors';
import { ExperimentSetupError } from '../../src-main/jobs/errors';
import { ReportError } from '../../src-main/report/errors';

describe('toLabError', () => {
  it('keeps a LabFailure as it is', () => {
    expect(toLabError(new LabFailure('conflict', 'busy', [{ field: 'id', message: 'running' }])))
      .toEqual({ code: 'conflict', message: 'busy', fields: [{ field: 'id', message: 'running' }] });
  });

  it("keeps code and fields of a LabFailure from another copy of the module (Electron's bundle)", () => {
    const foreign = Object.assign(new Error('spec: bad'), { name: 'LabFailure', code: 'bad-request', fields: [{ field: 'epochs', message: 'too small' }] });
    expect(toLabError(foreign)).toEqual({ code: 'bad-request', message: 'spec: bad', fields: [{ field: 'epochs', message: 'too small' }] });
    expect(toLabError({ code: 'not-found', message: 'job x not found' })).toEqual({ code: 'not-found', message: 'job x not found' });
  });

  it('maps report export errors and engine input errors to bad-input', () => {
    const r = new ReportError('cannot write /nope/report.html: permission denied');
    expect(toLabError(r)).toEqual({ code: 'bad-input', message: r.message });
    class DatasetLoadError extends Error {}
    expect(toLabError(new DatasetLoadError('meta.json: missing'))).toMatchObject({ code: 'bad-input' });
  });

  it('names the spec field of a setup error, and anything else is internal', () => {
    expect(toLabError(new ExperimentSetupError('seenCounts', 'too many'))).toMatchObject({ code: 'bad-request', fields: [{ field: 'seenCounts' }] });
    expect(toLabError(new TypeError('x is undefined'))).toEqual({ code: 'internal', message: 'x is undefined' });
    expect(toLabError('boom')).toEqual({ code: 'internal', message: 'boom' });
    expect(toLabError({ code: 'weird', message: 'odd' })).toEqual({ code: 'internal', message: 'odd' });
  });
});
