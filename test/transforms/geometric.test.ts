// rot90, rot180 and thin: exact against their definitions.
import { describe, expect, it } from 'vitest';
import { BACKENDS, apply, at, maxDiff, randomImages, useBackend, type Img } from './helpers';

/** thin by definition: bilinear to width floor(W/2) with half-pixel centres, centred, zero-padded. */
function thinReference(img: Img): Img {
  const nw = Math.max(1, Math.floor(img.w / 2));
  const left = Math.floor((img.w - nw) / 2);
  const out = new Float64Array(img.data.length);
  const scale = img.w / nw;
  for (let b = 0; b < img.n; b++) for (let y = 0; y < img.h; y++) for (let j = 0; j < nw; j++) {
    const src = (j + 0.5) * scale - 0.5;
    const x0 = Math.max(0, Math.floor(src)), x1 = Math.min(Math.floor(src) + 1, img.w - 1), t = src - Math.floor(src);
    for (let ch = 0; ch < img.c; ch++) {
      out[((b * img.h + y) * img.w + left + j) * img.c + ch] = (1 - t) * at(img, b, y, x0, ch) + t * at(img, b, y, x1, ch);
    }
  }
  return { ...img, data: out };
}

describe.each(BACKENDS)('geometric transformations on %s', (backend) => {
  useBackend(backend);

  it('rot90 turns a 2x3 image anticlockwise', () => {
    // 1 2 3        3 6
    // 4 5 6   ->   2 5
    //              1 4
    const img = { data: Float64Array.from([1, 2, 3, 4, 5, 6]), n: 1, h: 2, w: 3, c: 1 };
    const out = apply('rot90', img);
    expect([out.h, out.w]).toEqual([3, 2]);
    expect(Array.from(out.data)).toEqual([3, 6, 2, 5, 1, 4]);
  });

  it.each([[5, 5, 3], [4, 7, 3], [6, 6, 1]])('rot90 is out[i][j] = in[j][W-1-i] on %ix%ix%i', (h, w, c) => {
    const img = randomImages(3, h, w, c, h * w + c);
    const out = apply('rot90', img);
    expect([out.n, out.h, out.w, out.c]).toEqual([3, w, h, c]);
    for (let b = 0; b < 3; b++) for (let i = 0; i < w; i++) for (let j = 0; j < h; j++) for (let ch = 0; ch < c; ch++) {
      expect(at(out, b, i, j, ch)).toBe(Math.fround(at(img, b, j, w - 1 - i, ch)));
    }
  });

  it('rot180 is out[i][j] = in[H-1-i][W-1-j] and equals rot90 twice', () => {
    const img = randomImages(2, 5, 7, 3, 4);
    const out = apply('rot180', img);
    for (let b = 0; b < 2; b++) for (let i = 0; i < 5; i++) for (let j = 0; j < 7; j++) for (let ch = 0; ch < 3; ch++) {
      expect(at(out, b, i, j, ch)).toBe(Math.fround(at(img, b, 4 - i, 6 - j, ch)));
    }
    expect(maxDiff(apply('rot90', apply('rot90', img)), out)).toBe(0);
  });

  it.each([[8, 8, 3], [6, 10, 1], [5, 7, 3]])('thin on %ix%ix%i: half width, bilinear, centred, zero-padded', (h, w, c) => {
    const img = randomImages(2, h, w, c, 5 + w);
    const out = apply('thin', img);
    expect([out.h, out.w, out.c]).toEqual([h, w, c]);
    expect(maxDiff(out, thinReference(img))).toBeLessThan(1e-3);
  });

  it('thin of an even width averages column pairs and pads a quarter width each side', () => {
    const img = { data: Float64Array.from([10, 20, 30, 40, 50, 60, 70, 80]), n: 1, h: 1, w: 8, c: 1 };
    expect(Array.from(apply('thin', img).data)).toEqual([0, 0, 15, 35, 55, 75, 0, 0]);
  });
});
