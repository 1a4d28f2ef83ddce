// The application service over a real store and queue, with fake engine runners in real workers.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabEvents } from '../../shared/contract';
import type { ExperimentSpecInput } from '../../shared/spec';
import { LabFailure, createLabService, type LabService } from '../../src-main/app';
import { fakeDataset, tempDir } from '../store/helpers';

const RUNNERS = path.join(__dirname, '..', 'jobs', 'fixtures', 'fake-runners.ts');
let dir: string;
let service: LabService;

beforeAll(() => {
  dir = tempDir();
  service = createLabService({ dbPath: path.join(dir, 'lab.db'), backend: 'cpu', workers: 2, runnersModule: RUNNERS });
  service.store.datasets.save(fakeDataset(), path.join(dir, 'datasets', 'ds1'));
  service.store.datasets.save(fakeDataset({ id: 'gray', name: 'gray', channels: 1 }), path.join(dir, 'datasets', 'gray'));
});
afterAll(async () => { await service.close(); fs.rmSync(dir, { recursive: true, force: true }); });

async function failure(p: Promise<unknown>): Promise<LabFailure> {
  try { await p; } catch (e) { expect(e).toBeInstanceOf(LabFailure); return e as LabFailure; }
  throw new Error('expected the call to fail');
}

describe('request validation', () => {
  it('turns a malformed request into a bad-request LabError naming the field', async () => {
    const e = await failure(service.call('jobs.epochs', { jobId: 42 } as never));
    expect(e.code).toBe('bad-request');
    expect(e.fields).toEqual([expect.objectContaining({ field: 'jobId' })]);
    expect((await failure(service.call('datasets.samples', { id: 'ds1', perClass: -1 }))).fields![0]!.field).toBe('perClass');
    expect((await failure(service.call('nope.method' as never, undefined as never))).code).toBe('bad-request');
  });

  it('answers not-found for unknown ids', async () => {
    expect((await failure(service.call('experiments.get', { id: 'ffffffffff' }))).code).toBe('not-found');
    expect((await failure(service.call('results.confusion', { jobId: 'x', condition: 'clean' }))).code).toBe('not-found');
  });
});

describe('experiments.validate', () => {
  it('names every wrong field', async () => {
    const r = await service.call('experiments.validate', { spec: { dataset: 'ds1', transformations: ['blurr'], epochs: 0, seenCounts: [-1] } });
    expect(r.ok).toBe(false);
    expect(r.errors.map((e) => e.field).sort()).toEqual(['epochs', 'seenCounts.0', 'transformations.0'].sort());
  });

  it('refuses a transformation that is the identity on the dataset', async () => {
    const r = await service.call('experiments.validate', { spec: { dataset: 'gray', transformations: ['rot90', 'hue180'] } });
    expect(r.ok).toBe(false);
    expect(r.errors[0]).toMatchObject({ field: 'transformations.1', message: expect.stringMatching(/identity on a grayscale/) });
    const e = await failure(service.call('experiments.create', { spec: { dataset: 'gray', transformations: ['grayscale'] }, start: false }));
    expect(e).toMatchObject({ code: 'bad-request', fields: [{ field: 'transformations.0' }] });
  });

  it('refuses an unknown dataset', async () => {
    const r = await service.call('experiments.validate', { spec: { dataset: 'nope', transformations: ['rot90'] } });
    expect(r.errors[0]).toMatchObject({ field: 'dataset', message: expect.stringMatching(/no dataset "nope"/) });
  });

  it('counts the jobs and estimates the time', async () => {
    const r = await service.call('experiments.validate', { spec: { dataset: 'ds1', transformations: ['rot90', 'blur'], seenCounts: [0, 1, 'all'], epochs: 2 } });
    // clean + calibrate blur + 2 x 2 trainings + 2 x 3 analyses
    expect(r).toMatchObject({ ok: true, jobs: 12 });
    expect(r.estimateSeconds).toBeGreaterThan(0);
  });
});

describe('running experiments', () => {
  it('creates, runs and reports an experiment, with events', async () => {
    const events: { [K in keyof LabEvents]?: number } = {};
    for (const ev of ['job.status', 'job.epoch', 'job.progress', 'experiment.finished'] as const) {
      service.on(ev, () => { events[ev] = (events[ev] ?? 0) + 1; });
    }
    const spec: ExperimentSpecInput = { dataset: 'ds1', transformations: ['rot90', 'blur'], seenCounts: [0, 2, 'all'], epochs: 2 };
    const summary = await service.call('experiments.create', { spec });
    expect(summary.id).toMatch(/^[0-9a-f]{10}$/);
    await service.whenIdle();
    const d = await service.call('experiments.get', { id: summary.id.slice(0, 6) });
    expect(d).toMatchObject({ status: 'done', jobs: { total: 12, done: 12, failed: 0 }, transforms: ['rot90', 'blur'] });
    expect(d.calibrations).toEqual([expect.objectContaining({ transform: 'blur', value: 1.5, seed: 0 })]);
    // One row per (network, transformation) + the clean network's own row.
    expect(d.evaluations.filter((e) => e.seenCount === 0).map((e) => e.transform).sort()).toEqual(['blur', 'rot90', null].sort() as never);
    expect(d.analyses).toHaveLength(6);
    expect(d.analyses.every((a) => a.networkJobId && d.jobList.some((j) => j.id === a.networkJobId && j.kind === 'train'))).toBe(true);
    expect(d.correlations.length).toBeGreaterThan(0);
    expect(events['experiment.finished']).toBe(1);
    expect(events['job.epoch']).toBe(5 * 2);
    expect(events['job.status']).toBeGreaterThanOrEqual(24);
    const epochs = await service.call('jobs.epochs', { jobId: d.jobList[0]!.id });
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect((await service.call('results.confusion', { jobId: d.jobList[0]!.id, condition: 'clean' })).counts).toHaveLength(4);
    expect((await service.call('experiments.list', { search: 'rot90' })).map((e) => e.id)).toContain(summary.id);

    const fig = await service.call('results.figure', { experimentId: summary.id, figure: 'within-across' });
    expect(fig).toMatchObject({ figure: 'within-across', experimentId: summary.id });
    // The clean network is analysed once per transformation: its train job id is ambiguous.
    expect(await failure(service.call('results.neuron', { jobId: d.jobList[0]!.id, neuron: 0 })))
      .toMatchObject({ code: 'bad-request', message: expect.stringMatching(/has 2 analyse jobs .*pass one of them/) });

    // The same spec through runSpec resumes the experiment: nothing new, nothing re-run.
    const again = await service.runSpec(spec, { reuse: true });
    expect(again).toMatchObject({ created: false, newJobs: 0, requeued: 0 });
    expect(again.experiment.id).toBe(summary.id);
    await service.start();
    await service.whenIdle();
    expect(service.store.jobs.byExperiment(summary.id).every((j) => j.attempts === 1)).toBe(true);

    // Its dataset cannot be removed while the experiment exists; the experiment can.
    expect((await failure(service.call('datasets.remove', { id: 'ds1' }))).code).toBe('conflict');
    fs.mkdirSync(service.store.layout.jobDir(d.jobList[0]!.id), { recursive: true });
    await service.call('experiments.remove', { id: summary.id });
    expect(fs.existsSync(service.store.layout.jobDir(d.jobList[0]!.id))).toBe(false);
    expect((await failure(service.call('experiments.get', { id: summary.id }))).code).toBe('not-found');
  });

  it('stores settings', async () => {
    expect(await service.call('settings.get', undefined)).toEqual({ backend: 'auto', workers: 'auto', theme: 'system' });
    expect(await service.call('settings.set', { theme: 'dark', workers: 3 })).toEqual({ backend: 'auto', workers: 3, theme: 'dark' });
    expect((await failure(service.call('settings.set', { workers: 0 }))).fields![0]!.field).toBe('workers');
  });

  it('reports app info', async () => {
    const info = await service.call('app.info', undefined);
    expect(info).toMatchObject({ backend: 'cpu', workers: 2, dataDir: dir });
  });
});
