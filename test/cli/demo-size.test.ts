// `demo --quick` picks its size from a bench of this machine: the two sizes, the threshold
// between them, and what each size's spec holds (the rest of the quick spec is unchanged).
import { describe, expect, it } from 'vitest';
import { LARGE_MIN_IMAGES_PER_S, QUICK_LARGE, QUICK_SMALL, demoSpec, quickSize } from '../../src-main/cli/commands/demo';
import { parseExperimentSpec } from '../../shared/spec';

describe('demo --quick sizing', () => {
  it('is large from the threshold on, small below it', () => {
    expect(quickSize(LARGE_MIN_IMAGES_PER_S)).toEqual(QUICK_LARGE);
    expect(quickSize(LARGE_MIN_IMAGES_PER_S - 1)).toEqual(QUICK_SMALL);
    expect(quickSize(846)).toEqual(QUICK_SMALL); // 2 AVX2 cores, measured
    expect(quickSize(3217)).toEqual(QUICK_LARGE); // 2 AVX-512 cores, measured
  });

  it('gives each size its seeds, epochs and a name that says them', () => {
    const small = demoSpec(true);
    expect(small).toMatchObject({ name: 'demo --quick (3 seeds)', seeds: [0, 1, 2], epochs: 4 });
    const large = demoSpec(true, QUICK_LARGE.seeds, QUICK_LARGE.epochs);
    expect(large).toMatchObject({ name: 'demo --quick (6 seeds, 6 epochs)', seeds: [0, 1, 2, 3, 4, 5], epochs: 6 });
    // Everything else is the same experiment.
    const rest = ({ name: _n, seeds: _s, epochs: _e, ...r }: Record<string, unknown>) => r;
    expect(rest(large as Record<string, unknown>)).toEqual(rest(small as Record<string, unknown>));
    expect(demoSpec(false)).toMatchObject({ name: 'demo', epochs: 15, seeds: [0] });
    for (const s of [small, large, demoSpec(false)]) expect(parseExperimentSpec(s).ok, s.name).toBe(true);
  });
});
