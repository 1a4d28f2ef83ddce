// The Queue's live training curve, one point per progress report. A report carries the
// epoch's running mean (loss and accuracy since the epoch began, as the epoch log prints),
// so plotting it as-is draws a sawtooth: the mean of epoch 1 carries the untrained first
// steps and drops at once when epoch 2 begins. Each point is instead the mean over the steps
// since the previous report, recovered from two running means of the same epoch.
import type { JobProgress } from '../../../shared/results';

export interface CurvePoint {
  /** Epochs done, fractional: 1.5 is the middle of epoch 2. */
  x: number;
  /** Mean loss and accuracy over the steps since the previous point. */
  loss: number;
  accuracy: number;
  /** The report it came from, to difference the next one against. */
  epoch: number;
  step: number;
  runningLoss: number;
  runningAccuracy: number;
}

export function curvePoint(prev: CurvePoint | undefined, p: JobProgress): CurvePoint {
  const x = p.epoch - 1 + (p.steps > 0 ? p.step / p.steps : 1);
  let loss = p.loss;
  let accuracy = p.accuracy;
  // Same epoch, later step: the steps in between have mean (m2 s2 - m1 s1) / (s2 - s1). Batches
  // are equal in size but for an epoch's last one, so weighting by steps is exact up to it.
  // Otherwise (the first report of an epoch, or the Queue opened mid-epoch) the running mean
  // since the epoch began is the best there is.
  if (prev && prev.epoch === p.epoch && p.step > prev.step) {
    const n = p.step - prev.step;
    loss = (p.loss * p.step - prev.runningLoss * prev.step) / n;
    accuracy = Math.min(1, Math.max(0, (p.accuracy * p.step - prev.runningAccuracy * prev.step) / n));
  }
  return { x, loss, accuracy, epoch: p.epoch, step: p.step, runningLoss: p.loss, runningAccuracy: p.accuracy };
}
