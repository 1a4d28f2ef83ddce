// `demo --quick` picks its size from a bench of this machine: the two sizes, the threshold
// between them, and what each size's spec holds (the rest of the quick spec is unchanged).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { LARGE_MIN_IMAGES_PER_S, QUICK_LARGE, QUICK_SMALL, demoSpec, quickSize, sizeQuickDemo } from '../../src-main/cli/commands/demo';
import { parseExperimentSpec } from '../../shared/spec';
import { createLabService } from '../../src-main/app';
import { tempDir } from '../store/helpers';

const root = tempDir('invlab-demo-size-');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

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

  it('keeps the size of an unfinished quick demo, whatever a bench would say, so it resumes', async () => {
    for (const size of [QUICK_SMALL, QUICK_LARGE]) {
      const service = createLabService({ dbPath: path.join(root, `${size.seeds}`, 'invlab.db') });
      const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      try {
        // An experiment under the quick demo's name, created and not run (a small stand-in spec).
        const name = demoSpec(true, size.seeds, size.epochs).name!;
        await service.call('experiments.create', { spec: { name, dataset: 'builtin-s16-n30', transformations: ['blur'], seenCounts: [0], epochs: 1 }, start: false });
        expect(await sizeQuickDemo(service)).toEqual(size);
        expect(err.mock.calls.map((c) => String(c[0])).join('')).toMatch(new RegExp(`resuming the unfinished quick demo at its size, ${size.seeds} seeds x ${size.epochs} epochs`));
      } finally {
        err.mockRestore();
        await service.close();
      }
    }
  });
});

