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
    return {
      transform: id, param: result.param, value: result.value, target, curve: result.curve,
      reachedTarget: result.reachedTarget, rule: 'paper', message, ...(bound ? { bound: bound.value } : {}),
    };
  } catch (e) {
    if (e instanceof Stop) return { stopped: e.kind };
    throw e;
  } finally {
    net.model.dispose();
  }
}
