// Spec validation lets nothing through that can only fail later: misspelled keys are errors
// naming the key and the nearest valid name, transformation parameters are checked against
// the transformation's own table (names, ranges), and nothing is stored for a bad spec.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabFailure, createLabService, type LabService } from '../../src-main/app';
import { validateSpec } from '../../src-main/app/spec-errors';
import { fakeDataset, tempDir } from '../store/helpers';

const RUNNERS = path.join(__dirname, '..', 'jobs', 'fixtures', 'fake-runners.ts');
let dir: string;
let service: LabService;
beforeAll(() => {
  dir = tempDir();
  service = createLabService({ dbPath: path.join(dir, 'lab.db'), backend: 'cpu', workers: 1, runnersModule: RUNNERS });
  service.store.datasets.save(fakeDataset(), path.join(dir, 'datasets', 'ds1'));
});
afterAll(async () => { await service.close(); fs.rmSync(dir, { recursive: true, force: true }); });

const base = { dataset: 'ds1', seenCounts: [0, 1] };
const errorsOf = (spec: unknown) => {
  const r = validateSpec(spec);
  return r.ok ? [] : r.errors;
};

describe('spec validation', () => {
  it.each([
    [{ ...base, transformations: ['rot90'], epoch: 3 }, 'epoch', 'unknown key "epoch"; did you mean "epochs"?'],
    [{ ...base, transformations: ['rot90'], batchsize: 8 }, 'batchsize', 'unknown key "batchsize"; did you mean "batchSize"?'],
    [{ ...base, transformations: ['rot90'], analysis: { tua: 0.2 } }, 'analysis.tua', 'unknown key "tua"; did you mean "tau"?'],
    [{ ...base, transformations: [{ id: 'blur', param: { sigma: 2 } }] }, 'transformations.0.param', 'unknown key "param"; did you mean "params"?'],
  ])('a misspelled key is an error naming it and the nearest valid name (%#)', (spec, field, message) => {
    const errs = errorsOf(spec);
    expect(errs).toHaveLength(1);
    expect(errs[0]!.field).toBe(field);
    expect(errs[0]!.message.startsWith(message)).toBe(true);
  });

  it.each([
    [{ id: 'blur', params: { sigma: -1 } }, 'transformations.0.params.sigma', 'blur: parameter sigma must be > 0 (got -1)'],
    [{ id: 'saltpepper', params: { p: 2 } }, 'transformations.0.params.p', 'saltpepper: parameter p must be <= 1 (got 2)'],
    [{ id: 'blur', params: { radius: 3 } }, 'transformations.0.params.radius', 'blur: unknown parameter "radius" (accepted: sigma)'],
    [{ id: 'rot90', params: { angle: 3 } }, 'transformations.0.params.angle', 'rot90: unknown parameter "angle" (it takes no parameters)'],
  ])('parameters are checked against the transformation table (%#)', (t, field, message) => {
    expect(errorsOf({ ...base, transformations: [t] })).toEqual([{ field, message }]);
  });

  it('stores nothing for a bad spec, and accepts a good one', async () => {
    for (const spec of [
      { ...base, transformations: ['rot90'], epoch: 3 },
      { ...base, transformations: [{ id: 'blur', params: { sigma: -1 } }] },
      { ...base, transformations: [{ id: 'saltpepper', params: { p: 2 } }] },
    ]) {
      const v = await service.call('experiments.validate', { spec });
      expect(v.ok).toBe(false);
      const e = await service.call('experiments.create', { spec: spec as never, start: false }).then(() => null, (x: unknown) => x);
      expect(e).toBeInstanceOf(LabFailure);
      expect((e as LabFailure).code).toBe('bad-request');
    }
    expect(service.store.experiments.list()).toEqual([]);
    expect((await service.call('experiments.validate', { spec: { ...base, transformations: [{ id: 'blur', params: { sigma: 2 } }], epochs: 3 } })).ok).toBe(true);
  });
});
