// Calibrating blur / noise strength on the clean network (SPEC.md section 4): the kept clean
// network is tested on the test set transformed at increasing strength until its accuracy
// falls below the target. Test images are transformed with the same fixed seed and batches as
// the final evaluation, so the curve's accuracy at the kept value equals the evaluated one.
import type { Calibration } from '../../../shared/results';
import type { CalibrateJobInput, JobHooks } from '../types';
import { loadDataset } from '../data/format';
import { currentBackend, initBackend } from '../backend/index';
import { calibrate, checkApplicable, defaultCalibrationTarget, type CalibratedId } from '../transforms/index';
import { CALIBRATED_TRANSFORMS, transformDef } from '../../../shared/transforms/index';
import { loadTrainedNetwork } from '../models/weights';
import { predictSplit, type PredictOptions } from '../evaluate/predict';
import type { Network } from '../models/index';
import type { ImageSplit } from '../types';
import type { ImageGeometry } from './batches';
import type { StoppedResult } from './run-train-job';
import { calibrationBound, stepsWithinBound } from '../../../shared/calibration-bounds';
import { LEARNABLE_MAX_PROBES, PROBE_EPOCHS, PROBE_PER_CLASS, learnableCandidates, strongerFor } from '../../../shared/probe';
import { LEARNABLE_RATIO, strongestLearnable, type LearnableProbe } from '../../../shared/trust';
import { join } from 'node:path';
import { runTrainJob } from './run-train-job';

class Stop extends Error {
  constructor(readonly kind: 'pause' | 'cancel') { super(kind); }
}

function accuracy(net: Network, split: ImageSplit, g: ImageGeometry, opts: PredictOptions): number {
  const { labels, preds } = predictSplit(net, split, g, opts);
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === preds[i]) correct++;
  return labels.length === 0 ? 0 : correct / labels.length;
}

export async function runCalibrateJob(input: CalibrateJobInput, hooks: JobHooks): Promise<Calibration | StoppedResult> {
  const id = input.transform.id;
  if (!(CALIBRATED_TRANSFORMS as readonly string[]).includes(id)) throw new Error(`calibrate job ${input.jobId}: ${id} is not a calibrated transformation (only ${CALIBRATED_TRANSFORMS.join(', ')})`);
  if (!currentBackend()) await initBackend('auto');
  const ds = await loadDataset(input.datasetDir);
  const ok = checkApplicable(id, ds.meta.channels);
  if (!ok.ok) throw new Error(`calibrate job ${input.jobId}: ${ok.reason}`);
  if (ds.test.count === 0) throw new Error(`calibrate job ${input.jobId}: the dataset at ${input.datasetDir} has no test images`);
  const net = await loadTrainedNetwork(input.cleanWorkDir, { network: input.network, imageSize: input.imageSize });
  let disposed = false;
  try {
    const g: ImageGeometry = { storedSize: ds.meta.size, channels: ds.meta.channels, imageSize: input.imageSize };
    const classes = ds.meta.classes.length;
    const clean = accuracy(net, ds.test, g, { transform: null });
    const target = input.target ?? defaultCalibrationTarget(1 / classes, clean);
    hooks.log('info', `calibrating ${id}: clean accuracy ${(100 * clean).toFixed(1)}%, target below ${(100 * target).toFixed(1)}%`);
    const fixed = input.transform.params ?? {};
    // SPEC.md section 4: never past the strength that destroys the image by construction.
    const rule = transformDef(id).calibration!;
    const bound = calibrationBound(id, input.imageSize);
    const maxSteps = bound ? Math.max(1, stepsWithinBound(rule.first, rule.step, bound.value)) : undefined;
    const result = await calibrate(id as CalibratedId, async (params) => {
      const control = hooks.control();
      if (control !== 'run') throw new Stop(control);
      return accuracy(net, ds.test, g, { transform: { id, params: { ...fixed, ...params } } });
    }, {
      target,
      ...(maxSteps !== undefined ? { maxSteps } : {}),
      onStep: (point, step, maxSteps) => hooks.progress({
        epoch: 1, epochs: 1, step, steps: maxSteps, loss: 0, accuracy: point.accuracy, imagesPerSecond: 0,
      }),
    });
    const last = result.curve[result.curve.length - 1]!;
    const message = result.reachedTarget
      ? result.message
      : `${id}: target not reached: the clean network still scores ${(100 * last.accuracy).toFixed(1)} % at the strongest allowed value ` +
        `(${result.param} = ${last.value}${bound ? `; ${bound.rule}` : ''}), above the target ${(100 * target).toFixed(1)} %`;
    hooks.log(result.reachedTarget ? 'info' : 'warn', message);
    const paper: Calibration = {
      transform: id, param: result.param, value: result.value, target, curve: result.curve,
      reachedTarget: result.reachedTarget, rule: 'paper', message, ...(bound ? { bound: bound.value } : {}),
    };
    if (input.rule !== 'learnable') return paper;
    net.model.dispose();
    disposed = true;
    return await learnableRule(input, hooks, paper, clean, ds.meta.classes.length, fixed);
  } catch (e) {
    if (e instanceof Stop) return { stopped: e.kind };
    throw e;
  } finally {
    if (!disposed) net.model.dispose();
  }
}

/**
 * The `learnable` rule (SPEC.md section 4): from the bound downward, train a probe network with
 * every category transformed at each strength (the probe budget of shared/probe.ts) and keep
 * the first, i.e. strongest, whose accuracy on transformed test images is at least
 * LEARNABLE_RATIO x the clean network's clean accuracy. The paper rule's curve, target and
 * value stay in the record (the message names both); with no learnable strength the paper's
 * value is kept and the message says so.
 */
async function learnableRule(
  input: CalibrateJobInput, hooks: JobHooks, paper: Calibration, clean: number, classes: number, fixed: Record<string, number>,
): Promise<Calibration | StoppedResult> {
  const id = input.transform.id as CalibratedId;
  const p = input.probe;
  if (!p) throw new Error(`calibrate job ${input.jobId}: the learnable rule needs the experiment's training settings (probe)`);
  const probes: LearnableProbe[] = [];
  let chosen: LearnableProbe | null = null;
  for (const v of learnableCandidates(id, input.imageSize, LEARNABLE_MAX_PROBES)) {
    const r = await runTrainJob({
      jobId: `${input.jobId}-probe-${v}`, datasetDir: input.datasetDir, network: input.network, imageSize: input.imageSize,
      transform: { id, params: { ...fixed, [paper.param]: v } }, seenCategories: Array.from({ length: classes }, (_, c) => c),
      seed: input.seed, epochs: Math.min(p.epochs, PROBE_EPOCHS), learningRate: p.learningRate, batchSize: p.batchSize,
      momentum: p.momentum, weightDecay: p.weightDecay, trainPerClass: Math.min(p.trainPerClass ?? Infinity, PROBE_PER_CLASS),
      ...(p.learningRateSchedule ? { learningRateSchedule: p.learningRateSchedule } : {}),
      workDir: join(p.workDir, `probe-${paper.param}-${v}`), evalTransforms: [],
    }, { ...hooks, epoch: () => {} });
    if ('stopped' in r) return r;
    probes.push({ value: v, transformedAccuracy: r.evaluation.within ?? 0 });
    hooks.log('info', `learnable rule: ${paper.param} = ${v}: the all-transformed probe network scores ${(100 * probes.at(-1)!.transformedAccuracy).toFixed(1)} % on transformed images (needs ${(100 * LEARNABLE_RATIO * clean).toFixed(1)} %)`);
    chosen = strongestLearnable(probes, clean, strongerFor(id));
    if (chosen) break; // strongest first: the first learnable one is the strongest
  }
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const tried = probes.map((q) => `${q.value}: ${pct(q.transformedAccuracy)}`).join(', ');
  const message = chosen
    ? `${id}: learnable rule: ${paper.param} = ${chosen.value}, the strongest level whose all-transformed probe network scores at least ${LEARNABLE_RATIO} x the clean network's ${pct(clean)} (${tried}); the paper rule gives ${paper.value}`
    : `${id}: learnable rule: no strength tried is learnable in the probe budget (${tried}; needs ${pct(LEARNABLE_RATIO * clean)}); the paper rule's ${paper.param} = ${paper.value} is kept`;
  hooks.log(chosen ? 'info' : 'warn', message);
  return { ...paper, value: chosen ? chosen.value : paper.value, rule: 'learnable', message, probes };
}
