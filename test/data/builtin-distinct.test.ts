// Built-in dataset v7: no registered transformation maps one category onto another (issue 14;
// the measure is documented in src-main/engine/data/builtin/distinct.ts and docs/datasets.md).
// Loops over the registry, so a new transformation is checked by registering it.
import { beforeAll, describe, expect, it } from 'vitest';
import { TRANSFORMS, type TransformDef, type TransformId } from '../../shared/transforms/index';
import { calibrationBound } from '../../shared/calibration-bounds';
import { BUILTIN_CATEGORIES } from '../../src-main/engine/data/builtin/generate';
import { categoryDistances, checkMapping, referenceMaps, renderPrototype, shapeMap } from '../../src-main/engine/data/builtin/distinct';

const SIZE = 32;
const defs = TRANSFORMS as readonly TransformDef<TransformId>[];
/** Transformations whose output is an image of the clean kind (a recoloured, turned, squeezed, shrunk or inverted object): they could make it another category's image. */
const imageLike = defs.filter((d) => d.family === 'color' || d.family === 'geometric' || d.id === 'invert');
/** The filters: they could erase the difference between two shapes. Noise and salt-and-pepper act on each pixel independently of the image, so they cannot carry one shape onto another; the edge measure is not meaningful on them (their own edges dominate it). */
const filters = defs.filter((d) => d.family === 'convolutional' && d.id !== 'invert');

function settings(def: TransformDef<TransformId>): Record<string, number>[] {
  const sets: Record<string, number>[] = [{}];
  if (def.calibration) {
    const b = calibrationBound(def.id, SIZE);
    // The strongest strength calibration may reach at this size. Not for scale and quantize:
    // at their bounds (a quarter of the side; blocks of a quarter of the side, a 4 x 4 mosaic)
    // the image itself no longer holds a shape (measured: quantize f = 8 at 32 px makes the
    // star's and the pentagon's mosaics the same), whatever the categories.
    if (b && def.id !== 'scale' && def.id !== 'quantize') sets.push({ [def.calibration.param]: b.value });
  }
  return sets;
}

let clean: Float64Array[][] = [];
beforeAll(async () => {
  clean = referenceMaps(SIZE);
}, 120_000);

describe('built-in dataset v7: categories are shapes that no transformation maps onto one another', () => {
  it('the measure catches a category that is another one turned or shrunk', () => {
    // An arrow turned 90 degrees is at distance ~0 from the arrow category: a category "arrow pointing up" would tie with it.
    const arrow = BUILTIN_CATEGORIES.findIndex((c) => c.name === 'arrow');
    const up = categoryDistances(shapeMap(renderPrototype(arrow, SIZE, 90, 0.75)), clean);
    expect(up[arrow]!).toBeLessThan(1e-6);
    // and the other categories are clearly apart from each other untransformed.
    for (let c = 0; c < BUILTIN_CATEGORIES.length; c++) {
      const d = categoryDistances(shapeMap(renderPrototype(c, SIZE)), clean);
      expect(d[c]!).toBeLessThan(1e-6);
      expect(Math.min(...d.filter((_, k) => k !== c)), BUILTIN_CATEGORIES[c]!.name).toBeGreaterThan(0.04);
    }
  });

  for (const def of imageLike) {
    for (const params of settings(def)) {
      it(`${def.id} ${JSON.stringify(params)}: every transformed prototype is nearest its own category's shape`, async () => {
        for (let c = 0; c < BUILTIN_CATEGORIES.length; c++) {
          const r = checkMapping(c, def.id, params, SIZE, clean);
          expect(r.own, `${r.category} -> ${r.nearestOther} (${r.other.toFixed(3)})`).toBeLessThan(r.other);
          if (c % 10 === 9) await new Promise((res) => setImmediate(res));
        }
      }, 120_000);
    }
  }

  for (const def of filters) {
    for (const params of settings(def)) {
      it(`${def.id} ${JSON.stringify(params)}: no two categories become one (each transformed prototype is nearest its own transformed shape)`, async () => {
        const transformed = referenceMaps(SIZE, { id: def.id, params }, [0, 30, 60, 90, 120, 150, 180, 210, 240, 270, 300, 330], [1], [1]);
        for (let c = 0; c < BUILTIN_CATEGORIES.length; c++) {
          const r = checkMapping(c, def.id, params, SIZE, transformed);
          expect(r.own, `${r.category} -> ${r.nearestOther} (${r.other.toFixed(3)})`).toBeLessThan(r.other - 0.01);
          if (c % 10 === 9) await new Promise((res) => setImmediate(res));
        }
      }, 180_000);
    }
  }
});
