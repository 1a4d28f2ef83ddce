// Parameters (defaults, validation messages) and which transformations apply to which data.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { TRANSFORM_IDS, type TransformId } from '../../shared/ids';
import {
  applyTransform, checkApplicable, defaultParams, paramErrors, paramSpecs, resolveParams, TransformParamError,
} from '../../src-main/engine/transforms';

describe('transformation parameters', () => {
  it('have the defaults of SPEC.md and the paper (saltpepper p = 0.5)', () => {
    expect(defaultParams('saltpepper')).toEqual({ p: 0.5 });
    expect(Object.keys(defaultParams('blur'))).toEqual(['sigma']);
    expect(Object.keys(defaultParams('noise'))).toEqual(['sigma']);
    for (const id of ['grayscale', 'hue180', 'highpass', 'hfilter', 'vfilter', 'invert', 'rot90', 'rot180', 'thin'] as const) {
      expect(defaultParams(id)).toEqual({});
    }
    expect(paramSpecs('noise')[0]!.step).toBe(25);
    expect(paramSpecs('blur')[0]!.step).toBe(0.5);
  });

  it('fill missing parameters with defaults and keep given ones', () => {
    expect(resolveParams('blur', {})).toEqual(defaultParams('blur'));
    expect(resolveParams('blur', { sigma: 3.5 })).toEqual({ sigma: 3.5 });
    expect(resolveParams('noise', { sigma: 0 })).toEqual({ sigma: 0 });
  });

  it.each([
    ['blur', { sigma: -1 }, /blur: parameter sigma must be > 0 \(got -1\)/],
    ['blur', { sigma: 0 }, /sigma must be > 0/],
    ['noise', { sigma: -25 }, /noise: parameter sigma must be >= 0/],
    ['saltpepper', { p: 1.5 }, /saltpepper: parameter p must be <= 1/],
    ['saltpepper', { p: Number.NaN }, /p must be a finite number/],
    ['blur', { radius: 2 }, /blur: unknown parameter "radius" \(accepted: sigma\)/],
    ['rot90', { angle: 90 }, /rot90: unknown parameter "angle" \(it takes no parameters\)/],
  ] as [TransformId, Record<string, number>, RegExp][])('%s %j is rejected with a clear message', (id, params, msg) => {
    expect(paramErrors(id, params).join('; ')).toMatch(msg);
    expect(() => resolveParams(id, params)).toThrow(TransformParamError);
    expect(() => resolveParams(id, params)).toThrow(msg);
  });

  it('an unknown transformation id names the valid ones', () => {
    expect(() => resolveParams('sharpen' as TransformId)).toThrow(/unknown transformation "sharpen"; valid ids: grayscale, hue180/);
  });

  it('applyTransform validates before touching the images', () => {
    const x = tf.zeros([1, 4, 4, 3]) as tf.Tensor4D;
    expect(() => applyTransform({ id: 'blur', params: { sigma: -2 } }, x)).toThrow(TransformParamError);
    expect(() => applyTransform({ id: 'noise', params: { mu: 1 } }, x)).toThrow(/unknown parameter "mu"/);
    x.dispose();
  });
});

describe('checkApplicable', () => {
  it('refuses the colour transformations on 1-channel data as identities', () => {
    for (const id of ['grayscale', 'hue180'] as const) {
      const r = checkApplicable(id, 1);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(new RegExp(`${id} is the identity on a grayscale`));
      expect(checkApplicable(id, 3)).toEqual({ ok: true });
    }
  });

  it('accepts every other transformation on 1 and 3 channels, and nothing on 2 or 4', () => {
    for (const id of TRANSFORM_IDS) {
      if (id !== 'grayscale' && id !== 'hue180') expect(checkApplicable(id, 1)).toEqual({ ok: true });
      expect(checkApplicable(id, 3)).toEqual({ ok: true });
      expect(checkApplicable(id, 4).ok).toBe(false);
    }
  });

  it('every non-colour transformation keeps the channel count of a 1-channel batch', () => {
    const x = tf.randomUniform([2, 8, 8, 1], 0, 255) as tf.Tensor4D;
    for (const id of TRANSFORM_IDS) {
      if (id === 'grayscale' || id === 'hue180') continue;
      const y = applyTransform({ id, params: {} }, x, 1);
      expect(y.shape).toEqual([2, 8, 8, 1]);
      y.dispose();
    }
    x.dispose();
  });
});
