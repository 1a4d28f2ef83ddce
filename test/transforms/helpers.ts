// Shared test helpers: backend switching, seeded random images, and plain-JS reference
// implementations of the definitions in SPEC.md section 2 (written independently of the
// tfjs code under test: direct 2D loops, float64).
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll } from 'vitest';
import { applyTransform } from '../../src-main/engine/transforms';
import type { TransformId } from '../../shared/ids';

export const BACKENDS = ['cpu', 'wasm'] as const;

/** Switch tfjs to `backend` before the tests of the enclosing describe. */
export function useBackend(backend: string): void {
  beforeAll(async () => {
    if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} did not initialise`);
    await tf.ready();
    if (tf.getBackend() !== backend) throw new Error(`running on ${tf.getBackend()}, not ${backend}`);
  });
}

export interface Img { data: Float64Array; n: number; h: number; w: number; c: number }

/** Deterministic uniform values in [lo, hi) (LCG; independent of the code under test). */
export function randomImages(n: number, h: number, w: number, c: number, seed: number, lo = 0, hi = 255): Img {
  let s = seed >>> 0 || 1;
  const data = new Float64Array(n * h * w * c);
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = lo + ((s >>> 8) / 16777216) * (hi - lo);
  }
  return { data, n, h, w, c };
}

export function at(img: Img, b: number, y: number, x: number, ch: number): number {
  return img.data[((b * img.h + y) * img.w + x) * img.c + ch]!;
}

/** Run applyTransform on `img` and return plain values and shape. */
export function apply(id: TransformId, img: Img, params: Record<string, number> = {}, seed?: number): Img {
  const x = tf.tensor4d(Float32Array.from(img.data), [img.n, img.h, img.w, img.c]);
  const y = applyTransform({ id, params }, x, seed);
  const out = { data: Float64Array.from(y.dataSync()), n: y.shape[0], h: y.shape[1], w: y.shape[2], c: y.shape[3] };
  x.dispose();
  y.dispose();
  return out;
}

/** Index i of a side of n pixels, mirrored at the edges without repeating them (-1 -> 1, n -> n - 2). */
export function reflectIndex(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  const m = ((i % period) + period) % period;
  return m < n ? m : period - m;
}

/** 2D cross-correlation, per channel, border reflected (the project's rule), same size. */
export function correlate(img: Img, kernel: number[][]): Img {
  const kh = kernel.length, kw = kernel[0]!.length;
  const ry = (kh - 1) / 2, rx = (kw - 1) / 2;
  const out = new Float64Array(img.data.length);
  for (let b = 0; b < img.n; b++) for (let y = 0; y < img.h; y++) for (let x = 0; x < img.w; x++) for (let ch = 0; ch < img.c; ch++) {
    let s = 0;
    for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) {
      const yy = reflectIndex(y + i - ry, img.h), xx = reflectIndex(x + j - rx, img.w);
      s += kernel[i]![j]! * at(img, b, yy, xx, ch);
    }
    out[((b * img.h + y) * img.w + x) * img.c + ch] = s;
  }
  return { ...img, data: out };
}

export function outer(a: readonly number[], b: readonly number[]): number[][] {
  return a.map((u) => b.map((v) => u * v));
}

/**
 * 2D Gaussian on the (2r+1)^2 grid, r = ceil(3 sigma), normalised to sum 1; optionally cut to
 * row / column offsets that fit the image (the documented rule for huge sigmas) before normalising.
 */
export function gaussianKernel2d(sigma: number, maxRowOffset = Infinity, maxColOffset = Infinity): number[][] {
  const r = Math.ceil(3 * sigma);
  const ri = Math.min(r, maxRowOffset), rj = Math.min(r, maxColOffset);
  const k: number[][] = [];
  let total = 0;
  for (let i = -ri; i <= ri; i++) {
    const row: number[] = [];
    for (let j = -rj; j <= rj; j++) { const v = Math.exp(-(i * i + j * j) / (2 * sigma * sigma)); row.push(v); total += v; }
    k.push(row);
  }
  return k.map((row) => row.map((v) => v / total));
}

/** Largest |a - b| over pixels with margin <= y < h - margin (and the same for x). */
export function maxDiff(a: Img, b: Img, margin = 0): number {
  expectSameShape(a, b);
  let m = 0;
  for (let n = 0; n < a.n; n++) for (let y = margin; y < a.h - margin; y++) for (let x = margin; x < a.w - margin; x++) for (let ch = 0; ch < a.c; ch++) {
    m = Math.max(m, Math.abs(at(a, n, y, x, ch) - at(b, n, y, x, ch)));
  }
  return m;
}

export function expectSameShape(a: Img, b: Img): void {
  if (a.n !== b.n || a.h !== b.h || a.w !== b.w || a.c !== b.c) {
    throw new Error(`shape [${a.n},${a.h},${a.w},${a.c}] != [${b.n},${b.h},${b.w},${b.c}]`);
  }
}

/** Textbook hexcone RGB -> HSV (h, s, v with h in [0,1)). */
export function rgbToHsv(r: number, g: number, b: number): [number, number, number] {
  const max = Math.max(r, g, b), min = Math.min(r, g, b), d = max - min;
  let h = 0;
  if (d > 0) {
    if (max === r) h = ((g - b) / d) / 6;
    else if (max === g) h = (2 + (b - r) / d) / 6;
    else h = (4 + (r - g) / d) / 6;
    if (h < 0) h += 1;
  }
  return [h, max > 0 ? d / max : 0, max];
}

export function hsvToRgb(h: number, s: number, v: number): [number, number, number] {
  const c = v * s, hp = h * 6, x = c * (1 - Math.abs((hp % 2) - 1)), m = v - c;
  const sector = Math.floor(hp) % 6;
  const [r, g, b] = [[c, x, 0], [x, c, 0], [0, c, x], [0, x, c], [x, 0, c], [c, 0, x]][sector]!;
  return [r! + m, g! + m, b! + m];
}
