import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NetworkAnalysis, NetworkEvaluation } from '../../shared/results';
import { parseExperimentSpec } from '../../shared/spec';
import { createBlobReader, type NewJob, type Store } from '../../src-main/store';
import { fakeDataset, tempStore } from './helpers';

let t: ReturnType<typeof tempStore>;
let store: Store;
beforeEach(() => { t = tempStore(); store = t.store; });
afterEach(() => t.cleanup());

const spec = () => {
  const r = parseExperimentSpec({ dataset: 'ds1', transformations: ['blur'], seenCounts: [0, 1] });
  if (!r.ok) throw new Error('bad spec');
  return r.spec;
};

function seed(): void {
  store.datasets.save(fakeDataset(), path.join(store.layout.datasets, 'ds1'));
  store.experiments.create({ id: 'e1', name: 'exp', datasetId: 'ds1', spec: spec(), specKey: 'k1' });
}

const job = (id: string, dependsOn: string[] = [], over: Partial<NewJob> = {}): NewJob => ({
  id, experimentId: 'e1', ordinal: 0, kind: 'train', transform: null, seenCount: 0, seed: 0, seenCategories: [],
  config: {}, workDir: store.layout.jobDir(id), dependsOn, ...over,
});

describe('repositories', () => {
  it('datasets: round trip, stored path relative to the data folder, lookup by name', () => {
    seed();
    const rec = store.datasets.get('ds1')!;
    expect(rec.summary).toEqual(fakeDataset());
    expect(rec.dir).toBe(path.join(t.dir, 'datasets', 'ds1'));
    const raw = store.db.prepare('SELECT dir FROM datasets').get() as { dir: string };
    expect(raw.dir).toBe(path.join('datasets', 'ds1'));
    expect(store.datasets.find('toy')?.summary.id).toBe('ds1');
    expect(store.datasets.experimentCount('ds1')).toBe(1);
  });

  it('experiments: round trip, prefix lookup, spec key, seen order kept once', () => {
    seed();
    const e = store.experiments.get('e1')!;
    expect(e.spec).toEqual(spec());
    expect(e.status).toBe('queued');
    expect(store.experiments.findBySpecKey('k1')?.id).toBe('e1');
    store.experiments.create({ id: 'abcdef1234', name: 'x', datasetId: 'ds1', spec: spec(), specKey: 'k2' });
    expect(store.experiments.resolve('abcd')?.id).toBe('abcdef1234');
    expect(store.experiments.putSeenOrder('e1', 0, [2, 0, 1, 3])).toEqual([2, 0, 1, 3]);
    expect(store.experiments.putSeenOrder('e1', 0, [0, 1, 2, 3])).toEqual([2, 0, 1, 3]);
    store.experiments.setStatus('e1', 'done');
    expect(store.experiments.get('e1')!.finishedAt).not.toBeNull();
  });

  it('jobs: dependencies, ready set, lifecycle, recovery of interrupted jobs', () => {
    seed();
    expect(store.jobs.insertMany([job('a'), job('b', ['a'], { ordinal: 1, kind: 'calibrate', transform: 'blur' })])).toBe(2);
    expect(store.jobs.insertMany([job('a')])).toBe(0); // idempotent
    expect(store.jobs.get('b')!.dependsOn).toEqual(['a']);
    expect(store.jobs.ready().map((j) => j.id)).toEqual(['a']);

    expect(store.jobs.markRunning('a', 'cpu')).toBe(true);
    expect(store.jobs.get('a')).toMatchObject({ status: 'running', attempts: 1, backend: 'cpu' });
    // A claim succeeds once: a second process cannot start the same job.
    expect(store.jobs.markRunning('a', 'cpu')).toBe(false);
    expect(store.jobs.get('a')!.attempts).toBe(1);
    // Left running by this very process id: a dead predecessor; it goes back to the queue.
    expect(store.jobs.recoverInterrupted()).toBe(1);
    expect(store.jobs.get('a')!.status).toBe('queued');

    // Running in another live process on this machine (here: our parent): left alone.
    store.jobs.markRunning('a', 'cpu');
    store.db.prepare('UPDATE jobs SET runner = ? WHERE id = ?').run(`${os.hostname()}:${process.ppid}`, 'a');
    expect(store.jobs.recoverInterrupted()).toBe(0);
    expect(store.jobs.get('a')!.status).toBe('running');
    // ...until that process is gone.
    store.db.prepare('UPDATE jobs SET runner = ? WHERE id = ?').run(`${os.hostname()}:999999999`, 'a');
    expect(store.jobs.recoverInterrupted()).toBe(1);
    expect(store.jobs.get('a')!.status).toBe('queued');

    store.jobs.markRunning('a', 'cpu');
    store.jobs.setProgress('a', { epoch: 1, epochs: 2, step: 3, steps: 4, loss: 1, accuracy: 0.5, imagesPerSecond: 10 });
    store.jobs.markFinished('a', 'done', 2.5);
    expect(store.jobs.get('a')).toMatchObject({ status: 'done', attempts: 3, seconds: 2.5, progress: { step: 3 } });
    expect(store.jobs.ready().map((j) => j.id)).toEqual(['b']);

    store.jobs.markRunning('b', 'cpu');
    store.jobs.markFinished('b', 'failed', 1, 'boom');
    expect(store.jobs.get('b')).toMatchObject({ status: 'failed', error: 'boom' });
    expect(store.jobs.requeueUnfinished('e1')).toBe(1);
    expect(store.jobs.get('b')).toMatchObject({ status: 'queued', error: null });
  });

  it('epochs: a re-reported epoch replaces the old row', () => {
    seed();
    store.jobs.insertMany([job('a')]);
    const e = { jobId: 'a', epoch: 1, trainLoss: 2, trainAccuracy: 0.1, valAccuracy: 0.1, seconds: 3, imagesPerSecond: 100 };
    store.epochs.record(e);
    store.epochs.record({ ...e, trainLoss: 1.5 });
    store.epochs.record({ ...e, epoch: 2, imagesPerSecond: 300 });
    expect(store.epochs.byJob('a').map((x) => [x.epoch, x.trainLoss])).toEqual([[1, 1.5], [2, 2]]);
    expect(store.epochs.recentImagesPerSecond()).toBe(200);
  });

  it('evaluations, confusions, calibrations and analyses round-trip (blobs included)', () => {
    seed();
    store.jobs.insertMany([job('a'), job('z', ['a'], { kind: 'analyse', transform: 'blur', config: { networkJobId: 'a' } })]);
    const ev: NetworkEvaluation = {
      jobId: 'a', transform: 'blur', seenCount: 'all', seed: 0, seenCategories: [0, 1], bestEpoch: 3, valAccuracy: 0.5,
      cleanAccuracy: 0.9, cleanSeen: 0.9, cleanUnseen: null, within: 0.7, across: null, transformedAccuracy: 0.7,
      byTransform: { blur: 0.7 }, quadrants: { seenAsSeen: 100, seenAsUnseen: 0, unseenAsSeen: null, unseenAsUnseen: null },
    };
    store.evaluations.save('e1', ev);
    expect(store.evaluations.byExperiment('e1')).toEqual([ev]);
    expect(store.evaluations.get('a', 'blur')).toEqual(ev);
    expect(store.evaluations.get('a', null)).toBeNull();

    const counts = [[3, 1, 0], [0, 4, 0], [2, 0, 2]];
    store.confusions.save({ jobId: 'a', condition: 'clean', counts });
    const reader = createBlobReader(store);
    expect(reader.confusion('a', 'clean')!.counts).toEqual(counts);
    expect(reader.confusion('a', 'blur')).toBeNull();
    expect(() => store.confusions.save({ jobId: 'a', condition: 'blur', counts: [[1, 2], [3]] })).toThrow(/not square/);

    store.calibrations.save({ experimentId: 'e1', seed: 0, transform: 'blur', jobId: 'a', param: 'sigma', value: 2, target: 0.1, curve: [{ value: 2, accuracy: 0.05 }] });
    expect(store.calibrations.get('e1', 0, 'blur')).toMatchObject({ value: 2, curve: [{ value: 2, accuracy: 0.05 }] });

    const summary = { count: 2, dead: 1, emptyActive: 0, mean: 0.5, q1: 0.25, median: 0.5, q3: 0.75 };
    const a: NetworkAnalysis = { jobId: 'z', transform: 'blur', seenCount: 'all', seed: 0, layer: 'dense', tau: 0.2, tauSource: 'search', tauSearch: [], all: summary, seen: null, unseen: null, layerwise: [] };
    const inv = new Float32Array([0.25, NaN, 0.75]);
    store.analyses.save('e1', 'a', a, { invariance: { all: inv, seen: inv.slice(0, 2), unseen: inv.slice(1) }, activePerImage: new Float32Array([3, 4]), imagesPerNeuron: new Float32Array([0.5, 0, 1]) });
    // The analysed network's job id comes back from its column when the summary lacks it.
    expect(store.analyses.byExperiment('e1')).toEqual([{ ...a, networkJobId: 'a' }]);
    const got = reader.invariance('z')!;
    expect(Array.from(got.all)).toEqual([0.25, NaN, 0.75]);
    expect(Array.from(got.unseen)).toEqual([NaN, 0.75]);
    expect(Array.from(reader.activePerImage('z')!)).toEqual([3, 4]);
    expect(Array.from(reader.imagesPerNeuron('z')!)).toEqual([0.5, 0, 1]);
  });

  it('deleting an experiment removes its jobs and results (foreign keys cascade)', () => {
    seed();
    store.jobs.insertMany([job('a'), job('b', ['a'], { ordinal: 1 })]);
    store.epochs.record({ jobId: 'a', epoch: 1, trainLoss: 1, trainAccuracy: 0, valAccuracy: 0, seconds: 1, imagesPerSecond: 1 });
    expect(store.experiments.remove('e1')).toBe(true);
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM jobs').get()).toEqual({ n: 0 });
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM job_deps').get()).toEqual({ n: 0 });
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM epochs').get()).toEqual({ n: 0 });
  });
});

describe('transactional writes', () => {
  it('a job list with a dangling dependency is rejected as a whole', () => {
    seed();
    expect(() => store.jobs.insertMany([job('a'), job('b', ['nope'], { ordinal: 1 })])).toThrow(/FOREIGN KEY/);
    expect(store.jobs.byExperiment('e1')).toEqual([]);
  });

  it('a failure in the middle of store.tx leaves nothing behind', () => {
    seed();
    expect(() => store.tx(() => {
      store.jobs.insertMany([job('a')]);
      store.epochs.record({ jobId: 'a', epoch: 1, trainLoss: 1, trainAccuracy: 0, valAccuracy: 0, seconds: 1, imagesPerSecond: 1 });
      throw new Error('crash mid-write');
    })).toThrow('crash mid-write');
    expect(store.jobs.get('a')).toBeNull();
    expect(store.epochs.byJob('a')).toEqual([]);
  });
});
