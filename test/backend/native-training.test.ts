// Training on native against training on wasm, end to end through runTrainJob on the toy dataset:
// the same seed reaches the same accuracy (within noise: the kernels sum in other orders, so the
// runs are not bit-identical), and a checkpoint written on either backend resumes on the other.
// Skips, with the reason, only where the oneDNN addon could not be built.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src-main/engine/backend';
import { nativeUnavailableReason } from '../../src-main/engine/backend/native/addon';
import { nativeCalls } from '../../src-main/engine/backend/native/heap';
import { runTrainJob } from '../../src-main/engine/train/index';
import type { JobHooks, TrainJobInput, TrainJobResult } from '../../src-main/engine/types';
import type { EpochRecord } from '../../shared/results';
import { TOY_SIZE, writeToyDataset } from '../train/toy-dataset';

const unavailable = nativeUnavailableReason();
const suite = unavailable ? `training on native vs wasm (skipped: ${unavailable})` : 'training on native vs wasm';

let datasetDir = '';
let root = '';

interface Run { epochs: Omit<EpochRecord, 'jobId'>[]; logs: string[]; hooks: JobHooks }

function recorder(pauseAfterEpochs?: number): Run {
  const run: Run = { epochs: [], logs: [], hooks: null as unknown as JobHooks };
  run.hooks = {
    progress: () => {},
    epoch: (e) => run.epochs.push(e),
    log: (_level, m) => run.logs.push(m),
    control: () => (pauseAfterEpochs !== undefined && run.epochs.length >= pauseAfterEpochs ? 'pause' : 'run'),
  };
  return run;
}

function input(workDir: string): TrainJobInput {
  return {
    jobId: 'toy', datasetDir, network: 'labnet', imageSize: TOY_SIZE, transform: null, seenCategories: [],
    seed: 3, epochs: 5, learningRate: 0.01, batchSize: 16, momentum: 0.9, weightDecay: 5e-4,
    workDir, evalTransforms: [{ id: 'invert', params: {} }],
  };
}

async function train(backend: 'native' | 'wasm', dir: string, pauseAfterEpochs?: number) {
  expect((await initBackend(backend)).backend).toBe(backend);
  const rec = recorder(pauseAfterEpochs);
  const before = nativeCalls.get('Conv2DBackpropFilter') ?? 0;
  const out = await runTrainJob(input(join(root, dir)), rec.hooks);
  const ranNative = (nativeCalls.get('Conv2DBackpropFilter') ?? 0) > before;
  expect(ranNative, `${backend} ran the native kernels`).toBe(backend === 'native');
  return { out, rec };
}

describe.skipIf(unavailable !== null)(suite, () => {
  const reference: Partial<Record<'native' | 'wasm', { result: TrainJobResult; epochs: Omit<EpochRecord, 'jobId'>[] }>> = {};

  beforeAll(async () => {
    datasetDir = await writeToyDataset();
    root = mkdtempSync(join(tmpdir(), 'invlab-native-train-'));
  });
  afterAll(async () => {
    rmSync(datasetDir, { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
    await initBackend('native');
  });

  it('the same seed on native and on wasm: the same accuracy, and losses within noise', async () => {
    for (const backend of ['wasm', 'native'] as const) {
      const before = tf.memory().numTensors;
      const { out, rec } = await train(backend, `ref-${backend}`);
      expect(tf.memory().numTensors).toBe(before);
      expect('stopped' in out).toBe(false);
      reference[backend] = { result: out as TrainJobResult, epochs: rec.epochs };
    }
    const n = reference.native!;
    const w = reference.wasm!;
    // 4 categories, 60 test images: chance is 25 %; one image is 1.7 points.
    expect(n.result.evaluation.cleanAccuracy).toBeGreaterThan(0.8);
    expect(Math.abs(n.result.evaluation.cleanAccuracy - w.result.evaluation.cleanAccuracy)).toBeLessThanOrEqual(0.05);
    // The first epoch's loss is a mean over the epoch's batches, before the runs drift apart.
    expect(Math.abs(n.epochs[0]!.trainLoss - w.epochs[0]!.trainLoss) / w.epochs[0]!.trainLoss).toBeLessThan(1e-3);
    n.epochs.forEach((e, i) => expect(Math.abs(e.valAccuracy - w.epochs[i]!.valAccuracy), `epoch ${i + 1}`).toBeLessThanOrEqual(0.1));
  });

  it.each([['native', 'wasm'], ['wasm', 'native']] as const)('a checkpoint written on %s resumes on %s', async (first, second) => {
    const dir = `${first}-then-${second}`;
    const a = await train(first, dir, 2);
    expect(a.out).toEqual({ stopped: 'pause' });
    expect(a.rec.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    const b = await train(second, dir);
    expect(b.rec.logs.some((m) => m.startsWith('resuming from checkpoint: 2 of 5 epoch(s) done'))).toBe(true);
    expect(b.rec.epochs.map((e) => e.epoch)).toEqual([3, 4, 5]);
    const result = b.out as TrainJobResult;
    // The first two epochs are the first backend's reference run exactly (same kernels, same seed).
    const ref = reference[first]!;
    a.rec.epochs.forEach((e, i) => expect(e.trainLoss).toBe(ref.epochs[i]!.trainLoss));
    // Then the other backend continues: the same accuracy as either uninterrupted run, within noise.
    expect(result.evaluation.cleanAccuracy).toBeGreaterThan(0.8);
    expect(Math.abs(result.evaluation.cleanAccuracy - ref.result.evaluation.cleanAccuracy)).toBeLessThanOrEqual(0.05);
    b.rec.epochs.forEach((e, i) => expect(Math.abs(e.trainLoss - ref.epochs[i + 2]!.trainLoss) / ref.epochs[i + 2]!.trainLoss, `epoch ${i + 3}`).toBeLessThan(0.05));
  });
});
