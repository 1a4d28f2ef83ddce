import { describe, expect, it } from 'vitest';
import { builtinOptions } from '../../src-main/app/datasets';

describe('dataset references', () => {
  it('accept builtin, builtin:<seed> and the built-in variant ids', () => {
    expect(builtinOptions('builtin')).toEqual({ seed: 0, size: undefined, perClass: undefined });
    expect(builtinOptions('builtin:3')).toEqual({ seed: 3 });
    expect(builtinOptions('builtin-2-s16-n120')).toEqual({ seed: 2, size: 16, perClass: 120 });
    expect(builtinOptions('builtin-n30')).toEqual({ seed: 0, size: undefined, perClass: 30 });
    expect(builtinOptions('builtins')).toBeNull();
    expect(builtinOptions('mnist')).toBeNull();
  });
});
