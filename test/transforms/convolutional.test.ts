// blur, highpass, hfilter, vfilter, invert against their definitions (SPEC.md section 2).
import { describe, expect, it } from 'vitest';
import { BACKENDS, apply, correlate, gaussianKernel2d, maxDiff, outer, randomImages, useBackend } from './helpers';

const HP = [-1, 2, 4, 2, -1];
const HFILTER = [[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]];
const VFILTER = [[-1, -1, -1], [0, 0, 0], [1, 1, 1]];

describe.each(BACKENDS)('convolutional transformations on %s', (backend) => {
  useBackend(backend);
  const rgb = randomImages(3, 12, 11, 3, 7);
  const gray = randomImages(2, 10, 10, 1, 8);

  it.each([0.5, 1, 1.5])('blur sigma=%s matches the normalised 2D Gaussian on interior pixels', (sigma) => {
    const k = gaussianKernel2d(sigma);
    const r = Math.ceil(3 * sigma);
    expect(k.length).toBe(2 * r + 1);
    const got = apply('blur', rgb, { sigma });
    expect(maxDiff(got, correlate(rgb, k), r)).toBeLessThan(1e-3);
  });

  it('blur reflects the border (the documented rule): no dark frame, a constant image stays constant', () => {
    const got = apply('blur', rgb, { sigma: 1 });
    expect(maxDiff(got, correlate(rgb, gaussianKernel2d(1)))).toBeLessThan(1e-3);
    const ones = { ...gray, data: new Float64Array(gray.data.length).fill(100) };
    const flat = apply('blur', ones, { sigma: 1 });
    flat.data.forEach((v) => expect(v).toBeCloseTo(100, 3)); // corners included
  });

  it('blur with a radius beyond the image uses the kernel cut to the image and normalised to 1', () => {
    const small = randomImages(1, 6, 5, 3, 3);
    const got = apply('blur', small, { sigma: 4 }); // radius 12 > image size: rows cut to 5, columns to 4
    expect(maxDiff(got, correlate(small, gaussianKernel2d(4, 5, 4)))).toBeLessThan(1e-3);
    const k = gaussianKernel2d(4, 5, 4);
    expect(k.length).toBe(11);
    expect(k[0]!.length).toBe(9);
  });

  it('highpass on an image smaller than its kernel says what it needs', () => {
    const tiny = randomImages(1, 2, 2, 1, 4);
    expect(() => apply('highpass', tiny)).toThrow(/at least 3 pixels per side/);
  });

  it('highpass is outer([-1,2,4,2,-1]) unnormalised', () => {
    const k = outer(HP, HP);
    expect(k[2]![2]).toBe(16);
    expect(maxDiff(apply('highpass', rgb), correlate(rgb, k), 2)).toBeLessThan(1e-2);
    expect(maxDiff(apply('highpass', gray), correlate(gray, k))).toBeLessThan(1e-2);
    // With the reflected border a constant image is 36 x itself everywhere: no frame.
    const flat = apply('highpass', { ...gray, data: new Float64Array(gray.data.length).fill(10) });
    flat.data.forEach((v) => expect(v).toBeCloseTo(360, 2));
  });

  it('hfilter has rows [-1,0,1] and vfilter is its transpose', () => {
    expect(maxDiff(apply('hfilter', rgb), correlate(rgb, HFILTER), 1)).toBeLessThan(1e-3);
    expect(maxDiff(apply('vfilter', rgb), correlate(rgb, VFILTER), 1)).toBeLessThan(1e-3);
    expect(maxDiff(apply('hfilter', gray), correlate(gray, HFILTER))).toBeLessThan(1e-3);
    expect(maxDiff(apply('vfilter', gray), correlate(gray, VFILTER))).toBeLessThan(1e-3);
  });

  it('hfilter responds to a vertical edge and vfilter does not (cross-correlation, not convolution)', () => {
    const edge = randomImages(1, 5, 5, 1, 1);
    edge.data = Float64Array.from({ length: 25 }, (_, i) => (i % 5 >= 3 ? 200 : 0)); // bright right columns
    const h = apply('hfilter', edge), v = apply('vfilter', edge);
    expect(h.data[2 * 5 + 2]).toBe(600); // sum over 3 rows of (right - left) = 3 * 200
    expect(v.data[2 * 5 + 2]).toBe(0);
  });

  it('filter outputs are not clipped', () => {
    const out = apply('highpass', rgb);
    expect(Math.max(...out.data)).toBeGreaterThan(255);
    expect(Math.min(...out.data)).toBeLessThan(0);
  });

  it('invert is 255 - x exactly and keeps the channel count', () => {
    for (const img of [rgb, gray]) {
      const out = apply('invert', img);
      expect(out.c).toBe(img.c);
      out.data.forEach((v, i) => expect(v).toBeCloseTo(255 - img.data[i]!, 3));
    }
  });
});
