// batchSize 4096 (the schema's own maximum): the job's memory is estimated before anything is
// stored, and the spec is refused naming batchSize and the largest batch that fits.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabFailure, createLabService, type LabService } from '../../src-main/app';
import { checkMemory } from '../../src-main/app/experiments';
import { initBackend } from '../../src-main/engine/backend/index';
import { largestBatch, networkSize, trainStepBytes } from '../../src-main/engine/models/memory';
import { parseExperimentSpec } from '../../shared/spec';
import { fakeDataset, tempDir } from '../store/helpers';

const RUNNERS = path.join(__dirname, '..', 'jobs', 'fixtures', 'fake-runners.ts');
let dir: string;
let service: LabService;
beforeAll(async () => {
  await initBackend('wasm');
  dir = tempDir();
  service = createLabService({ dbPath: path.join(dir, 'lab.db'), backend: 'wasm', workers: 1, runnersModule: RUNNERS });
  service.store.datasets.save(fakeDataset({ size: 32 }), path.join(dir, 'datasets', 'ds1'));
});
afterAll(async () => { await service.close(); fs.rmSync(dir, { recursive: true, force: true }); });

describe('memory estimate before a job starts', () => {
  it('grows with the batch and says what fits', () => {
    const s = networkSize('labnet', { imageSize: 32, channels: 3, classes: 4 });
    expect(s.params).toBeGreaterThan(10_000);
    expect(trainStepBytes(s, 4096)).toBeGreaterThan(4 * 2 ** 30); // the reported failure was at 4.3 GB
    const fits = largestBatch(s, 2 ** 30);
    expect(trainStepBytes(s, fits)).toBeLessThanOrEqual(2 ** 30);
    expect(trainStepBytes(s, fits + 1)).toBeGreaterThan(2 ** 30);
  });

  it('refuses batchSize 4096 on the wasm backend, naming the field and the batch to use, storing nothing', async () => {
    const spec = { dataset: 'ds1', transformations: ['rot90'], seenCounts: [0], batchSize: 4096 };
    const v = await service.call('experiments.validate', { spec });
    expect(v.ok).toBe(false);
    expect(v.errors[0]!.field).toBe('batchSize');
    expect(v.errors[0]!.message).toMatch(/^batchSize: a training step of labnet at 32x32 px with batchSize 4096 needs about [\d.]+ GB, more than the wasm backend's 4 GB memory limit: lower batchSize to \d+ or less$/);
    const e = await service.call('experiments.create', { spec: spec as never, start: false }).then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(LabFailure);
    expect((e as LabFailure).fields?.[0]?.field).toBe('batchSize');
    expect(service.store.experiments.list()).toEqual([]);
    // The default batch is fine.
    expect((await service.call('experiments.validate', { spec: { ...spec, batchSize: 32 } })).ok).toBe(true);
  });

  it('names the worker budget when that is what is short', async () => {
    const r = parseExperimentSpec({ dataset: 'ds1', transformations: ['rot90'], batchSize: 512, imageSize: 64 });
    if (!r.ok) throw new Error('bad spec');
    await expect(checkMemory(r.spec, fakeDataset({ size: 32 }), { bytesPerWorker: 512 * 2 ** 20, workers: 2, backend: 'tensorflow' }))
      .rejects.toThrow(/more than the 0\.5 GB each of the 2 job workers may use: lower batchSize to \d+ or less, or imageSize \(64 px\), or run fewer workers/);
  });
});
