// The queue + worker pool + protocol with real worker threads running fake engine runners.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseExperimentSpec, type ExperimentSpecInput } from '../../shared/spec';
import { expandExperiment } from '../../src-main/jobs/expand';
import { WorkerPool } from '../../src-main/jobs/pool';
import { JobQueue } from '../../src-main/jobs/queue';
import { seededPermutation } from '../../src-main/jobs/random';
import type { Store } from '../../src-main/store';
import { fakeDataset, tempStore } from '../store/helpers';

const RUNNERS = path.join(__dirname, 'fixtures', 'fake-runners.ts');
let pool: WorkerPool;
let t: ReturnType<typeof tempStore>;

beforeAll(async () => {
  process.env.FAKE_FAIL = 'calibrate-noise';
  pool = new WorkerPool({ size: 2, backend: 'cpu', runnersModule: RUNNERS });
  await pool.ready();
});
afterAll(async () => { await pool.close(); delete process.env.FAKE_FAIL; });
afterEach(() => t?.cleanup());

function setup(over: Partial<ExperimentSpecInput> = {}, id = 'exp'): Store {
  t = tempStore();
  const store = t.store;
  const r = parseExperimentSpec({ dataset: 'ds1', transformations: ['blur', 'rot90'], seenCounts: [0, 2, 'all'], epochs: 3, ...over });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  store.datasets.save(fakeDataset(), path.join(t.dir, 'datasets', 'ds1'));
  store.experiments.create({ id, name: id, datasetId: 'ds1', spec: r.spec, specKey: id });
  const { jobs } = expandExperiment({
    experimentId: id, spec: r.spec, classCount: 4, jobDir: store.layout.jobDir,
    seenOrder: (s) => store.experiments.putSeenOrder(id, s, seededPermutation(4, id, s)),
  });
  store.jobs.insertMany(jobs);
  return store;
}

describe('JobQueue', () => {
  it('runs an experiment in dependency order and records every result', async () => {
    const store = setup();
    const statuses: string[] = [];
    const queue = new JobQueue(store, pool, 'cpu', { experimentStatus: (_id, s) => statuses.push(s) });
    queue.pump();
    await queue.whenIdle();
    const jobs = store.jobs.byExperiment('exp');
    expect(jobs.map((j) => [j.id, j.status])).toEqual(jobs.map((j) => [j.id, 'done']));
    expect(store.experiments.get('exp')!.status).toBe('done');
    expect(statuses.at(-1)).toBe('done');
    for (const j of jobs) {
      for (const d of j.dependsOn) expect(store.jobs.get(d)!.finishedAt! <= j.startedAt!).toBe(true);
    }
    const clean = 'exp-train-clean-0-s0';
    expect(store.epochs.byJob(clean).map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(store.jobs.get(clean)!.weightsPath).toBe(path.join(store.layout.jobDir(clean), 'best.json'));
    // The clean network is the count-0 point of each transformation: rot90 from its own test,
    // blur (calibrated after it) from the calibration curve at the chosen sigma.
    const rot = store.evaluations.get(clean, 'rot90')!;
    expect(rot).toMatchObject({ seenCount: 0, within: null, across: 0.25, transform: 'rot90' });
    expect(store.evaluations.get(clean, 'blur')).toMatchObject({ seenCount: 0, within: null, across: 0.2 });
    // The blur networks got the calibrated sigma.
    expect(store.calibrations.get('exp', 0, 'blur')!.value).toBe(1.5);
    expect(store.analyses.byExperiment('exp')).toHaveLength(6);
    expect(store.confusions.get(clean, 'clean')!.counts[0]).toEqual([5, 1, 1, 1]);
  });

  it('marks a throwing job failed with its error; jobs that need it fail, the rest runs', async () => {
    const store = setup({ transformations: ['noise', 'rot90'], seenCounts: [2] });
    const queue = new JobQueue(store, pool, 'cpu');
    queue.pump();
    await queue.whenIdle();
    const job = (id: string) => store.jobs.get(id)!;
    expect(job('exp-calibrate-noise-s0')).toMatchObject({ status: 'failed', error: expect.stringMatching(/fake failure/) });
    expect(job('exp-train-noise-2-s0')).toMatchObject({ status: 'failed', error: expect.stringMatching(/needs exp-calibrate-noise-s0, which failed/) });
    expect(job('exp-analyse-noise-2-s0').status).toBe('failed');
    expect(job('exp-train-rot90-2-s0').status).toBe('done');
    expect(job('exp-analyse-rot90-2-s0').status).toBe('done');
    expect(store.experiments.get('exp')!.status).toBe('failed');
  });

  it('puts jobs a killed process left running back in the queue; the engine resumes from its checkpoint', async () => {
    const store = setup({ transformations: ['rot90'], seenCounts: [0], analysis: { enabled: false } });
    const id = 'exp-train-clean-0-s0';
    // A previous process ran two epochs, checkpointed, and died.
    store.jobs.markRunning(id, 'cpu');
    fs.mkdirSync(store.layout.jobDir(id), { recursive: true });
    fs.writeFileSync(path.join(store.layout.jobDir(id), 'fake-checkpoint.json'), JSON.stringify({ epoch: 2 }));
    const logs: string[] = [];
    const queue = new JobQueue(store, pool, 'cpu', { log: (_j, _l, m) => logs.push(m) });
    expect(queue.recover()).toBe(1);
    expect(store.jobs.get(id)!.status).toBe('queued');
    queue.pump();
    await queue.whenIdle();
    expect(store.jobs.get(id)).toMatchObject({ status: 'done', attempts: 2 });
    expect(logs).toContain('resuming from checkpoint after epoch 2');
    expect(store.epochs.byJob(id).map((e) => e.epoch)).toEqual([3]);
  });

  it('runs only the experiments it is restricted to', async () => {
    const store = setup({ transformations: ['rot90'], seenCounts: [0], analysis: { enabled: false } }, 'one');
    const r = parseExperimentSpec({ dataset: 'ds1', transformations: ['invert'], seenCounts: [0], analysis: { enabled: false } });
    if (!r.ok) throw new Error('spec');
    store.experiments.create({ id: 'two', name: 'two', datasetId: 'ds1', spec: r.spec, specKey: 'two' });
    store.jobs.insertMany(expandExperiment({ experimentId: 'two', spec: r.spec, classCount: 4, jobDir: store.layout.jobDir, seenOrder: () => [0, 1, 2, 3] }).jobs);
    const queue = new JobQueue(store, pool, 'cpu');
    queue.restrictTo(['two']);
    queue.pump();
    await queue.whenIdle();
    expect(store.jobs.byExperiment('two').map((j) => j.status)).toEqual(['done']);
    expect(store.jobs.byExperiment('one').map((j) => j.status)).toEqual(['queued']);
  });

  it('pauses and cancels between steps; a paused job resumes', async () => {
    const store = setup({ transformations: ['rot90'], seenCounts: [0, 'all'], seeds: [7], epochs: 2, analysis: { enabled: false } });
    const queue = new JobQueue(store, pool, 'cpu');
    const clean = 'exp-train-clean-0-s7';
    const all = 'exp-train-rot90-all-s7';
    queue.pump();
    await new Promise((r) => setTimeout(r, 400));
    expect(store.jobs.get(clean)!.status).toBe('running');
    queue.pause(clean);
    queue.cancel(all);
    await queue.whenIdle();
    expect(store.jobs.get(clean)!.status).toBe('paused');
    expect(store.jobs.get(all)!.status).toBe('cancelled');
    expect(store.experiments.get('exp')!.status).toBe('paused');
    queue.resume(clean);
    await queue.whenIdle();
    expect(store.jobs.get(clean)).toMatchObject({ status: 'done', attempts: 2 });
    expect(store.experiments.get('exp')!.status).toBe('cancelled');
  });

  it('fails a job that outgrows its worker\'s memory budget, then runs the next job in a fresh worker', async () => {
    process.env.FAKE_HOLD_MB = '300';
    const small = new WorkerPool({ size: 1, backend: 'cpu', runnersModule: RUNNERS, memoryLimitMb: 200 });
    try {
      await small.ready();
      expect(small.memoryLimitMb).toBe(200);
      const store = setup({ transformations: ['rot90'], seenCounts: [0], seeds: [9, 1], epochs: 1, analysis: { enabled: false } });
      const queue = new JobQueue(store, small, 'cpu');
      queue.pump();
      await queue.whenIdle();
      const big = store.jobs.get('exp-train-clean-0-s9')!;
      expect(big.status).toBe('failed');
      expect(big.error).toMatch(/needs \d+ MB, more than the 200 MB each worker may use/);
      expect(store.jobs.get('exp-train-clean-0-s1')!.status).toBe('done');
    } finally {
      delete process.env.FAKE_HOLD_MB;
      await small.close();
    }
  });
});
