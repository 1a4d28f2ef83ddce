// The object shapes of the built-in dataset, as inside-tests in a canonical frame: x to the
// right, y downwards, the shape fitting roughly in the unit disc. Shapes are chosen to stay
// distinguishable at 32x32 under the pose jitter the generator applies (small rotations only,
// so that rot90 / rot180 remain transformations the clean network has not seen).

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

const star = polygon(starPoints(5, 1.05, 0.45));

// Implicit heart curve (x^2 + y^2 - 1)^3 - x^2 y^3 <= 0, flipped so the point is at the bottom.
const heart: InsideTest = (x, y) => {
  const u = x * 1.15;
  const v = -y * 1.15 + 0.15;
  const a = u * u + v * v - 1;
  return a * a * a - u * u * v * v * v <= 0;
};

const cross: InsideTest = (x, y) => (Math.abs(x) < 0.3 && Math.abs(y) < 0.95) || (Math.abs(y) < 0.3 && Math.abs(x) < 0.95);

const ring: InsideTest = (x, y) => {
  const r2 = x * x + y * y;
  return r2 < 0.95 * 0.95 && r2 > 0.52 * 0.52;
};

const triangle = polygon([0, -1, 0.95, 0.72, -0.95, 0.72]);

const crescent: InsideTest = (x, y) => x * x + y * y < 0.95 * 0.95 && (x - 0.45) * (x - 0.45) + (y + 0.15) * (y + 0.15) > 0.75 * 0.75;

const arrow = polygon([-0.95, -0.22, 0.2, -0.22, 0.2, -0.65, 0.98, 0, 0.2, 0.65, 0.2, 0.22, -0.95, 0.22]);

const bolt = polygon([0.15, -1, -0.55, 0.12, -0.05, 0.12, -0.25, 1, 0.6, -0.22, 0.08, -0.22, 0.42, -1]);

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

/** Order fixes the category numbering: category = shape index * colours + colour index. */
export const SHAPES: readonly ShapeDef[] = ([
  ['star', star], ['heart', heart], ['cross', cross], ['ring', ring],
  ['triangle', triangle], ['crescent', crescent], ['arrow', arrow], ['bolt', bolt],
] as const).map(([name, inside]) => ({ name, inside: rasterised(inside) }));
