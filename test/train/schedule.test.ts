// The learning-rate schedule (spec field learningRateSchedule): the rate per step by its
// definition, the trainer applying a step's rate, a training run on the toy dataset following
// it (and resuming onto the same rates), and the spec / job input carrying it.
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildNetwork } from '../../src-main/engine/models/index';
import { learningRateAt } from '../../src-main/engine/train/schedule';
import { createTrainer } from '../../src-main/engine/train/trainer';
import { runTrainJob } from '../../src-main/engine/train/index';
import { buildTaskFrom, type TaskSource } from '../../src-main/jobs/inputs';
import { expandExperiment } from '../../src-main/jobs/expand';
import { seededPermutation } from '../../src-main/jobs/random';
import type { JobHooks, TrainJobInput, TrainJobResult } from '../../src-main/engine/types';
import type { JobRecord } from '../../src-main/store';
import type { EpochRecord } from '../../shared/results';
import { parseExperimentSpec } from '../../shared/spec';
import { TOY_SIZE, useToyWorkspace } from './toy-dataset';

describe('learningRateAt', () => {
  it('constant (or absent) is the base rate at every step', () => {
    for (const s of [undefined, 'constant'] as const) {
      for (const [e, k] of [[1, 0], [2, 7], [5, 14]]) expect(learningRateAt(0.05, s, e!, k!, 15, 5)).toBe(0.05);
    }
  });

  it('cosine starts at the base rate, is half of it half-way, falls at every step and stays above 0', () => {
    const steps = 10, epochs = 4, base = 0.04;
    const rates: number[] = [];
    for (let e = 1; e <= epochs; e++) for (let k = 0; k < steps; k++) rates.push(learningRateAt(base, 'cosine', e, k, steps, epochs));
    expect(rates[0]).toBe(base);
    expect(rates[20]).toBeCloseTo(base / 2, 12); // step 20 of 40: cos(pi / 2) = 0
    for (let i = 1; i < rates.length; i++) expect(rates[i]!).toBeLessThan(rates[i - 1]!);
    expect(rates.at(-1)!).toBeGreaterThan(0);
    expect(rates.at(-1)!).toBeCloseTo(base * 0.5 * (1 + Math.cos(Math.PI * 39 / 40)), 12);
  });
});

const ws = useToyWorkspace('invlab-schedule-');

describe('the trainer takes a step\'s rate', () => {
  it('from the same weights, a step at twice the rate moves every weight twice as far', () => {
    const moved = (lr: number) => {
      const net = buildNetwork('labnet', { imageSize: 8, channels: 3, classes: 4, seed: 11 });
      const before = net.model.trainableWeights.map((w) => w.read().dataSync().slice());
      const trainer = createTrainer(net, { learningRate: 0.01, momentum: 0.9, weightDecay: 5e-4 });
      const x = tf.randomNormal([6, 8, 8, 3], 0, 1, 'float32', 5) as tf.Tensor4D;
      const y = tf.tensor1d([0, 1, 2, 3, 0, 1], 'int32');
      trainer.trainStep(x, y, 0, lr);
      const after = net.model.trainableWeights.map((w) => w.read().dataSync().slice());
      tf.dispose([x, y]);
      trainer.dispose();
      net.model.dispose();
      return after.map((a, i) => a.map((v, j) => v - before[i]![j]!));
    };
    const one = moved(0.01), two = moved(0.02);
    let largest = 0;
    one.forEach((d, i) => d.forEach((v, j) => {
      largest = Math.max(largest, Math.abs(v));
      expect(two[i]![j]!).toBeCloseTo(2 * v, 6);
    }));
    expect(largest).toBeGreaterThan(1e-4);
  });
});

describe('a training run with learningRateSchedule cosine', () => {
  const hooks = (epochs: Omit<EpochRecord, 'jobId'>[], stopAfter?: number): JobHooks => ({
    progress: () => {}, epoch: (e) => epochs.push(e), log: () => {},
    control: () => (stopAfter !== undefined && epochs.length >= stopAfter ? 'pause' : 'run'),
  });
  const input = (workDir: string, over: Partial<TrainJobInput> = {}): TrainJobInput => ({
    jobId: 'toy', datasetDir: ws.datasetDir, network: 'labnet', imageSize: TOY_SIZE, transform: null, seenCategories: [],
    seed: 3, epochs: 5, learningRate: 0.02, batchSize: 16, momentum: 0.9, weightDecay: 5e-4,
    workDir, evalTransforms: [], ...over,
  });

  it('learns (beats chance), differs from the constant rate, and resumed after a pause ends where the uninterrupted run ends', async () => {
    const constant: Omit<EpochRecord, 'jobId'>[] = [];
    await runTrainJob(input(join(ws.root, 'constant')), hooks(constant));
    const cosine: Omit<EpochRecord, 'jobId'>[] = [];
    const whole = await runTrainJob(input(join(ws.root, 'cosine'), { learningRateSchedule: 'cosine' }), hooks(cosine)) as TrainJobResult;
    console.log(`toy, 5 epochs: clean accuracy ${whole.evaluation.cleanAccuracy} (cosine)`);
    expect(whole.evaluation.cleanAccuracy).toBeGreaterThan(0.6); // 4 categories: chance 25 %
    expect(cosine[0]!.trainLoss).toBeCloseTo(constant[0]!.trainLoss, 1); // first epoch: rates near the base rate
    expect(cosine.at(-1)!.trainLoss).not.toBeCloseTo(constant.at(-1)!.trainLoss, 4);

    const dir = join(ws.root, 'cosine-paused');
    const first: Omit<EpochRecord, 'jobId'>[] = [];
    expect(await runTrainJob(input(dir, { learningRateSchedule: 'cosine' }), hooks(first, 2))).toEqual({ stopped: 'pause' });
    const rest: Omit<EpochRecord, 'jobId'>[] = [];
    const resumed = await runTrainJob(input(dir, { learningRateSchedule: 'cosine' }), hooks(rest)) as TrainJobResult;
    const history = [...first, ...rest];
    expect(history.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5]);
    history.forEach((e, i) => expect(e.trainLoss).toBeCloseTo(cosine[i]!.trainLoss, 4));
    expect(resumed.evaluation.cleanAccuracy).toBe(whole.evaluation.cleanAccuracy);
  });

  it('rejects an unknown schedule naming the field', async () => {
    await expect(runTrainJob(input(join(ws.root, 'bad'), { learningRateSchedule: 'linear' as never }), hooks([]))).rejects.toThrow(/learningRateSchedule must be one of constant, cosine, got "linear"/);
  });
});

describe('the spec field learningRateSchedule (parsing: test/jobs/expand.test.ts)', () => {
  it('reaches every train job\'s input when cosine, and is absent from it when constant', () => {
    for (const schedule of ['cosine', undefined] as const) {
      const r = parseExperimentSpec({ dataset: 'd', transformations: ['rot90'], seenCounts: [0, 2], seeds: [0], ...(schedule ? { learningRateSchedule: schedule } : {}) });
      if (!r.ok) throw new Error('spec');
      const { jobs } = expandExperiment({ experimentId: 'exp', spec: r.spec, classCount: 4, seenOrder: (s) => seededPermutation(4, 'exp', s), jobDir: (id) => `/d/${id}` });
      const source: TaskSource = { context: () => ({ spec: r.spec, datasetDir: '/ds', imageSize: 8 }), calibration: () => null, workDirOf: (id) => `/d/${id}` };
      const trains = jobs.filter((j) => j.kind === 'train');
      expect(trains.length).toBe(2);
      for (const j of trains) {
        const task = buildTaskFrom(source, { ...j, status: 'queued' } as unknown as JobRecord);
        expect((task.input as TrainJobInput).learningRateSchedule).toBe(schedule);
      }
    }
  });
});
