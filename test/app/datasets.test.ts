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

describe('built-in dataset versions', () => {
  it('a new generator version gets its own record and folder: experiments stored with an older one keep their images and class names', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { openStore } = await import('../../src-main/store');
    const { resolveDataset } = await import('../../src-main/app/datasets');
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'invlab-dsver-'));
    const store = openStore(path.join(home, 'lab.db'));
    try {
      // A version-6 record as the previous app stored it (ids had no -v then), with its folder.
      const oldDir = path.join(store.layout.datasets, 'builtin-s16-n6');
      fs.mkdirSync(oldDir, { recursive: true });
      fs.writeFileSync(path.join(oldDir, 'train.u8'), 'v6 bytes');
      const oldClasses = Array.from({ length: 40 }, (_, i) => `colour${i}-shape`);
      store.datasets.save({ id: 'builtin-s16-n6', name: 'Built-in shapes', source: 'builtin', classes: oldClasses, size: 16, channels: 3, counts: { train: 240, val: 40, test: 40 }, createdAt: '2026-11-30T00:00:00.000Z' }, oldDir);

      const now = await resolveDataset(store, 'builtin-s16-n6');
      expect(now.summary.id).toBe('builtin-s16-n6-v7');
      expect(now.summary.classes).toContain('star');
      expect(store.datasets.get('builtin-s16-n6')!.summary.classes).toEqual(oldClasses);
      expect(fs.readFileSync(path.join(oldDir, 'train.u8'), 'utf8')).toBe('v6 bytes');
    } finally {
      store.close();
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
