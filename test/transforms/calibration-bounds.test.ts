// SPEC.md section 4's bounds from the image size, on the search grid.
import { describe, expect, it } from 'vitest';
import { calibrationBound, stepsWithinBound } from '../../shared/calibration-bounds';

describe('calibration bounds', () => {
  it('blur: the largest sigma on the 0.5 grid whose radius ceil(3 sigma) <= (side - 1) / 4', () => {
    for (const [side, sigma] of [[16, 1], [28, 2], [32, 2], [64, 5], [224, 18]] as const) {
      const b = calibrationBound('blur', side)!;
      expect(b.value).toBe(sigma);
      expect(Math.ceil(3 * b.value)).toBeLessThanOrEqual((side - 1) / 4);
      expect(Math.ceil(3 * (b.value + 0.5))).toBeGreaterThan((side - 1) / 4);
    }
    // The paper's issue: sigma 9.5 on 28 px (radius 29) is far past the bound.
    expect(calibrationBound('blur', 28)!.value).toBeLessThan(9.5);
  });

  it('noise within the pixel range; scale and quantize as SPEC says', () => {
    expect(calibrationBound('noise', 32)!.value).toBe(250);
    expect(calibrationBound('scale', 32)!.value).toBe(0.25);
    expect(calibrationBound('quantize', 32)!.value).toBe(8);
    expect(calibrationBound('quantize', 16)!.value).toBe(4);
    expect(calibrationBound('rot90', 32)).toBeNull();
  });

  it('counts the steps of a search within its bound, upward and downward', () => {
    expect(stepsWithinBound(0.5, 0.5, 1)).toBe(2);
    expect(stepsWithinBound(25, 25, 250)).toBe(10);
    expect(stepsWithinBound(0.95, -0.05, 0.25)).toBe(15);
    expect(stepsWithinBound(2, 1, 8)).toBe(7);
  });
});
