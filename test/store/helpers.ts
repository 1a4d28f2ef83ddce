// Temporary stores and small fixtures for store / jobs / app tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DatasetSummary } from '../../shared/results';
import { Store } from '../../src-main/store';

export function tempDir(prefix = 'invlab-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function tempStore(): { store: Store; dir: string; cleanup(): void } {
  const dir = tempDir();
  const store = new Store(path.join(dir, 'x.db'));
  return { store, dir, cleanup: () => { store.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

export function fakeDataset(over: Partial<DatasetSummary> = {}): DatasetSummary {
  return {
    id: 'ds1', name: 'toy', source: 'folder', classes: ['a', 'b', 'c', 'd'], size: 16, channels: 3,
    counts: { train: 40, val: 8, test: 8 }, createdAt: '2026-01-01T00:00:00.000Z', ...over,
  };
}
