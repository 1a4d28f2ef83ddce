// A tiny float RGB canvas for the procedural generator: anti-aliased shape fills through an
// affine pose, with a per-pixel colour function. Deliberately minimal; speed matters because
// the whole default dataset is generated on first use.
import type { InsideTest } from './shapes';

export type Rgb = [number, number, number];

/** HSV (h in degrees, s and v in [0,1]) to RGB in [0,255]. */
export function hsv(h: number, s: number, v: number): Rgb {
  const hh = (((h % 360) + 360) % 360) / 60;
  const i = Math.floor(hh);
  const f = hh - i;
  const p = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f));
  const [r, g, b] = [[v, t, p], [q, v, p], [p, v, t], [p, q, v], [t, p, v], [v, p, q]][i]!;
  return [r! * 255, g! * 255, b! * 255];
}

/**
 * Pose of a shape on the canvas: canonical (u, v) -> pixel = centre + A (u, v).
 * Stored with its inverse so pixels map back to the canonical frame.
 */
export class Pose {
  readonly inv: [number, number, number, number];
  /** Extent of the shape in pixels around the centre (canonical radius 1.1 * largest singular value of A). */
  readonly reach: number;

  constructor(readonly cx: number, readonly cy: number, readonly a: [number, number, number, number]) {
    const [a00, a01, a10, a11] = a;
    const det = a00 * a11 - a01 * a10;
    this.inv = [a11 / det, -a01 / det, -a10 / det, a00 / det];
    const f2 = a00 * a00 + a01 * a01 + a10 * a10 + a11 * a11;
    this.reach = 1.1 * Math.sqrt((f2 + Math.sqrt(Math.max(0, f2 * f2 - 4 * det * det))) / 2) + 0.5;
  }

  /** rotation (radians), scale (pixels per canonical unit), aspect stretch, shear. */
  static of(cx: number, cy: number, rotation: number, scale: number, stretch = 1, shear = 0): Pose {
    const c = Math.cos(rotation), s = Math.sin(rotation);
    // A = R * Shear * diag(scale * stretch, scale / stretch)
    const sx = scale * stretch, sy = scale / stretch;
    const m00 = sx, m01 = shear * sy, m10 = 0, m11 = sy;
    return new Pose(cx, cy, [c * m00 - s * m10, c * m01 - s * m11, s * m00 + c * m10, s * m01 + c * m11]);
  }

  scaled(k: number): Pose {
    const [a00, a01, a10, a11] = this.a;
    return new Pose(this.cx, this.cy, [a00 * k, a01 * k, a10 * k, a11 * k]);
  }
}

/** Colour of a covered pixel, given its canonical coordinates (so textures move with the object). */
export type Paint = (u: number, v: number, out: Rgb) => void;

export class Canvas {
  readonly data: Float32Array;

  constructor(readonly size: number) {
    this.data = new Float32Array(size * size * 3);
  }

  /** Fills every pixel from a function of its coordinates normalised to [0,1]. */
  fillAll(paint: (x: number, y: number, out: Rgb) => void): void {
    const n = this.size, d = this.data, c: Rgb = [0, 0, 0];
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++) {
        paint((x + 0.5) / n, (y + 0.5) / n, c);
        const o = (y * n + x) * 3;
        d[o] = c[0]; d[o + 1] = c[1]; d[o + 2] = c[2];
      }
    }
  }

  /**
   * Draws a shape, blending `paint` over what is there. Coverage: one sample at each pixel
   * centre; pixels whose 8 neighbours agree with them are fully in or out, the others (the
   * edge) are resampled 2x2 for anti-aliasing. Same result as 2x2 everywhere except for
   * details thinner than a pixel, at about a third of the inside-tests.
   */
  fillShape(inside: InsideTest, pose: Pose, paint: Paint, opacity = 1): void {
    const n = this.size, d = this.data, c: Rgb = [0, 0, 0];
    const [i00, i01, i10, i11] = pose.inv;
    const x0 = Math.max(0, Math.floor(pose.cx - pose.reach)), x1 = Math.min(n - 1, Math.ceil(pose.cx + pose.reach));
    const y0 = Math.max(0, Math.floor(pose.cy - pose.reach)), y1 = Math.min(n - 1, Math.ceil(pose.cy + pose.reach));
    if (x1 < x0 || y1 < y0) return;
    // Centre samples on the box grown by one pixel, so every box pixel has its 8 neighbours.
    const w = x1 - x0 + 3, h = y1 - y0 + 3;
    const centre = this.scratch(w * h);
    for (let j = 0; j < h; j++) {
      const dy = y0 - 1 + j + 0.5 - pose.cy;
      for (let i = 0; i < w; i++) {
        const dx = x0 - 1 + i + 0.5 - pose.cx;
        centre[j * w + i] = inside(i00 * dx + i01 * dy, i10 * dx + i11 * dy) ? 1 : 0;
      }
    }
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const k = (y - y0 + 1) * w + (x - x0 + 1);
        const v = centre[k]!;
        const neighbours = centre[k - w - 1]! + centre[k - w]! + centre[k - w + 1]! + centre[k - 1]! + centre[k + 1]! + centre[k + w - 1]! + centre[k + w]! + centre[k + w + 1]!;
        const dx = x + 0.5 - pose.cx, dy = y + 0.5 - pose.cy;
        let cover: number;
        if (neighbours === 8 * v) {
          if (v === 0) continue;
          cover = 1;
        } else {
          let hits = 0;
          if (inside(i00 * (dx - 0.25) + i01 * (dy - 0.25), i10 * (dx - 0.25) + i11 * (dy - 0.25))) hits++;
          if (inside(i00 * (dx + 0.25) + i01 * (dy - 0.25), i10 * (dx + 0.25) + i11 * (dy - 0.25))) hits++;
          if (inside(i00 * (dx - 0.25) + i01 * (dy + 0.25), i10 * (dx - 0.25) + i11 * (dy + 0.25))) hits++;
          if (inside(i00 * (dx + 0.25) + i01 * (dy + 0.25), i10 * (dx + 0.25) + i11 * (dy + 0.25))) hits++;
          if (hits === 0) continue;
          cover = hits / 4;
        }
        paint(i00 * dx + i01 * dy, i10 * dx + i11 * dy, c);
        const a = cover * opacity, o = (y * n + x) * 3;
        d[o] = d[o]! + a * (c[0] - d[o]!);
        d[o + 1] = d[o + 1]! + a * (c[1] - d[o + 1]!);
        d[o + 2] = d[o + 2]! + a * (c[2] - d[o + 2]!);
      }
    }
  }

  private scratchBuf = new Uint8Array(0);

  private scratch(length: number): Uint8Array {
    if (this.scratchBuf.length < length) this.scratchBuf = new Uint8Array(length);
    return this.scratchBuf;
  }

  /** A straight stroke of the given width (pixels), anti-aliased from the distance to the segment. */
  line(x0: number, y0: number, x1: number, y1: number, width: number, colour: Rgb, opacity = 1): void {
    const n = this.size, d = this.data, hw = width / 2;
    const ex = x1 - x0, ey = y1 - y0, len2 = ex * ex + ey * ey || 1;
    const bx0 = Math.max(0, Math.floor(Math.min(x0, x1) - hw - 1)), bx1 = Math.min(n - 1, Math.ceil(Math.max(x0, x1) + hw + 1));
    const by0 = Math.max(0, Math.floor(Math.min(y0, y1) - hw - 1)), by1 = Math.min(n - 1, Math.ceil(Math.max(y0, y1) + hw + 1));
    for (let y = by0; y <= by1; y++) {
      for (let x = bx0; x <= bx1; x++) {
        const px = x + 0.5 - x0, py = y + 0.5 - y0;
        const t = Math.min(1, Math.max(0, (px * ex + py * ey) / len2));
        const dist = Math.hypot(px - t * ex, py - t * ey);
        const cover = Math.min(1, hw + 0.5 - dist);
        if (cover <= 0) continue;
        const a = cover * opacity, o = (y * n + x) * 3;
        d[o] = d[o]! + a * (colour[0] - d[o]!);
        d[o + 1] = d[o + 1]! + a * (colour[1] - d[o + 1]!);
        d[o + 2] = d[o + 2]! + a * (colour[2] - d[o + 2]!);
      }
    }
  }

  /** Quantises to uint8 with clipping. */
  toBytes(out: Uint8Array, offset = 0): void {
    const d = this.data;
    for (let i = 0; i < d.length; i++) {
      const v = d[i]!;
      out[offset + i] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
    }
  }
}
