// End to end on a tiny dataset: a network trained by runTrainJob beats chance clearly, a run
// paused after an epoch or mid-epoch resumes from its checkpoint without redoing work and ends
// where an uninterrupted run ends, and nothing leaks tensors.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { runTrainJob, runCalibrateJob, loadTrainedNetwork, BEST_WEIGHTS_FILE } from '../../src-main/engine/train/index';
import { CHECKPOINT_FILE } from '../../src-main/engine/train/checkpoint';
import { evaluateNetwork } from '../../src-main/engine/evaluate/index';
import { loadDataset } from '../../src-main/engine/data/format';
import type { JobHooks, TrainJobInput, TrainJobResult } from '../../src-main/engine/types';
import type { EpochRecord, JobProgress } from '../../shared/results';
import { TOY_SIZE, useToyWorkspace } from './toy-dataset';

const ws = useToyWorkspace('invlab-train-');

interface Recorded {
  hooks: JobHooks;
  epochs: Omit<EpochRecord, 'jobId'>[];
  progress: JobProgress[];
  logs: string[];
}

/** Hooks that record everything; `stopAt(controlCalls, epochsSeen)` decides when to pause. */
function recorder(stopAt?: (calls: number, epochs: number) => boolean): Recorded {
  const rec: Recorded = { epochs: [], progress: [], logs: [], hooks: null as unknown as JobHooks };
  let calls = 0;
  rec.hooks = {
    progress: (p) => rec.progress.push(p),
    epoch: (e) => rec.epochs.push(e),
    log: (_level, m) => rec.logs.push(m),
    control: () => (stopAt?.(++calls, rec.epochs.length) ? 'pause' : 'run'),
  };
  return rec;
}

function input(workDir: string, over: Partial<TrainJobInput> = {}): TrainJobInput {
  return {
    jobId: 'toy', datasetDir: ws.datasetDir, network: 'labnet', imageSize: TOY_SIZE, transform: null, seenCategories: [],
    seed: 3, epochs: 5, learningRate: 0.01, batchSize: 16, momentum: 0.9, weightDecay: 5e-4,
    workDir, evalTransforms: [{ id: 'invert', params: {} }], ...over,
  };
}

describe('runTrainJob', () => {
  let reference: TrainJobResult;
  let referenceEpochs: Omit<EpochRecord, 'jobId'>[] = [];

  it('trains a network that beats chance clearly, keeps the best epoch and leaks no tensors', async () => {
    const rec = recorder();
    const before = tf.memory().numTensors;
    const t0 = performance.now();
    const out = await runTrainJob(input(join(ws.root, 'ref')), rec.hooks);
    const seconds = (performance.now() - t0) / 1000;
    expect(tf.memory().numTensors).toBe(before);
    expect('stopped' in out).toBe(false);
    reference = out as TrainJobResult;
    referenceEpochs = rec.epochs;
    const ev = reference.evaluation;
    // 4 categories: chance is 25%.
    expect(ev.cleanAccuracy).toBeGreaterThan(0.8);
    expect(rec.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5]);
    const best = Math.max(...rec.epochs.map((e) => e.valAccuracy));
    expect(ev.valAccuracy).toBe(best);
    expect(rec.epochs[ev.bestEpoch - 1]!.valAccuracy).toBe(best);
    // Clean network: no transformed evaluation of its own, but the accuracy-matrix row.
    expect(ev.within).toBeNull();
    expect(ev.across).toBeNull();
    expect(ev.quadrants).toBeNull();
    expect(ev.byTransform.invert).toBeLessThan(ev.cleanAccuracy - 0.2);
    expect(reference.confusions.map((c) => c.condition)).toEqual(['clean', 'invert']);
    const total = reference.confusions[0]!.counts.flat().reduce((a, b) => a + b, 0);
    expect(total).toBe(60);
    expect(existsSync(reference.weightsPath)).toBe(true);
    expect(rec.progress.length).toBeGreaterThan(0);
    expect(rec.progress.at(-1)).toMatchObject({ epoch: 5, epochs: 5, step: 15, steps: 15 });
    console.log(`toy training: ${(rec.epochs.reduce((s, e) => s + e.imagesPerSecond, 0) / rec.epochs.length).toFixed(0)} images/s, ${seconds.toFixed(1)} s total`);
  });

  it('loads the kept network again with the same test accuracy', async () => {
    const net = await loadTrainedNetwork(join(ws.root, 'ref'), { network: 'labnet', imageSize: TOY_SIZE });
    const ds = await loadDataset(ws.datasetDir);
    const g = { storedSize: TOY_SIZE, channels: 3, imageSize: TOY_SIZE };
    const again = evaluateNetwork(net, ds.test, g, { transform: null, seenCategories: [], evalTransforms: [] });
    expect(again.evaluation.cleanAccuracy).toBe(reference.evaluation.cleanAccuracy);
    net.model.dispose();
  });

  it('restricted accuracies of a trained network: never below the plain ones, each beside its chance level', async () => {
    const net = await loadTrainedNetwork(join(ws.root, 'ref'), { network: 'labnet', imageSize: TOY_SIZE });
    const ds = await loadDataset(ws.datasetDir);
    const g = { storedSize: TOY_SIZE, channels: 3, imageSize: TOY_SIZE };
    const { evaluation: ev } = evaluateNetwork(net, ds.test, g, { transform: { id: 'invert', params: {} }, seenCategories: [1, 0], evalTransforms: [] });
    const { within, across } = ev.restricted!;
    expect(ev.testImages).toEqual({ seen: 30, unseen: 30, all: 60 });
    // A choice narrowed to a set holding the true category can only gain.
    expect(across!.accuracy).toBeGreaterThanOrEqual(ev.across!);
    expect(within!.accuracy).toBeGreaterThanOrEqual(ev.within!);
    expect(across).toMatchObject({ chance: 0.5, categories: 2, images: 30 });
    expect(across!.corrected).toBeCloseTo((across!.accuracy - 0.5) / 0.5, 12);
    // What plain across loses to the seen categories is at most quadrant I.
    expect(across!.accuracy - ev.across!).toBeLessThanOrEqual(ev.quadrants!.unseenAsSeen! / 100 + 1e-9);
    net.model.dispose();
  });

  it('resumes after pauses at an epoch boundary and mid-epoch, redoing nothing and ending where an uninterrupted run ends', async () => {
    const dir = join(ws.root, 'paused');
    const first = recorder((_calls, epochs) => epochs >= 1);
    expect(await runTrainJob(input(dir), first.hooks)).toEqual({ stopped: 'pause' });
    expect(first.epochs.map((e) => e.epoch)).toEqual([1]);
    expect(existsSync(join(dir, CHECKPOINT_FILE))).toBe(true);

    // 15 steps per epoch: the 23rd control check of this run is step 8 of epoch 3.
    const second = recorder((calls) => calls === 23);
    expect(await runTrainJob(input(dir), second.hooks)).toEqual({ stopped: 'pause' });
    expect(second.logs.some((m) => m.startsWith('resuming from checkpoint: 1 of 5 epoch(s) done;'))).toBe(true);
    expect(second.epochs.map((e) => e.epoch)).toEqual([2]);
    expect(second.progress[0]!.epoch).toBe(2);

    const third = recorder();
    const out = await runTrainJob(input(dir), third.hooks) as TrainJobResult;
    expect(third.logs.some((m) => m.includes('2 of 5 epoch(s) done, 7 step(s) into epoch 3'))).toBe(true);
    expect(third.progress[0]).toMatchObject({ epoch: 3 });
    expect(third.progress[0]!.step).toBeGreaterThan(7);
    const history = [...first.epochs, ...second.epochs, ...third.epochs];
    expect(history.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5]);
    history.forEach((e, i) => {
      expect(e.trainLoss).toBeCloseTo(referenceEpochs[i]!.trainLoss, 4);
      expect(e.valAccuracy).toBe(referenceEpochs[i]!.valAccuracy);
    });
    expect(out.evaluation.cleanAccuracy).toBe(reference.evaluation.cleanAccuracy);
    expect(out.confusions).toEqual(reference.confusions);
  });

  it('a finished job started again only re-evaluates', async () => {
    const rec = recorder();
    const out = await runTrainJob(input(join(ws.root, 'ref')), rec.hooks) as TrainJobResult;
    expect(rec.epochs).toEqual([]);
    expect(out.evaluation).toEqual(reference.evaluation);
  });

  it('trains with a transformation on seen categories: within beats the clean network', async () => {
    const rec = recorder();
    const out = await runTrainJob(input(join(ws.root, 'inv'), {
      transform: { id: 'invert', params: {} }, seenCategories: [0, 2], epochs: 4,
    }), rec.hooks) as TrainJobResult;
    const ev = out.evaluation;
    expect(ev.transform).toBe('invert');
    expect(ev.seenCategories).toEqual([0, 2]);
    expect(ev.cleanAccuracy).toBeGreaterThan(0.8);
    expect(ev.within!).toBeGreaterThan(0.7);
    expect(ev.within!).toBeGreaterThan(reference.evaluation.byTransform.invert! + 0.2);
    expect(ev.across).not.toBeNull();
    expect(ev.transformedAccuracy).toBe(ev.byTransform.invert);
    // Both halves of the test set are equal in size, so the overall accuracy is their mean.
    expect(ev.transformedAccuracy!).toBeCloseTo((ev.within! + ev.across!) / 2, 10);
    const q = ev.quadrants!;
    expect(q.seenAsSeen! + q.seenAsUnseen!).toBeCloseTo(100, 6);
    expect(q.unseenAsSeen! + q.unseenAsUnseen!).toBeCloseTo(100, 6);
    // A correct prediction of a seen image is a seen category.
    expect(q.seenAsSeen!).toBeGreaterThanOrEqual(100 * ev.within!);
  });

  it('calibrates noise on the clean network and its curve matches the evaluation', async () => {
    const rec = recorder();
    const cal = await runCalibrateJob({
      jobId: 'cal', datasetDir: ws.datasetDir, network: 'labnet', imageSize: TOY_SIZE, cleanWorkDir: join(ws.root, 'ref'),
      transform: { id: 'noise' }, target: 0.6, seed: 3,
    }, rec.hooks);
    if ('stopped' in cal) throw new Error('unexpected stop');
    expect(cal.param).toBe('sigma');
    expect(cal.curve[0]!.value).toBe(25);
    const last = cal.curve.at(-1)!;
    expect(last.value).toBe(cal.value);
    expect(last.accuracy).toBeLessThan(0.6);
    cal.curve.slice(0, -1).forEach((p) => expect(p.accuracy).toBeGreaterThanOrEqual(0.6));
    // The clean network's evaluation at the calibrated value gives the curve's accuracy.
    const net = await loadTrainedNetwork(join(ws.root, 'ref'));
    const ds = await loadDataset(ws.datasetDir);
    const g = { storedSize: TOY_SIZE, channels: 3, imageSize: TOY_SIZE };
    const ev = evaluateNetwork(net, ds.test, g, { transform: null, seenCategories: [], evalTransforms: [{ id: 'noise', params: { sigma: cal.value } }] });
    expect(ev.evaluation.byTransform.noise).toBe(last.accuracy);
    net.model.dispose();
  });

  it('stops blur at the bound the image size allows and says the target was not reached', async () => {
    const rec = recorder();
    // A target no blur of a 16 px image can reach within the bound (radius ceil(3 sigma) <= 15 / 4).
    const cal = await runCalibrateJob({
      jobId: 'cal-blur', datasetDir: ws.datasetDir, network: 'labnet', imageSize: TOY_SIZE, cleanWorkDir: join(ws.root, 'ref'),
      transform: { id: 'blur' }, target: 0.01, seed: 3,
    }, rec.hooks);
    if ('stopped' in cal) throw new Error('unexpected stop');
    expect(cal.curve.map((p) => p.value)).toEqual([0.5, 1]);
    expect(cal).toMatchObject({ value: 1, bound: 1, reachedTarget: false, rule: 'paper' });
    const last = cal.curve.at(-1)!;
    expect(cal.message).toBe(`blur: target not reached: the clean network still scores ${(100 * last.accuracy).toFixed(1)} % at the strongest allowed value `
      + '(sigma = 1; blur kernel radius ceil(3 sigma) <= (side - 1) / 4 = 3.75 px at 16 px), above the target 1.0 %');
    expect(rec.logs).toContain(cal.message);
  });

  it('the learnable rule trains all-transformed probes from the bound downward and keeps the strongest learnable one', async () => {
    const rec = recorder();
    const cal = await runCalibrateJob({
      jobId: 'cal-learnable', datasetDir: ws.datasetDir, network: 'labnet', imageSize: TOY_SIZE, cleanWorkDir: join(ws.root, 'ref'),
      transform: { id: 'blur' }, target: 0.01, seed: 3, rule: 'learnable',
      probe: { epochs: 2, learningRate: 0.01, batchSize: 16, momentum: 0.9, weightDecay: 5e-4, workDir: join(ws.root, 'cal-learnable') },
    }, rec.hooks);
    if ('stopped' in cal) throw new Error('unexpected stop');
    expect(cal.rule).toBe('learnable');
    // The paper rule's search is kept beside it (here stopped at the bound, sigma 1 at 16 px).
    expect(cal.curve.map((p) => p.value)).toEqual([0.5, 1]);
    const probes = cal.probes!;
    expect(probes[0]!.value).toBe(1); // from the bound downward
    expect(probes.map((p) => p.value)).toEqual([1, 0.5].slice(0, probes.length));
    const net = await loadTrainedNetwork(join(ws.root, 'ref'));
    const ds = await loadDataset(ws.datasetDir);
    const clean = evaluateNetwork(net, ds.test, { storedSize: TOY_SIZE, channels: 3, imageSize: TOY_SIZE }, { transform: null, seenCategories: [], evalTransforms: [] }).evaluation.cleanAccuracy;
    net.model.dispose();
    const learnable = (p: { transformedAccuracy: number }) => p.transformedAccuracy >= 0.8 * clean;
    const chosen = probes.find(learnable);
    // Every probe before the chosen one failed; the search stopped at the first that passed.
    probes.slice(0, -1).forEach((p) => expect(learnable(p)).toBe(false));
    if (chosen) {
      expect(chosen).toBe(probes.at(-1));
      expect(cal.value).toBe(chosen.value);
      expect(cal.message).toMatch(new RegExp(`^blur: learnable rule: sigma = ${chosen.value}, the strongest level`));
    } else {
      expect(cal.value).toBe(1);
      expect(cal.message).toMatch(/no strength tried is learnable/);
    }
    // The probe networks were really trained (a kept network per strength).
    for (const p of probes) expect(existsSync(join(ws.root, 'cal-learnable', `probe-sigma-${p.value}`, BEST_WEIGHTS_FILE))).toBe(true);
  }, 180_000);

  it('rejects bad input with a message naming the field', async () => {
    await expect(runTrainJob(input(join(ws.root, 'bad'), { seenCategories: [9] }), recorder().hooks)).rejects.toThrow(/seenCategories has 9/);
    await expect(runTrainJob(input(join(ws.root, 'bad'), { batchSize: 0 }), recorder().hooks)).rejects.toThrow(/batchSize/);
    expect(existsSync(join(ws.root, 'bad', BEST_WEIGHTS_FILE))).toBe(false);
  });
});
