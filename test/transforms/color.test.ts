// grayscale and hue180 against their definitions, and their refusal on 1-channel images.
import { describe, expect, it } from 'vitest';
import { TransformInputError } from '../../src-main/engine/transforms';
import { BACKENDS, apply, at, hsvToRgb, randomImages, rgbToHsv, useBackend } from './helpers';

describe.each(BACKENDS)('colour transformations on %s', (backend) => {
  useBackend(backend);
  const rgb = randomImages(4, 9, 8, 3, 11);

  it('grayscale is 0.2989 R + 0.5870 G + 0.1140 B copied to three channels', () => {
    const out = apply('grayscale', rgb);
    expect(out.c).toBe(3);
    for (let b = 0; b < rgb.n; b++) for (let y = 0; y < rgb.h; y++) for (let x = 0; x < rgb.w; x++) {
      const want = 0.2989 * at(rgb, b, y, x, 0) + 0.587 * at(rgb, b, y, x, 1) + 0.114 * at(rgb, b, y, x, 2);
      for (let ch = 0; ch < 3; ch++) expect(Math.abs(at(out, b, y, x, ch) - want)).toBeLessThan(1e-3);
    }
  });

  it('hue180 equals RGB -> HSV, H + 0.5 mod 1, -> RGB', () => {
    const out = apply('hue180', rgb);
    let worst = 0;
    for (let b = 0; b < rgb.n; b++) for (let y = 0; y < rgb.h; y++) for (let x = 0; x < rgb.w; x++) {
      const [h, s, v] = rgbToHsv(at(rgb, b, y, x, 0), at(rgb, b, y, x, 1), at(rgb, b, y, x, 2));
      const want = hsvToRgb((h + 0.5) % 1, s, v);
      for (let ch = 0; ch < 3; ch++) worst = Math.max(worst, Math.abs(at(out, b, y, x, ch) - want[ch]!));
    }
    expect(worst).toBeLessThan(1e-3);
  });

  it('hue180 maps primaries to their complements and leaves grays alone', () => {
    const img = { data: Float64Array.from([255, 0, 0, 0, 255, 0, 40, 90, 200, 77, 77, 77]), n: 1, h: 2, w: 2, c: 3 };
    expect(Array.from(apply('hue180', img).data)).toEqual([0, 255, 255, 255, 0, 255, 200, 150, 40, 77, 77, 77]);
  });

  it.each(['grayscale', 'hue180'] as const)('%s on a 1-channel batch is refused as the identity', (id) => {
    const gray = randomImages(1, 4, 4, 1, 2);
    expect(() => apply(id, gray)).toThrow(TransformInputError);
    expect(() => apply(id, gray)).toThrow(/identity on a grayscale/);
  });
});
