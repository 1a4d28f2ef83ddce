// One training job: the paradigm of SPEC.md section 3 for one (transformation, seen set, seed).
//   - every batch samples uniformly over all training images (a seeded permutation per epoch);
//   - an image of a seen category is transformed with probability 0.5, drawn afresh per batch
//     from (seed, epoch, step), so a resumed run repeats the same draws; unseen never;
//   - validation accuracy after every epoch, the best-validation weights are kept;
//   - a checkpoint after every epoch (and on pause/cancel), resumed on start.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { EpochRecord } from '../../../shared/results';
import type { ImageSplit, JobHooks, LoadedDataset, TrainJobInput, TrainJobResult } from '../types';
import { loadDataset } from '../data/format';
import { Rng, hashSeed } from '../data/random';
import { indicesByClass, takeImages } from '../data/splits';
import { checkApplicable } from '../transforms/index';
import { currentBackend, initBackend } from '../backend/index';
import { buildNetwork, type Network } from '../models/index';
import { BEST_WEIGHTS_FILE, getWeights, saveWeights, setWeights } from '../models/weights';
import type { NamedArray } from '../models/array-file';
import { evaluateNetwork } from '../evaluate/evaluate-network';
import { predictSplit } from '../evaluate/predict';
import { LEARNING_RATE_SCHEDULES, learningRateAt } from './schedule';
import { createTrainer, type Trainer } from './trainer';
import { prepareBatch, type ImageGeometry } from './batches';
import { readCheckpoint, writeCheckpoint, type CheckpointMeta, type PartialEpoch } from './checkpoint';

export type StoppedResult = { stopped: 'pause' | 'cancel' };

/** Probability that a training (or validation) image of a seen category is transformed. */
export const TRANSFORM_PROBABILITY = 0.5;

// Stream tags mixed into hashSeed so the random streams of one job never coincide.
const STREAM = { permutation: 1, pick: 2, transform: 3, dropout: 4, valPick: 5, valTransform: 6, subsample: 7 } as const;

const PROGRESS_INTERVAL_MS = 500;

export function validateTrainInput(input: TrainJobInput): void {
  const where = `train job ${input.jobId}`;
  const int = (name: keyof TrainJobInput, min: number) => {
    const v = input[name];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new Error(`${where}: ${name} must be an integer >= ${min}, got ${String(v)}`);
  };
  int('epochs', 1);
  int('batchSize', 1);
  int('imageSize', 8);
  int('seed', 0);
  if (input.trainPerClass !== undefined) int('trainPerClass', 1);
  for (const name of ['learningRate', 'momentum', 'weightDecay'] as const) {
    if (!Number.isFinite(input[name]) || input[name] < 0) throw new Error(`${where}: ${name} must be a number >= 0, got ${input[name]}`);
  }
  if (!(input.learningRate > 0)) throw new Error(`${where}: learningRate must be > 0`);
  if (input.learningRateSchedule !== undefined && !(LEARNING_RATE_SCHEDULES as readonly string[]).includes(input.learningRateSchedule)) {
    throw new Error(`${where}: learningRateSchedule must be one of ${LEARNING_RATE_SCHEDULES.join(', ')}, got "${String(input.learningRateSchedule)}"`);
  }
  if (!input.workDir) throw new Error(`${where}: workDir is empty`);
  if (!Array.isArray(input.seenCategories)) throw new Error(`${where}: seenCategories must be an array`);
}

function checkAgainstDataset(input: TrainJobInput, ds: LoadedDataset): void {
  const where = `train job ${input.jobId}`;
  const classes = ds.meta.classes.length;
  for (const c of input.seenCategories) {
    if (!Number.isInteger(c) || c < 0 || c >= classes) throw new Error(`${where}: seenCategories has ${c}, the dataset has categories 0..${classes - 1}`);
  }
  for (const t of [...(input.transform ? [input.transform] : []), ...input.evalTransforms]) {
    const ok = checkApplicable(t.id, ds.meta.channels);
    if (!ok.ok) throw new Error(`${where}: ${ok.reason}`);
  }
  if (ds.train.count === 0) throw new Error(`${where}: the dataset at ${input.datasetDir} has no training images`);
  if (ds.val.count === 0) throw new Error(`${where}: the dataset at ${input.datasetDir} has no validation images (needed for model selection)`);
}

/** A seeded random subset of at most `perClass` training images per category: their indices, ascending. */
export function subsampleIndices(split: ImageSplit, classes: number, perClass: number, seed: number): number[] {
  const keep = indicesByClass(split, classes).flatMap((idx, c) =>
    new Rng(hashSeed(seed, STREAM.subsample, c)).shuffle([...idx]).slice(0, perClass));
  return keep.sort((a, b) => a - b);
}

function subsample(split: ImageSplit, classes: number, perClass: number, seed: number): ImageSplit {
  return takeImages(split, subsampleIndices(split, classes, perClass, seed));
}

/** The inputs that must match for a checkpoint to be resumed. Epochs may grow. */
function trainingFingerprint(input: TrainJobInput, ds: LoadedDataset): string {
  return JSON.stringify({
    dataset: ds.meta.id, network: input.network, imageSize: input.imageSize, transform: input.transform,
    seen: [...input.seenCategories].sort((a, b) => a - b), seed: input.seed, learningRate: input.learningRate,
    batchSize: input.batchSize, momentum: input.momentum, weightDecay: input.weightDecay,
    trainPerClass: input.trainPerClass ?? null,
    // A cosine schedule spans all epochs, so there the epoch count may not change on resume.
    ...(input.learningRateSchedule === 'cosine' ? { learningRateSchedule: 'cosine', epochs: input.epochs } : {}),
  });
}

interface RunState {
  epochsDone: number;
  stepsDone: number;
  partial: PartialEpoch;
  bestEpoch: number;
  bestValAccuracy: number;
  best: NamedArray[];
  history: Omit<EpochRecord, 'jobId'>[];
}

const emptyPartial = (): PartialEpoch => ({ lossSum: 0, correct: 0, images: 0, seconds: 0 });

export async function runTrainJob(input: TrainJobInput, hooks: JobHooks): Promise<TrainJobResult | StoppedResult> {
  validateTrainInput(input);
  if (!currentBackend()) await initBackend('auto');
  const ds = await loadDataset(input.datasetDir);
  checkAgainstDataset(input, ds);
  const classes = ds.meta.classes.length;
  const train = input.trainPerClass ? subsample(ds.train, classes, input.trainPerClass, input.seed) : ds.train;
  const g: ImageGeometry = { storedSize: ds.meta.size, channels: ds.meta.channels, imageSize: input.imageSize };
  await mkdir(input.workDir, { recursive: true });

  const net = buildNetwork(input.network, { imageSize: input.imageSize, channels: ds.meta.channels, classes, seed: input.seed });
  const trainer = createTrainer(net, input);
  try {
    const fingerprint = trainingFingerprint(input, ds);
    const state = await restoreOrStart(input, net, trainer, fingerprint, hooks);
    const stopped = await trainEpochs(input, hooks, net, trainer, train, ds.val, g, state, fingerprint);
    if (stopped) return stopped;

    setWeights(net, state.best, 'best weights');
    const weightsPath = join(input.workDir, BEST_WEIGHTS_FILE);
    const { evaluation, confusions } = evaluateNetwork(net, ds.test, g, {
      transform: input.transform, seenCategories: input.seenCategories, evalTransforms: input.evalTransforms,
    });
    hooks.log('info', `kept epoch ${state.bestEpoch} (validation ${(100 * state.bestValAccuracy).toFixed(1)}%); ` +
      `test clean ${(100 * evaluation.cleanAccuracy).toFixed(1)}%`);
    return {
      evaluation: {
        ...evaluation,
        transform: input.transform?.id ?? null,
        seed: input.seed,
        seenCategories: [...input.seenCategories].sort((a, b) => a - b),
        bestEpoch: state.bestEpoch,
        valAccuracy: state.bestValAccuracy,
      },
      confusions,
      weightsPath,
    };
  } finally {
    trainer.dispose();
    net.model.dispose();
  }
}

async function restoreOrStart(input: TrainJobInput, net: Network, trainer: Trainer, fingerprint: string, hooks: JobHooks): Promise<RunState> {
  const fresh: RunState = { epochsDone: 0, stepsDone: 0, partial: emptyPartial(), bestEpoch: 0, bestValAccuracy: -1, best: [], history: [] };
  let ckpt;
  try {
    ckpt = await readCheckpoint(input.workDir);
  } catch (e) {
    hooks.log('warn', `${(e as Error).message}; no good checkpoint to resume from, training starts from scratch`);
    return fresh;
  }
  if (!ckpt) return fresh;
  if (ckpt.warning) hooks.log('warn', ckpt.warning);
  if (ckpt.meta.fingerprint !== fingerprint) {
    hooks.log('warn', `checkpoint in ${input.workDir} belongs to different training settings; starting from scratch`);
    return fresh;
  }
  setWeights(net, ckpt.weights, 'checkpoint');
  trainer.setState(ckpt.optimizer);
  const m = ckpt.meta;
  hooks.log('info', `resuming from checkpoint: ${m.epochsDone} of ${input.epochs} epoch(s) done` +
    (m.stepsDone > 0 ? `, ${m.stepsDone} step(s) into epoch ${m.epochsDone + 1}` : '') +
    (m.bestEpoch > 0 ? `; best validation ${(100 * m.bestValAccuracy).toFixed(1)}% at epoch ${m.bestEpoch}` : ''));
  return {
    epochsDone: m.epochsDone, stepsDone: m.stepsDone, partial: m.partial,
    bestEpoch: m.bestEpoch, bestValAccuracy: m.bestValAccuracy, best: ckpt.best, history: m.history,
  };
}

async function saveCheckpoint(input: TrainJobInput, net: Network, trainer: Trainer, state: RunState, fingerprint: string): Promise<void> {
  const meta: CheckpointMeta = {
    format: 'invlab-checkpoint', version: 1, fingerprint, network: net.id, options: net.options,
    epochsDone: state.epochsDone, stepsDone: state.stepsDone, partial: state.partial,
    bestEpoch: state.bestEpoch, bestValAccuracy: state.bestValAccuracy, history: state.history,
  };
  await writeCheckpoint(input.workDir, { meta, weights: getWeights(net), optimizer: trainer.getState(), best: state.best });
}

function epochPermutation(n: number, seed: number, epoch: number): Int32Array {
  const idx = Array.from({ length: n }, (_, i) => i);
  return Int32Array.from(new Rng(hashSeed(seed, STREAM.permutation, epoch)).shuffle(idx));
}

/** Validation images of seen categories picked for the transformation: fixed per job. */
export function validationPick(val: ImageSplit, seen: Set<number>, seed: number): Uint8Array {
  const rng = new Rng(hashSeed(seed, STREAM.valPick));
  const pick = new Uint8Array(val.count);
  for (let i = 0; i < val.count; i++) {
    const draw = rng.next();
    pick[i] = seen.has(val.labels[i]!) && draw < TRANSFORM_PROBABILITY ? 1 : 0;
  }
  return pick;
}

/** Returns a stop result when control() asked to pause or cancel, else null when all epochs are done. */
async function trainEpochs(
  input: TrainJobInput, hooks: JobHooks, net: Network, trainer: Trainer,
  train: ImageSplit, val: ImageSplit, g: ImageGeometry, state: RunState, fingerprint: string,
): Promise<StoppedResult | null> {
  const seen = new Set(input.seenCategories);
  const valPick = validationPick(val, seen, input.seed);
  const steps = Math.ceil(train.count / input.batchSize);
  const transform = input.transform && seen.size > 0 ? input.transform : null;

  for (let epoch = state.epochsDone + 1; epoch <= input.epochs; epoch++) {
    const perm = epochPermutation(train.count, input.seed, epoch);
    let lastReport = 0;
    for (let step = state.stepsDone; step < steps; step++) {
      const control = hooks.control();
      if (control !== 'run') {
        await saveCheckpoint(input, net, trainer, state, fingerprint);
        hooks.log('info', `${control === 'pause' ? 'paused' : 'cancelled'} at epoch ${epoch}, step ${step} of ${steps}; checkpoint saved`);
        return { stopped: control };
      }
      const t0 = performance.now();
      const indices = perm.subarray(step * input.batchSize, Math.min(train.count, (step + 1) * input.batchSize));
      const rng = new Rng(hashSeed(input.seed, STREAM.pick, epoch, step));
      // One draw per image whether or not it is seen, so the stream does not depend on the seen set.
      const pick = Array.from(indices, (i) => { const draw = rng.next(); return seen.has(train.labels[i]!) && draw < TRANSFORM_PROBABILITY; });
      const batch = prepareBatch(train, indices, g, transform, (i) => pick[i]!, hashSeed(input.seed, STREAM.transform, epoch, step));
      const y = tf.tensor1d(batch.labels, 'int32');
      let result;
      try {
        const lr = learningRateAt(input.learningRate, input.learningRateSchedule, epoch, step, steps, input.epochs);
        result = trainer.trainStep(batch.x, y, hashSeed(input.seed, STREAM.dropout, epoch, step), lr);
      } finally {
        batch.x.dispose();
        y.dispose();
      }
      hooks.trace?.({ epoch, step, indices: Int32Array.from(indices), picked: Uint8Array.from(pick, Number), loss: result.loss });
      if (!Number.isFinite(result.loss)) {
        throw new Error(`training diverged at epoch ${epoch}, step ${step + 1}: loss is ${result.loss} (try a lower learning rate than ${input.learningRate})`);
      }
      const p = state.partial;
      p.lossSum += result.loss * indices.length;
      p.correct += result.correct;
      p.images += indices.length;
      p.seconds += (performance.now() - t0) / 1000;
      state.stepsDone = step + 1;
      const now = performance.now();
      if (now - lastReport >= PROGRESS_INTERVAL_MS || step === steps - 1) {
        lastReport = now;
        hooks.progress({
          epoch, epochs: input.epochs, step: step + 1, steps,
          loss: p.lossSum / p.images, accuracy: p.correct / p.images, imagesPerSecond: p.images / Math.max(p.seconds, 1e-9),
        });
      }
    }

    const tVal = performance.now();
    const { labels, preds } = predictSplit(net, val, g, {
      transform, pick: (i) => valPick[i] === 1, seed: hashSeed(input.seed, STREAM.valTransform),
    });
    const valAccuracy = labels.reduce((s, l, i) => s + (l === preds[i] ? 1 : 0), 0) / labels.length;
    const p = state.partial;
    const record: Omit<EpochRecord, 'jobId'> = {
      epoch, trainLoss: p.lossSum / p.images, trainAccuracy: p.correct / p.images, valAccuracy,
      seconds: p.seconds + (performance.now() - tVal) / 1000, imagesPerSecond: p.images / Math.max(p.seconds, 1e-9),
    };
    if (valAccuracy > state.bestValAccuracy) {
      state.bestValAccuracy = valAccuracy;
      state.bestEpoch = epoch;
      state.best = getWeights(net);
      await saveWeights(join(input.workDir, BEST_WEIGHTS_FILE), net, state.best, { epoch, valAccuracy });
    }
    state.history.push(record);
    state.epochsDone = epoch;
    state.stepsDone = 0;
    state.partial = emptyPartial();
    await saveCheckpoint(input, net, trainer, state, fingerprint);
    hooks.epoch(record);
  }
  return null;
}
