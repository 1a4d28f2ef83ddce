// The procedural "object" images of the built-in dataset (generator version 7).
//
// A category IS a shape (shapes.ts: 40 of them, none a rotation, squeeze or shrunken copy of
// another), so no transformation can turn one category into another. Two cues come with the
// shape, each shared by several categories, so neither defines one:
// - colour, a nuisance with a category-typical prior: 70 % of a category's objects take a hue
//   near its typical hue (one of 5, 72 degrees apart), the rest any hue. A clean network uses
//   the prior, so grayscale and hue180 cost it accuracy (hue180 sends a typical hue half-way
//   between two typical hues), yet the shape still says the category;
// - a fine surface pattern (stripes in one of four directions, checks, dots, a grid, or plain;
//   8 patterns, each worn by 5 categories), about 2.5 pixels per period at any image size, like
//   an animal's coat. Pattern and colour group together single out the category (8 x 5 = 40
//   combinations, one per category), and they are much easier to learn than the outline, so
//   networks trained on clean images lean on them (texture bias). The convolutional
//   transformations (blur, highpass) destroy or invert the pattern while the outline
//   survives, so they hurt a clean network and training on them has something to teach.
// Everything else varies within a category: pose (rotation within +-25 degrees, scale,
// stretch, shear, position), the exact hue, saturation and brightness, the pattern's phase,
// period, angle and contrast, an optional outline, cluttered backgrounds with distractor
// shapes and strokes, partial occluders, lighting and pixel noise.
import { Rng, hashSeed } from '../random';
import { Canvas, Pose, hsv, type Paint, type Rgb } from './canvas';
import { SHAPES } from './shapes';

/** Bump when the images change, so cached copies are regenerated. */
export const GENERATOR_VERSION = 7;

/** The typical hues (degrees): category c's is TYPICAL_HUES[floor(c / 8)]. */
export const TYPICAL_HUES: readonly number[] = [0, 72, 144, 216, 288];
/** Share of a category's objects whose hue follows its prior; the rest take any hue. */
export const TYPICAL_HUE_SHARE = 0.7;
/** Spread of a typical hue (degrees, uniform +-). */
const TYPICAL_HUE_SPREAD = 12;
export const PATTERN_NAMES = ['stripes 0', 'stripes 90', 'stripes 45', 'stripes -45', 'checks', 'dots', 'grid', 'plain'] as const;

const HUE_JITTER = 5;

/** Standard normal samples, walked with a per-image offset and stride: sensor noise at table-lookup cost. */
const NOISE_TABLE = (() => {
  const rng = new Rng(hashSeed(0x5eed, 1));
  const t = new Float32Array(1 << 16);
  for (let i = 0; i < t.length; i++) t[i] = rng.normal();
  return t;
})();
const MAX_ROTATION = (25 * Math.PI) / 180;

export interface BuiltinCategory {
  name: string;
  /** Index in SHAPES: what defines the category. */
  shape: number;
  /** Index in PATTERN_NAMES. */
  pattern: number;
  /** Typical hue, degrees. */
  hue: number;
}

/** All categories; the index in this list is the label. Category c: shape c, pattern c mod 8, typical hue floor(c / 8). */
export const BUILTIN_CATEGORIES: readonly BuiltinCategory[] = SHAPES.map((s, c) => ({
  name: s.name, shape: c, pattern: c % PATTERN_NAMES.length, hue: TYPICAL_HUES[Math.floor(c / PATTERN_NAMES.length) % TYPICAL_HUES.length]!,
}));

function background(canvas: Canvas, rng: Rng): void {
  const h1 = rng.uniform(0, 360);
  const c1 = hsv(h1, rng.uniform(0, 0.45), rng.uniform(0.15, 0.9));
  const c2 = hsv(h1 + rng.uniform(-60, 60), rng.uniform(0, 0.45), rng.uniform(0.15, 0.9));
  const angle = rng.uniform(0, 2 * Math.PI);
  const gx = Math.cos(angle), gy = Math.sin(angle);
  // Low-frequency texture: two random plane waves modulating brightness.
  const amp = rng.chance(0.6) ? rng.uniform(0.05, 0.2) : 0;
  const waves = [0, 1].map(() => ({ f: rng.uniform(3, 12), a: rng.uniform(0, Math.PI), p: rng.uniform(0, 6.3) }));
  // sin(kx x + ky y + p) = sin(kx x + p) cos(ky y) + cos(kx x + p) sin(ky y): per-row and
  // per-column tables keep trigonometry out of the pixel loop.
  const n = canvas.size;
  const mod = new Float32Array(n * n).fill(1);
  if (amp > 0) {
    for (const w of waves) {
      const kx = w.f * Math.cos(w.a), ky = w.f * Math.sin(w.a);
      const sx = new Float32Array(n), cx = new Float32Array(n), sy = new Float32Array(n), cy = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const t = (i + 0.5) / n;
        sx[i] = Math.sin(kx * t + w.p); cx[i] = Math.cos(kx * t + w.p);
        sy[i] = Math.sin(ky * t); cy[i] = Math.cos(ky * t);
      }
      for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) mod[y * n + x] += amp * (sx[x]! * cy[y]! + cx[x]! * sy[y]!);
    }
  }
  const d = canvas.data;
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const t = Math.min(1, Math.max(0, 0.5 + ((x + 0.5) / n - 0.5) * gx + ((y + 0.5) / n - 0.5) * gy));
      const m = mod[y * n + x]!, o = (y * n + x) * 3;
      d[o] = (c1[0] + t * (c2[0] - c1[0])) * m;
      d[o + 1] = (c1[1] + t * (c2[1] - c1[1])) * m;
      d[o + 2] = (c1[2] + t * (c2[2] - c1[2])) * m;
    }
  }
}

/** A random colour for clutter: any hue, mostly muted, sometimes vivid. */
function clutterColour(rng: Rng): Rgb {
  return hsv(rng.uniform(0, 360), rng.chance(0.15) ? rng.uniform(0.5, 1) : rng.uniform(0, 0.45), rng.uniform(0.1, 1));
}

function flat(c: Rgb): Paint {
  return (_u, _v, out) => {
    out[0] = c[0]; out[1] = c[1]; out[2] = c[2];
  };
}

function clutter(canvas: Canvas, rng: Rng, count: number): void {
  const n = canvas.size;
  for (let i = 0; i < count; i++) {
    const kind = rng.next();
    if (kind < 0.4) {
      canvas.line(rng.uniform(-0.1, 1.1) * n, rng.uniform(-0.1, 1.1) * n, rng.uniform(-0.1, 1.1) * n, rng.uniform(-0.1, 1.1) * n,
        rng.uniform(0.8, 2.5) * (n / 32), clutterColour(rng), rng.uniform(0.5, 1));
    } else if (kind < 0.7) {
      const blob = Pose.of(rng.uniform(0, n), rng.uniform(0, n), rng.uniform(0, Math.PI), rng.uniform(0.06, 0.18) * n, Math.exp(rng.uniform(-0.5, 0.5)));
      canvas.fillShape((u, v) => u * u + v * v < 1, blob, flat(clutterColour(rng)), rng.uniform(0.5, 1));
    } else {
      // A small distractor shape, so shape alone is not "the only thing in the picture".
      const shape = rng.pick(SHAPES);
      const pose = Pose.of(rng.uniform(0, n), rng.uniform(0, n), rng.uniform(0, 2 * Math.PI), rng.uniform(0.07, 0.13) * n);
      canvas.fillShape(shape.inside, pose, flat(clutterColour(rng)), rng.uniform(0.6, 1));
    }
  }
}

/**
 * The object's surface: its hue, patterned with its category's fine texture (a period of 2.3-3.2 pixels at any image size, in the object's own frame so it turns
 * with the object), with random phase, period, orientation jitter and contrast.
 */
function surface(rng: Rng, hue: number, texture: number, scale: number): Paint {
  const h = hue + rng.uniform(-HUE_JITTER, HUE_JITTER);
  const s = rng.uniform(0.65, 1), v = rng.uniform(0.6, 1);
  const base = hsv(h, s, v);
  const alt = hsv(h + rng.uniform(-HUE_JITTER, HUE_JITTER), s * rng.uniform(0.5, 0.9), v * rng.uniform(0.3, 0.6));
  // Object units per pixel: u and v run over about [-1, 1] across 2 * scale pixels.
  const k = (2 * Math.PI * scale) / rng.uniform(2.3, 3.2);
  const angle = TEXTURE_ANGLES[texture]! + rng.uniform(-0.15, 0.15);
  const cu = Math.cos(angle), sv = Math.sin(angle);
  const p1 = rng.uniform(0, 2 * Math.PI), p2 = rng.uniform(0, 2 * Math.PI);
  return (u, v, out) => {
    const a = k * (u * cu + v * sv) + p1, b = k * (v * cu - u * sv) + p2;
    let t: number; // 0: base colour, 1: alternate tone
    switch (texture) {
      case 0: case 1: case 2: case 3: t = Math.sin(a) > 0 ? 1 : 0; break; // stripes
      case 4: t = Math.sin(a) * Math.sin(b) > 0 ? 1 : 0; break; // checks
      case 5: t = Math.sin(a) > 0.3 && Math.sin(b) > 0.3 ? 1 : 0; break; // dots
      case 6: t = Math.sin(a) > 0.5 || Math.sin(b) > 0.5 ? 1 : 0; break; // grid lines
      default: t = 0; // plain
    }
    out[0] = base[0] + t * (alt[0] - base[0]);
    out[1] = base[1] + t * (alt[1] - base[1]);
    out[2] = base[2] + t * (alt[2] - base[2]);
  };
}

/** Pattern orientation per texture (radians, object frame): four stripe directions, then checks, dots, grid, plain. */
const TEXTURE_ANGLES = [0, Math.PI / 2, Math.PI / 4, -Math.PI / 4, 0, Math.PI / 4, 0, 0];

/** Renders one image of `category` from `rng` into `out` at `offset` (size*size*3 bytes). */
export function renderImage(category: BuiltinCategory, rng: Rng, size: number, out: Uint8Array, offset: number): void {
  const canvas = new Canvas(size);
  background(canvas, rng);
  clutter(canvas, rng, rng.int(1, 4));

  const scale = rng.uniform(0.3, 0.44) * size;
  const pose = Pose.of(
    size / 2 + rng.uniform(-0.14, 0.14) * size,
    size / 2 + rng.uniform(-0.14, 0.14) * size,
    rng.uniform(-MAX_ROTATION, MAX_ROTATION),
    scale,
    Math.exp(rng.uniform(-0.15, 0.15)),
    rng.uniform(-0.15, 0.15),
  );
  const shape = SHAPES[category.shape]!;
  if (rng.chance(0.4)) {
    const dark = hsv(rng.uniform(0, 360), rng.uniform(0, 0.3), rng.uniform(0, 0.25));
    canvas.fillShape(shape.inside, pose.scaled(1 + 1.4 / scale), flat(dark));
  }
  const hue = rng.chance(TYPICAL_HUE_SHARE) ? category.hue + rng.uniform(-TYPICAL_HUE_SPREAD, TYPICAL_HUE_SPREAD) : rng.uniform(0, 360);
  canvas.fillShape(shape.inside, pose, surface(rng, hue, category.pattern, scale));

  if (rng.chance(0.15)) {
    // A partial occluder crossing the object.
    const a = rng.uniform(0, Math.PI), r = rng.uniform(0.4, 0.9) * scale;
    canvas.line(pose.cx - r * Math.cos(a) * 2, pose.cy - r * Math.sin(a) * 2, pose.cx + r * Math.cos(a) * 0.3, pose.cy + r * Math.sin(a) * 0.3,
      rng.uniform(1.5, 3.5) * (size / 32), clutterColour(rng));
  }

  // Lighting (gain and offset) and sensor noise.
  const gain = rng.uniform(0.8, 1.15), bias = rng.uniform(-20, 20), noise = rng.uniform(1, 6);
  const d = canvas.data;
  let k = rng.int(0, NOISE_TABLE.length - 1);
  const stride = 2 * rng.int(1, 1000) + 1; // odd: visits the whole (power-of-two) table
  for (let i = 0; i < d.length; i++) {
    d[i] = d[i]! * gain + bias + noise * NOISE_TABLE[k]!;
    k = (k + stride) & (NOISE_TABLE.length - 1);
  }
  canvas.toBytes(out, offset);
}

/**
 * Renders `count` images of a split. Image i has label i mod C (categories interleaved, so any
 * prefix is balanced), and its randomness depends only on (seed, split, i): identical bytes on
 * every machine and run.
 */
export function renderSplit(seed: number, split: number, count: number, size: number): { pixels: Uint8Array; labels: Int32Array } {
  const C = BUILTIN_CATEGORIES.length;
  const pixels = new Uint8Array(count * size * size * 3);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % C;
    labels[i] = label;
    renderImage(BUILTIN_CATEGORIES[label]!, new Rng(hashSeed(seed, split, i, GENERATOR_VERSION)), size, pixels, i * size * size * 3);
  }
  return { pixels, labels };
}
