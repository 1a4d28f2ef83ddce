// The Queue's live curve: each point is the mean over the steps since the previous report,
// recovered from the epoch's running means, so epoch boundaries draw no sawtooth.
import { describe, expect, it } from 'vitest';
import { curvePoint, type CurvePoint } from '../../src-renderer/src/lib/live-curve';
import type { JobProgress } from '../../shared/results';

/** Reports of a job whose step losses are given, every `every` steps, as run-train-job makes them. */
function reports(stepLoss: number[][], every: number): JobProgress[] {
  const out: JobProgress[] = [];
  stepLoss.forEach((losses, e) => {
    let sum = 0;
    losses.forEach((l, i) => {
      sum += l;
      if ((i + 1) % every === 0 || i === losses.length - 1) {
        out.push({ epoch: e + 1, epochs: stepLoss.length, step: i + 1, steps: losses.length, loss: sum / (i + 1), accuracy: 1 - sum / (i + 1) / 4, imagesPerSecond: 1 });
      }
    });
  });
  return out;
}
const fold = (ps: JobProgress[]) => ps.reduce<CurvePoint[]>((a, p) => [...a, curvePoint(a[a.length - 1], p)], []);

describe('live training curve', () => {
  // Loss falls linearly from 4 to 0.1 over two epochs of 20 steps.
  const losses = Array.from({ length: 40 }, (_, i) => 4 - (3.9 * i) / 39);
  const epochs = [losses.slice(0, 20), losses.slice(20)];
  const points = fold(reports(epochs, 5));
  it('gives the mean over each interval, not the running mean of the epoch', () => {
    const interval = (a: number, b: number) => losses.slice(a, b).reduce((s, x) => s + x, 0) / (b - a);
    expect(points.map((p) => p.x)).toEqual([0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2]);
    points.forEach((p, i) => expect(p.loss).toBeCloseTo(interval(5 * i, 5 * i + 5), 9));
  });
  it('falls across the epoch boundary without a jump (the running mean jumps down)', () => {
    const steps = points.slice(1).map((p, i) => points[i]!.loss - p.loss);
    for (const d of steps) expect(d).toBeCloseTo(steps[0]!, 9);
    const running = reports(epochs, 5).map((r) => r.loss);
    expect(running[3]! - running[4]!).toBeGreaterThan(3 * (running[2]! - running[3]!));
  });
  it('keeps accuracy within [0, 1] and starts over from the running mean when a report is missed', () => {
    const all = reports(epochs, 5);
    const gap = fold([all[0]!, all[5]!]); // epoch 1 step 5, then epoch 2 step 10
    expect(gap[1]!.loss).toBeCloseTo(all[5]!.loss, 12);
    for (const p of points) expect(p.accuracy).toBeGreaterThanOrEqual(0);
    const resumed = curvePoint(points[6], { ...all[5]!, step: 5, loss: 9, accuracy: 0.1 });
    expect(resumed).toMatchObject({ loss: 9, accuracy: 0.1 }); // an earlier step: a resumed epoch
  });
});
