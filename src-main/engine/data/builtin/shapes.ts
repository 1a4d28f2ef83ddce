// The object shapes of the built-in dataset (generator version 7): one shape per category, as
// inside-tests in a canonical frame (x to the right, y downwards, the shape fitting roughly in
// the unit disc). The shape is what defines a category. The list is chosen so that no
// registered transformation turns one category's shape into another's: no shape is a rotation
// (rot90, rot180), a half-width squeeze (thin) or a shrunken copy (scale) of another one (for
// example there is a U but no arch, a house but no shield, one star per number of points, no
// diamond beside the square), checked by test/data/builtin-distinct.test.ts with the measure of
// `distinct.ts`. Small rotations only are drawn within a category (+-25 degrees), so rot90 and
// rot180 remain transformations the clean network has not seen.

export type InsideTest = (x: number, y: number) => boolean;

/** Even-odd point-in-polygon test for a flat [x0, y0, x1, y1, ...] list. */
function polygon(points: number[]): InsideTest {
  const n = points.length / 2;
  return (x, y) => {
    let inside = false;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const xi = points[2 * i]!, yi = points[2 * i + 1]!;
      const xj = points[2 * j]!, yj = points[2 * j + 1]!;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  };
}

function starPoints(tips: number, outer: number, inner: number): number[] {
  const pts: number[] = [];
  for (let i = 0; i < 2 * tips; i++) {
    const r = i % 2 === 0 ? outer : inner;
    const a = -Math.PI / 2 + (i * Math.PI) / tips;
    pts.push(r * Math.cos(a), r * Math.sin(a));
  }
  return pts;
}

function regular(sides: number, r: number): number[] {
  return starPoints(sides, r, r * Math.cos(Math.PI / sides)).filter((_, i) => i % 4 < 2);
}

const union = (...parts: InsideTest[]): InsideTest => (x, y) => parts.some((p) => p(x, y));
const minus = (a: InsideTest, b: InsideTest): InsideTest => (x, y) => a(x, y) && !b(x, y);
const disc = (cx: number, cy: number, r: number): InsideTest => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 < r * r;
const box = (x0: number, y0: number, x1: number, y1: number): InsideTest => (x, y) => x > x0 && x < x1 && y > y0 && y < y1;
const annulus = (r0: number, r1: number): InsideTest => (x, y) => { const r2 = x * x + y * y; return r2 < r1 * r1 && r2 > r0 * r0; };
/** A thick polyline: points within `w / 2` of a segment. */
function stroke(points: number[], w: number): InsideTest {
  const h2 = (w / 2) ** 2;
  return (x, y) => {
    for (let i = 0; i + 3 < points.length; i += 2) {
      const x0 = points[i]!, y0 = points[i + 1]!, ex = points[i + 2]! - x0, ey = points[i + 3]! - y0;
      const t = Math.min(1, Math.max(0, ((x - x0) * ex + (y - y0) * ey) / (ex * ex + ey * ey)));
      if ((x - x0 - t * ex) ** 2 + (y - y0 - t * ey) ** 2 < h2) return true;
    }
    return false;
  };
}

// Implicit heart curve (x^2 + y^2 - 1)^3 - x^2 y^3 <= 0, flipped so the point is at the bottom.
const heart: InsideTest = (x, y) => {
  const u = x * 1.15;
  const v = -y * 1.15 + 0.15;
  const a = u * u + v * v - 1;
  return a * a * a - u * u * v * v * v <= 0;
};

const ring = annulus(0.52, 0.95);

const SHAPE_LIST: readonly [string, InsideTest][] = [
  ['star', polygon(starPoints(5, 1.05, 0.45))],
  ['heart', heart],
  ['cross', (x, y) => (Math.abs(x) < 0.3 && Math.abs(y) < 0.95) || (Math.abs(y) < 0.3 && Math.abs(x) < 0.95)],
  ['ring', ring],
  ['triangle', polygon([0, -1, 0.95, 0.72, -0.95, 0.72])],
  ['crescent', (x, y) => x * x + y * y < 0.95 * 0.95 && (x - 0.45) ** 2 + (y + 0.15) ** 2 > 0.75 * 0.75],
  ['arrow', polygon([-0.95, -0.22, 0.2, -0.22, 0.2, -0.65, 0.98, 0, 0.2, 0.65, 0.2, 0.22, -0.95, 0.22])],
  ['bolt', polygon([0.15, -1, -0.55, 0.12, -0.05, 0.12, -0.25, 1, 0.6, -0.22, 0.08, -0.22, 0.42, -1])],
  ['disc', disc(0, 0, 0.85)],
  ['square', box(-0.75, -0.75, 0.75, 0.75)],
  ['sparkle', polygon(starPoints(4, 1.05, 0.3))],
  ['hexastar', polygon(starPoints(6, 1.0, 0.55))],
  ['gear', (x, y) => { const r2 = x * x + y * y; return r2 < 0.6 * 0.6 || (r2 < 0.97 * 0.97 && Math.cos(8 * Math.atan2(y, x)) > 0.1); }],
  ['pentagon', polygon(regular(5, 0.95))],
  ['semicircle', (x, y) => x * x + (y - 0.35) ** 2 < 0.95 * 0.95 && y < 0.35],
  ['ell', union(box(-0.65, -0.9, -0.15, 0.9), box(-0.65, 0.4, 0.7, 0.9))],
  ['tee', union(box(-0.85, -0.9, 0.85, -0.45), box(-0.24, -0.9, 0.24, 0.9))],
  ['cup', union(box(-0.8, -0.85, -0.35, 0.85), box(0.35, -0.85, 0.8, 0.85), box(-0.8, 0.4, 0.8, 0.85))],
  ['aitch', union(box(-0.8, -0.9, -0.38, 0.9), box(0.38, -0.9, 0.8, 0.9), box(-0.8, -0.2, 0.8, 0.2))],
  ['ee', union(box(-0.7, -0.9, -0.3, 0.9), box(-0.7, -0.9, 0.7, -0.55), box(-0.7, -0.17, 0.5, 0.17), box(-0.7, 0.55, 0.7, 0.9))],
  ['wye', stroke([-0.7, -0.85, 0, 0, 0.7, -0.85, 0, 0, 0, 0.9], 0.42)],
  ['hook', minus(ring, (x, y) => x > 0.2 && Math.abs(y) < 0.38)],
  ['hourglass', union(polygon([-0.8, -0.9, 0.8, -0.9, 0.15, 0, 0.8, 0.9, -0.8, 0.9, -0.15, 0]))],
  ['trapezoid', polygon([-0.45, -0.65, 0.45, -0.65, 0.95, 0.65, -0.95, 0.65])],
  ['drop', union(disc(0, 0.3, 0.62), polygon([0, -1, 0.56, 0.05, -0.56, 0.05]))],
  ['dumbbell', union(disc(-0.58, 0, 0.4), disc(0.58, 0, 0.4), box(-0.6, -0.14, 0.6, 0.14))],
  ['trio', union(disc(0, -0.55, 0.36), disc(0.48, 0.3, 0.36), disc(-0.48, 0.3, 0.36))],
  ['bars', union(box(-0.9, -0.6, 0.9, -0.15), box(-0.9, 0.15, 0.9, 0.6))],
  ['frame', minus(box(-0.85, -0.85, 0.85, 0.85), box(-0.42, -0.42, 0.42, 0.42))],
  ['house', union(box(-0.65, -0.1, 0.65, 0.9), polygon([0, -1, 0.95, -0.1, -0.95, -0.1]))],
  ['hash', union(box(-0.55, -0.95, -0.2, 0.95), box(0.2, -0.95, 0.55, 0.95), box(-0.95, -0.55, 0.95, -0.2), box(-0.95, 0.2, 0.95, 0.55))],
  ['theta', union(annulus(0.62, 0.95), box(-0.8, -0.15, 0.8, 0.15))],
  ['chevron', polygon([-0.95, -0.7, -0.5, -0.7, 0, 0.25, 0.5, -0.7, 0.95, -0.7, 0, 0.95])],
  ['zigzag', stroke([-0.85, -0.5, -0.42, 0.5, 0, -0.5, 0.42, 0.5, 0.85, -0.5], 0.34)],
  ['pacman', minus(disc(0, 0, 0.92), (x, y) => x > 0 && Math.abs(y) < 0.75 * x)],
  ['kite', polygon([0, -1, 0.62, -0.25, 0, 1, -0.62, -0.25])],
  ['mushroom', union((x, y) => x * x + (y + 0.05) ** 2 < 0.95 * 0.95 && y < -0.05, box(-0.24, -0.1, 0.24, 0.9))],
  ['flag', union(box(-0.75, -0.95, -0.45, 0.95), box(-0.45, -0.95, 0.8, -0.1))],
  ['hollowtri', minus(polygon([0, -1, 0.95, 0.72, -0.95, 0.72]), polygon([0, -0.35, 0.42, 0.42, -0.42, 0.42]))],
  ['stairs', polygon([-0.9, 0.9, -0.9, 0.3, -0.3, 0.3, -0.3, -0.3, 0.3, -0.3, 0.3, -0.9, 0.9, -0.9, 0.9, 0.9])],
];

export interface ShapeDef {
  name: string;
  inside: InsideTest;
}

const MASK_RES = 512;
const MASK_EXTENT = 1.25;

/**
 * The same inside-test as a lookup in a precomputed 512x512 mask over [-1.25, 1.25]^2: one
 * array read instead of a polygon walk, so generating the dataset takes seconds. At 32x32 an
 * object spans about 25 pixels, so the mask is ~20x finer than the samples taken from it.
 */
function rasterised(inside: InsideTest): InsideTest {
  const mask = new Uint8Array(MASK_RES * MASK_RES);
  const step = (2 * MASK_EXTENT) / MASK_RES;
  for (let j = 0; j < MASK_RES; j++) {
    for (let i = 0; i < MASK_RES; i++) mask[j * MASK_RES + i] = inside(-MASK_EXTENT + (i + 0.5) * step, -MASK_EXTENT + (j + 0.5) * step) ? 1 : 0;
  }
  const k = MASK_RES / (2 * MASK_EXTENT);
  return (x, y) => {
    const i = Math.floor((x + MASK_EXTENT) * k), j = Math.floor((y + MASK_EXTENT) * k);
    return i >= 0 && j >= 0 && i < MASK_RES && j < MASK_RES && mask[j * MASK_RES + i] === 1;
  };
}

/**
 * Order fixes the category numbering: the index of a shape is its category's label. Each mask
 * is rasterised on first use (40 masks at module load would cost every importer a second).
 */
export const SHAPES: readonly ShapeDef[] = SHAPE_LIST.map(([name, exact]) => {
  let mask: InsideTest | null = null;
  return { name, inside: (x: number, y: number) => (mask ??= rasterised(exact))(x, y) };
});
