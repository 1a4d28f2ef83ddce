// Registry-driven tests (as timm's tests loop over list_models()): every registered
// transformation is checked for its definition's shape, its parameter range, seeded
// determinism and its `apply` against its own plain-JS `reference`, on cpu and wasm. A new
// transformation is tested by registering it; nobody edits this file.
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { applyTransform, TransformParamError } from '../../src-main/engine/transforms';
import { experimentSpecSchema } from '../../shared/spec';
import {
  TRANSFORMS, TRANSFORM_IDS, paramErrors, transformDef, type PlainImage, type TransformDef, type TransformId,
} from '../../shared/transforms/index';
import { BACKENDS, randomImages, useBackend } from './helpers';

const FAMILIES = ['color', 'convolutional', 'noise', 'geometric'];
const DIR = path.resolve(__dirname, '../../shared/transforms');
const defs = TRANSFORMS as readonly TransformDef<TransformId>[];

function plain(n: number, h: number, w: number, c: number, seed: number): PlainImage {
  return { data: Float32Array.from(randomImages(n, h, w, c, seed).data), height: h, width: w, channels: c };
}

function run(def: TransformDef<TransformId>, img: PlainImage, params: Record<string, number>, seed: number, n = 1): PlainImage {
  const x = tf.tensor4d(img.data, [n, img.height, img.width, img.channels]);
  const y = applyTransform({ id: def.id, params }, x, seed);
  const out = { data: y.dataSync() as Float32Array, height: y.shape[1], width: y.shape[2], channels: y.shape[3] };
  x.dispose(); y.dispose();
  return out;
}

/** Parameter sets worth checking: the defaults, and each parameter at the ends of its slider. */
function paramSets(def: TransformDef): Record<string, number>[] {
  const sets: Record<string, number>[] = [{}];
  for (const p of def.params) {
    sets.push({ [p.name]: p.minExclusive ? p.min + p.step : p.min }, { [p.name]: p.sliderMax });
  }
  return sets;
}

describe('the transformation registry', () => {
  useBackend('cpu');

  it('has unique ids in the registration order, every one a file of shared/transforms named after it', () => {
    expect(new Set(TRANSFORM_IDS).size).toBe(TRANSFORM_IDS.length);
    for (const id of TRANSFORM_IDS) expect(fs.existsSync(path.join(DIR, `${id}.ts`)), `shared/transforms/${id}.ts`).toBe(true);
  });

  it('registers every definition file: a file that defines a transformation but is not in the list fails here', async () => {
    const infrastructure = new Set(['index', 'define', 'ops', 'plain', 'params', 'applicability']);
    const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.ts') && !infrastructure.has(f.slice(0, -3)));
    for (const f of files) {
      const mod = (await import(path.join(DIR, f))) as { default?: TransformDef };
      expect(mod.default?.id, `${f} must default-export defineTransform({...})`).toBe(f.slice(0, -3));
      expect(TRANSFORMS as readonly unknown[], `${f} is not registered in shared/transforms/index.ts`).toContain(mod.default);
    }
  });

  it('refuses an unregistered id loudly, naming the registered ones, at every door', () => {
    const x = tf.zeros([1, 4, 4, 3]) as tf.Tensor4D;
    expect(() => applyTransform({ id: 'sharpen' as TransformId, params: {} }, x)).toThrow(TransformParamError);
    expect(() => applyTransform({ id: 'sharpen' as TransformId, params: {} }, x)).toThrow(/unknown transformation "sharpen"; valid ids: grayscale/);
    x.dispose();
    expect(() => transformDef('sharpen')).toThrow(/unknown transformation "sharpen"/);
    expect(paramErrors('sharpen' as TransformId, {})).toEqual([expect.stringMatching(/unknown transformation "sharpen"/)]);
    const r = experimentSpecSchema.safeParse({ dataset: 'builtin', transformations: ['sharpen'] });
    expect(r.success).toBe(false);
  });
});

describe.each(defs.map((d) => [d.id, d] as const))('%s', (_id, def) => {
  it('is a complete definition', () => {
    expect(def.id).toMatch(/^[a-z][a-z0-9]*$/);
    expect(FAMILIES).toContain(def.family);
    expect(def.label.length).toBeGreaterThan(0);
    expect(def.color).toMatch(/^#[0-9A-Fa-f]{6}$/);
    expect(def.summary.length).toBeGreaterThan(0);
    expect(typeof def.random).toBe('boolean');
    expect(typeof def.colourOnly).toBe('boolean');
    const names = def.params.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    if (def.calibration) {
      expect(names, 'the calibrated parameter is one of its parameters').toContain(def.calibration.param);
      expect(def.calibration.step).not.toBe(0);
      expect(paramErrors(def.id, { [def.calibration.param]: def.calibration.first })).toEqual([]);
    }
    // Colours are distinct within a family (the within-across panels are per family).
    const sameFamily = defs.filter((d) => d.family === def.family && d.id !== def.id);
    expect(sameFamily.map((d) => d.color)).not.toContain(def.color);
  });

  it('accepts its parameters over their whole range and refuses just beyond it', () => {
    for (const p of def.params) {
      expect(p.step).toBeGreaterThan(0);
      expect(p.min).toBeLessThan(p.max);
      expect(p.sliderMax).toBeLessThanOrEqual(p.max);
      expect(paramErrors(def.id, { [p.name]: p.default }), 'default').toEqual([]);
      expect(paramErrors(def.id, { [p.name]: p.sliderMax }), 'slider end').toEqual([]);
      expect(paramErrors(def.id, { [p.name]: p.min }).length, 'min').toBe(p.minExclusive ? 1 : 0);
      expect(paramErrors(def.id, { [p.name]: p.max }).length, 'max').toBe(p.maxExclusive ? 1 : 0);
      expect(paramErrors(def.id, { [p.name]: p.min - p.step }), 'below').toHaveLength(1);
      expect(paramErrors(def.id, { [p.name]: p.max + p.step }), 'above').toHaveLength(1);
    }
    expect(paramErrors(def.id, { notAParameter: 1 })).toHaveLength(1);
  });

  describe.each(BACKENDS)('on %s', (backend) => {
    useBackend(backend);
    const channels = def.colourOnly ? [3] : [1, 3];

    it('keeps a batch a batch of the reference shape, and refuses 1 channel if colour-only', () => {
      for (const c of channels) {
        const one = plain(1, 9, 7, c, 3);
        const y = run(def, plain(2, 9, 7, c, 3), {}, 1, 2);
        const ref = def.reference(one, transformDefaults(def), 1);
        expect([y.height, y.width, y.channels]).toEqual([ref.height, ref.width, ref.channels]);
        expect(y.data.length).toBe(2 * ref.data.length);
        expect(y.data.every(Number.isFinite)).toBe(true);
      }
      if (def.colourOnly) expect(() => run(def, plain(1, 4, 4, 1, 1), {}, 1)).toThrow(/identity on a grayscale/);
    });

    it(`is ${def.random ? 'reproducible from its seed and different across seeds' : 'independent of the seed'}`, () => {
      const img = plain(2, 8, 8, 3, 5);
      const a = run(def, img, {}, 11, 2), b = run(def, img, {}, 11, 2), other = run(def, img, {}, 12, 2);
      expect(Array.from(b.data)).toEqual(Array.from(a.data));
      if (def.random) expect(Array.from(other.data)).not.toEqual(Array.from(a.data));
      else expect(Array.from(other.data)).toEqual(Array.from(a.data));
    });

    it('matches its definition (the plain-JS reference) for its defaults and across its parameter range', () => {
      for (const c of channels) {
        for (const params of paramSets(def)) {
          const img = plain(1, 10, 9, c, 7 + c);
          const y = run(def, img, params, 21);
          const ref = def.reference(img, { ...transformDefaults(def), ...params }, 21);
          expect([y.height, y.width, y.channels]).toEqual([ref.height, ref.width, ref.channels]);
          let worst = 0;
          for (let i = 0; i < ref.data.length; i++) worst = Math.max(worst, Math.abs(y.data[i]! - ref.data[i]!));
          expect(worst, `${JSON.stringify(params)} on ${c} channel(s)`).toBeLessThan(2e-3 * 255);
        }
      }
    });
  });
});

function transformDefaults(def: TransformDef): Record<string, number> {
  return Object.fromEntries(def.params.map((p) => [p.name, p.default]));
}
