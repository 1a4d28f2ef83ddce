// Plain-JS helpers for the transformations' `reference` definitions (define.ts): pixel loops
// written for readability, not speed, so that a registry test can hold each tfjs `apply`
// against the definition as SPEC.md states it.
import type { PlainImage } from './define';

export function blank(height: number, width: number, channels: number): PlainImage {
  return { data: new Float32Array(height * width * channels), height, width, channels };
}

export function get(img: PlainImage, y: number, x: number, c: number): number {
  return img.data[(y * img.width + x) * img.channels + c]!;
}

export function set(img: PlainImage, y: number, x: number, c: number, v: number): void {
  img.data[(y * img.width + x) * img.channels + c] = v;
}

/** Every value through f(value, y, x, c); same shape. */
export function mapValues(img: PlainImage, f: (v: number, y: number, x: number, c: number) => number): PlainImage {
  const out = blank(img.height, img.width, img.channels);
  for (let y = 0; y < img.height; y++) for (let x = 0; x < img.width; x++) {
    for (let c = 0; c < img.channels; c++) set(out, y, x, c, f(get(img, y, x, c), y, x, c));
  }
  return out;
}

/** BORDER_REFLECT_101: index -1 reads 1, index n reads n - 2. */
export function reflect(i: number, n: number): number {
  if (n === 1) return 0;
  while (i < 0 || i >= n) i = i < 0 ? -i : 2 * (n - 1) - i;
  return i;
}

/** Direct 2D cross-correlation with kernel[ky][kx] (odd sides), border reflected, same size. */
export function correlate2d(img: PlainImage, kernel: readonly (readonly number[])[]): PlainImage {
  const ry = (kernel.length - 1) / 2, rx = (kernel[0]!.length - 1) / 2;
  return mapValues(img, (_v, y, x, c) => {
    let s = 0;
    for (let dy = -ry; dy <= ry; dy++) for (let dx = -rx; dx <= rx; dx++) {
      s += kernel[dy + ry]![dx + rx]! * get(img, reflect(y + dy, img.height), reflect(x + dx, img.width), c);
    }
    return s;
  });
}

export function outer(column: readonly number[], row: readonly number[]): number[][] {
  return column.map((a) => row.map((b) => a * b));
}
