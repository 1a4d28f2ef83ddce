// The learning rate of each training step (spec field `learningRateSchedule`, docs/cli.md):
// - 'constant' (the default, and the paper's): the spec's learning rate at every step;
// - 'cosine': half a cosine from the spec's learning rate down towards 0 over all steps of all
//   epochs (Loshchilov & Hutter's SGDR without restarts, stepped per batch as PyTorch's
//   CosineAnnealingLR is when `scheduler.step()` follows every batch). Short budgets gain most:
//   a constant rate high enough to learn fast keeps the weights jumping between epochs.
// A function of (epoch, step) only, so a run resumed from a checkpoint takes the same rates.
export const LEARNING_RATE_SCHEDULES = ['constant', 'cosine'] as const;
export type LearningRateSchedule = (typeof LEARNING_RATE_SCHEDULES)[number];

/** `epoch` counts from 1, `step` from 0 within the epoch. */
export function learningRateAt(
  base: number, schedule: LearningRateSchedule | undefined, epoch: number, step: number, stepsPerEpoch: number, epochs: number,
): number {
  if (schedule === undefined || schedule === 'constant') return base;
  const t = (epoch - 1) * stepsPerEpoch + step;
  const total = epochs * stepsPerEpoch;
  return 0.5 * base * (1 + Math.cos((Math.PI * t) / total));
}
