// The calibration-and-learnability probe: the spec it runs, the strengths the learnable rule
// tries (from the image-size bound towards the weakest) and the one it picks.
import { describe, expect, it } from 'vitest';
import { parseExperimentSpec } from '../../shared/spec';
import { probeSpecFrom } from '../../shared/probe';
import { strongestLearnable } from '../../shared/trust';
import { learnableCandidates, strongerFor } from '../../src-main/cli/commands/probe';

describe('probe', () => {
  it('keeps the designed dataset, network and transformations; seen 0 and all, one seed, a short budget, no analysis', () => {
    const p = probeSpecFrom({ name: 'big sweep', dataset: 'builtin', network: 'labnet', transformations: ['blur', 'rot90'], seenCounts: [0, 1, 5, 'all'], seeds: [3, 4, 5], epochs: 15, trainPerClass: 300 });
    const r = parseExperimentSpec(p);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.spec).toMatchObject({ name: 'probe: big sweep', dataset: 'builtin', transformations: ['blur', 'rot90'], seenCounts: [0, 'all'], seeds: [3], epochs: 3, trainPerClass: 100 });
    expect(r.spec.analysis.enabled).toBe(false);
  });

  it('learnable rule: candidates from the bound, strongest first; picks the strongest learnable', () => {
    expect(learnableCandidates('blur', 28, 4)).toEqual([2, 1.5, 1, 0.5]);
    expect(learnableCandidates('blur', 16, 4)).toEqual([1, 0.5]);
    expect(learnableCandidates('noise', 32, 3)).toEqual([250, 225, 200]);
    expect(learnableCandidates('scale', 32, 3)).toEqual([0.25, 0.3, 0.35]);
    expect(learnableCandidates('quantize', 32, 10)).toEqual([8, 7, 6, 5, 4, 3, 2]);
    const probes = [{ value: 2, transformedAccuracy: 0.3 }, { value: 1.5, transformedAccuracy: 0.75 }, { value: 1, transformedAccuracy: 0.85 }];
    expect(strongestLearnable(probes, 0.9, strongerFor('blur'))?.value).toBe(1.5);
    expect(strongestLearnable(probes, 1, strongerFor('blur'))?.value).toBe(1);
    expect(strongestLearnable([{ value: 0.3, transformedAccuracy: 0.8 }, { value: 0.5, transformedAccuracy: 0.9 }], 0.9, strongerFor('scale'))?.value).toBe(0.3);
    expect(strongestLearnable(probes, 2, strongerFor('blur'))).toBeNull();
  });
});
