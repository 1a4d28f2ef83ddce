// Does a registered transformation turn one category of the built-in dataset into another?
// (docs/datasets.md, "No transformation maps a category onto another"). A category is its
// shape, so the question is asked of shapes: transform a category's prototype, and find the
// category whose shape it is nearest to.
//
// - Prototype of a category: its shape in the canonical pose (upright, centred, the typical
//   size), filled flat in its typical hue (saturation 0.8, value 0.85) on a black background.
//   Black, because thin pads and scale fills with the background: a grey one would draw
//   padding edges that belong to no shape. No surface pattern: 5 categories share each one,
//   so it does not say the category.
// - Shape map of an image: per-image standardisation (as the network sees it), per channel
//   the central-difference gradient magnitude, summed over channels, smoothed twice with
//   [1 2 1] / 4 each way, averaged over 2x2 blocks, centred and scaled to unit length. So the
//   map shows where outlines are, whatever their colour or polarity (invert and hue180 leave it
//   as it is) and however sharp (blur softens it, highpass and the derivative filters sharpen
//   or double it).
// - Distance of an image to a category: 1 - the largest inner product of its shape map with
//   the maps of the category's shape at every rotation (0, 10, ..., 350 degrees) and size
//   (0.25, 0.5, 0.75, 1 x the typical) and width (1 or 0.5 x, as thin squeezes): tolerant of
//   orientation, size and aspect because no category is defined by them. If a category were another's shape turned or shrunk (an arrow pointing
//   up beside one pointing right), the transformed prototype would lie at distance ~0 from both
//   and the check would fail.
import { transformDef, type PlainImage, type TransformId } from '../../../../shared/transforms/index';
import { Canvas, Pose, hsv } from './canvas';
import { BUILTIN_CATEGORIES } from './generate';
import { SHAPES } from './shapes';

/** Object radius of the prototype, as a fraction of the side: the middle of the generator's 0.3-0.44. */
export const PROTOTYPE_RADIUS = 0.37;
export const REFERENCE_ROTATIONS = Array.from({ length: 36 }, (_, i) => i * 10);
export const REFERENCE_SIZES = [0.25, 0.5, 0.75, 1] as const;
/** Horizontal squeeze of the references (1: none; 0.5: half width, as thin). */
export const REFERENCE_SQUEEZES = [1, 0.5] as const;

/** A category's shape at a rotation (degrees, clockwise on screen) and relative size, flat in its typical hue on black. */
export function renderPrototype(category: number, size: number, rotation = 0, relSize = 1, squeeze = 1): PlainImage {
  const cat = BUILTIN_CATEGORIES[category]!;
  const canvas = new Canvas(size);
  const c = hsv(cat.hue, 0.8, 0.85);
  const r = PROTOTYPE_RADIUS * relSize * size, a = (rotation * Math.PI) / 180;
  // Rotate, then squeeze the image horizontally: pixel = diag(squeeze, 1) R(a) r (u, v).
  const pose = new Pose(size / 2, size / 2, [squeeze * r * Math.cos(a), -squeeze * r * Math.sin(a), r * Math.sin(a), r * Math.cos(a)]);
  canvas.fillShape(SHAPES[cat.shape]!.inside, pose, (_u, _v, out) => { out[0] = c[0]; out[1] = c[1]; out[2] = c[2]; });
  return { data: canvas.data, height: size, width: size, channels: 3 };
}

/** The shape map (see the header): unit length, mean 0, (side / 2)^2 values. */
export function shapeMap(img: PlainImage): Float64Array {
  const { height: h, width: w, channels: ch, data } = img;
  if (h !== w || h % 2 !== 0) throw new RangeError(`shapeMap: a square image of even side, got ${h}x${w}`);
  const n = data.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += data[i]!;
  mean /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (data[i]! - mean) ** 2;
  const sd = Math.max(Math.sqrt(v / n), 1 / Math.sqrt(n));
  const at = (y: number, x: number, c: number) => (data[(Math.min(h - 1, Math.max(0, y)) * w + Math.min(w - 1, Math.max(0, x))) * ch + c]! - mean) / sd;
  let g: Float64Array = new Float64Array(h * w);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    let s = 0;
    for (let c = 0; c < ch; c++) s += Math.hypot(at(y, x + 1, c) - at(y, x - 1, c), at(y + 1, x, c) - at(y - 1, x, c));
    g[y * w + x] = s;
  }
  for (let pass = 0; pass < 2; pass++) g = smooth(g, h, w);
  const half = h / 2, out = new Float64Array(half * half);
  for (let y = 0; y < half; y++) for (let x = 0; x < half; x++) {
    out[y * half + x] = g[2 * y * w + 2 * x]! + g[2 * y * w + 2 * x + 1]! + g[(2 * y + 1) * w + 2 * x]! + g[(2 * y + 1) * w + 2 * x + 1]!;
  }
  let m = 0;
  for (const x of out) m += x;
  m /= out.length;
  let norm = 0;
  for (let i = 0; i < out.length; i++) { out[i]! -= m; norm += out[i]! ** 2; }
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < out.length; i++) out[i]! /= norm;
  return out;
}

function smooth(g: Float64Array, h: number, w: number): Float64Array {
  const tmp = new Float64Array(h * w), out = new Float64Array(h * w);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    tmp[y * w + x] = (g[y * w + Math.max(0, x - 1)]! + 2 * g[y * w + x]! + g[y * w + Math.min(w - 1, x + 1)]!) / 4;
  }
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    out[y * w + x] = (tmp[Math.max(0, y - 1) * w + x]! + 2 * tmp[y * w + x]! + tmp[Math.min(h - 1, y + 1) * w + x]!) / 4;
  }
  return out;
}

/** Every category's shape maps over REFERENCE_ROTATIONS x REFERENCE_SIZES at `size` px. */
/**
 * Every category's shape maps at `size` px over rotations x sizes x squeezes (by default the
 * REFERENCE_ grids), each passed through `t` when given.
 */
export function referenceMaps(
  size: number, t?: { id: TransformId; params: Record<string, number> },
  rotations: readonly number[] = REFERENCE_ROTATIONS, sizes: readonly number[] = REFERENCE_SIZES, squeezes: readonly number[] = REFERENCE_SQUEEZES,
): Float64Array[][] {
  const f = t ? (img: PlainImage) => transformReference(t.id, t.params, img, 1) : (img: PlainImage) => img;
  return BUILTIN_CATEGORIES.map((_, c) => rotations.flatMap((r) => sizes.flatMap((s) => squeezes.map((q) => shapeMap(f(renderPrototype(c, size, r, s, q)))))));
}

function transformReference(id: TransformId, params: Record<string, number>, img: PlainImage, seed: number): PlainImage {
  const def = transformDef(id);
  return def.reference(img, { ...Object.fromEntries(def.params.map((p) => [p.name, p.default])), ...params }, seed);
}

/** Distance of a shape map to each category (1 - best inner product over its references). */
export function categoryDistances(map: Float64Array, refs: readonly Float64Array[][]): number[] {
  return refs.map((maps) => {
    let best = -Infinity;
    for (const m of maps) {
      let d = 0;
      for (let i = 0; i < m.length; i++) d += m[i]! * map[i]!;
      if (d > best) best = d;
    }
    return 1 - best;
  });
}

export interface MappingCheck {
  category: string;
  transform: TransformId;
  params: Record<string, number>;
  /** Distance to the category's own shape. */
  own: number;
  /** The nearest other category and its distance. */
  nearestOther: string;
  other: number;
}

/** Transforms category `c`'s prototype with `id` (its plain-JS reference definition) and measures where it lands. */
export function checkMapping(c: number, id: TransformId, params: Record<string, number>, size: number, refs: readonly Float64Array[][], draws = 1): MappingCheck {
  const proto = renderPrototype(c, size);
  let map: Float64Array | null = null;
  for (let k = 0; k < draws; k++) {
    const m = shapeMap(transformReference(id, params, proto, 1 + k));
    if (!map) map = m; else for (let i = 0; i < m.length; i++) map[i]! += m[i]!;
  }
  const d = categoryDistances(map!.map((v) => v / draws), refs);
  let other = Infinity, nearest = -1;
  d.forEach((v, k) => { if (k !== c && v < other) { other = v; nearest = k; } });
  return { category: BUILTIN_CATEGORIES[c]!.name, transform: id, params, own: d[c]!, nearestOther: BUILTIN_CATEGORIES[nearest]!.name, other };
}
