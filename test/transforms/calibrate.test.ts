// The calibration search of SPEC.md section 4 on synthetic accuracy curves.
import { describe, expect, it } from 'vitest';
import { calibrate, defaultCalibrationTarget, resolveParams } from '../../src-main/engine/transforms';

describe('calibrate', () => {
  it('raises blur sigma in steps of 0.5 until accuracy falls below the target', async () => {
    const seen: Record<string, number>[] = [];
    const acc = (s: number) => 0.9 * Math.exp(-s / 2); // < 0.1 first at s = 4.5 (2 ln 9 = 4.39)
    const r = await calibrate('blur', async (p) => { seen.push(p); return acc(p.sigma!); }, { target: 0.1 });
    expect(r.value).toBe(4.5);
    expect(r.reachedTarget).toBe(true);
    expect(r.curve.map((c) => c.value)).toEqual([0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5]);
    expect(r.curve[8]!.accuracy).toBeCloseTo(acc(4.5), 12);
    expect(seen[0]).toEqual({ sigma: 0.5 });
    expect(() => resolveParams('blur', seen[0])).not.toThrow(); // evaluate gets valid transform params
  });

  it('raises noise sigma in steps of 25', async () => {
    const r = await calibrate('noise', async (p) => (p.sigma! < 130 ? 0.8 : 0.05), { target: 0.15 });
    expect(r.value).toBe(150);
    expect(r.curve.map((c) => c.value)).toEqual([25, 50, 75, 100, 125, 150]);
  });

  it('stops at the maximum and says so when the target is never reached', async () => {
    const steps: number[] = [];
    const r = await calibrate('blur', async () => 0.5, { target: 0.1, maxSteps: 4, onStep: (_p, k) => steps.push(k) });
    expect(r.reachedTarget).toBe(false);
    expect(r.value).toBe(2);
    expect(r.curve).toHaveLength(4);
    expect(steps).toEqual([1, 2, 3, 4]);
    expect(r.message).toMatch(/up to the maximum 2/);
  });

  it('rejects a bad target, a bad maxSteps and an impossible accuracy', async () => {
    await expect(calibrate('blur', async () => 0.5, { target: 0 })).rejects.toThrow(/target accuracy must be in \(0, 1\]/);
    await expect(calibrate('blur', async () => 0.5, { target: 0.1, maxSteps: 0 })).rejects.toThrow(/maxSteps/);
    await expect(calibrate('noise', async () => 1.5, { target: 0.1 })).rejects.toThrow(/evaluate returned 1.5 for noise sigma=25/);
    await expect(calibrate('rot90' as 'blur', async () => 0.5, { target: 0.1 })).rejects.toThrow(/not calibrated/);
  });
});

describe('defaultCalibrationTarget', () => {
  it('is 10% when chance is below 2%', () => {
    expect(defaultCalibrationTarget(1 / 388, 0.9)).toBe(0.1);
    expect(defaultCalibrationTarget(0.0199, 0.5)).toBe(0.1);
  });

  it('is chance + 0.2 (clean - chance) otherwise', () => {
    expect(defaultCalibrationTarget(0.025, 0.825)).toBeCloseTo(0.185, 12);
    expect(defaultCalibrationTarget(0.1, 0.9)).toBeCloseTo(0.26, 12);
  });

  it('rejects values outside [0, 1]', () => {
    expect(() => defaultCalibrationTarget(2, 0.5)).toThrow(/chance must be in \[0, 1\]/);
    expect(() => defaultCalibrationTarget(0.1, Number.NaN)).toThrow(/clean accuracy/);
  });
});
