// The journal version's scale and quantize (SPEC.md section 2), on hand-computed images.
import { describe, expect, it } from 'vitest';
import { BACKENDS, apply, at, useBackend } from './helpers';

describe.each(BACKENDS)('scale and quantize on %s', (backend) => {
  useBackend(backend);

  it('quantize f = 2 averages 2x2 blocks and repeats the mean; the last block of an odd side is smaller', () => {
    // 3x3:  1 2 3        (1+2+4+5)/4 = 3  (3+6)/2 = 4.5
    //       4 5 6   ->   (7+8)/2 = 7.5    9
    //       7 8 9
    const img = { data: Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), n: 1, h: 3, w: 3, c: 1 };
    const out = apply('quantize', img, { f: 2 });
    expect(Array.from(out.data).map((v) => Number(v.toFixed(5)))).toEqual([3, 3, 4.5, 3, 3, 4.5, 7.5, 7.5, 9]);
    expect(Array.from(apply('quantize', img, { f: 1 }).data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // f >= side: one block, the image mean everywhere.
    expect(Array.from(apply('quantize', img, { f: 3 }).data).every((v) => Math.abs(v - 5) < 1e-5)).toBe(true);
  });

  it('scale 0.5 shrinks a 4x4 image to 2x2 (means of 2x2 blocks), centred on the mean of the outer frame', () => {
    // A bright 2x2 square in the centre of a dark frame of 10s: the frame mean is 10.
    const px = [10, 10, 10, 10, 10, 200, 200, 10, 10, 200, 200, 10, 10, 10, 10, 10];
    const img = { data: Float64Array.from(px), n: 1, h: 4, w: 4, c: 1 };
    const out = apply('scale', img, { s: 0.5 });
    // Half-pixel centres at scale 2: each output pixel is the mean of its 2x2 source block.
    const mean = (10 + 10 + 10 + 200) / 4;
    const want = [10, 10, 10, 10, 10, mean, mean, 10, 10, mean, mean, 10, 10, 10, 10, 10];
    expect(Array.from(out.data).map((v) => Number(v.toFixed(4)))).toEqual(want);
  });

  it('scale fills with the frame colour per channel and keeps the size', () => {
    const h = 6, w = 6, c = 3;
    const data = new Float64Array(h * w * c);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
      const frame = y === 0 || y === h - 1 || x === 0 || x === w - 1;
      for (let ch = 0; ch < c; ch++) data[(y * w + x) * c + ch] = frame ? 40 * (ch + 1) : 250;
    }
    const out = apply('scale', { data, n: 1, h, w, c }, { s: 0.5 });
    expect([out.h, out.w, out.c]).toEqual([6, 6, 3]);
    for (let ch = 0; ch < c; ch++) {
      expect(at(out, 0, 0, 0, ch)).toBeCloseTo(40 * (ch + 1), 4);
      expect(at(out, 0, 5, 5, ch)).toBeCloseTo(40 * (ch + 1), 4);
    }
  });
});
