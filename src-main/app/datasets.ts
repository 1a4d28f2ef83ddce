// Datasets for the service: the built-in one on demand, imports into the data folder, and
// lookups by id or name.
import type { DatasetSummary } from '../../shared/results';
import { ExperimentSetupError } from '../jobs/errors';
import type { DatasetRecord, Store } from '../store';
import { readBuiltinRef } from '../engine/data/builtin/ref';

// Recognising a built-in reference must not load the data module (it pulls in sharp).
export { readBuiltinRef as builtinOptions } from '../engine/data/builtin/ref';

/**
 * A spec's `dataset`: 'builtin', 'builtin:<seed>', a built-in variant id such as
 * 'builtin-n120' (generated on first use), or an imported dataset's id or name.
 */
export async function resolveDataset(store: Store, ref: string): Promise<DatasetRecord> {
  const opts = readBuiltinRef(ref);
  if (opts) {
    // Loaded on use: the data module pulls in sharp, which listing runs never needs.
    const { ensureBuiltinDataset } = await import('../engine/data');
    let made;
    try {
      made = await ensureBuiltinDataset(store.layout.datasets, opts);
    } catch (e) {
      if (e instanceof RangeError) throw new ExperimentSetupError('dataset', e.message);
      throw e;
    }
    const { dir, summary } = made;
    store.datasets.save(summary, dir);
    return { dir, summary };
  }
  const found = store.datasets.find(ref);
  if (!found) {
    throw new ExperimentSetupError('dataset', `no dataset "${ref}" in ${store.dbPath}; import one with \`invlab datasets import <path>\`, or use "builtin"`);
  }
  return found;
}

export async function importIntoStore(
  store: Store, req: { path: string; name?: string; size?: number },
  onProgress?: (done: number, total: number) => void,
): Promise<DatasetSummary> {
  const { importDataset } = await import('../engine/data');
  const { dir, summary } = await importDataset(req.path, {
    cacheRoot: store.layout.datasets, size: req.size, name: req.name, onProgress,
  });
  store.datasets.save(summary, dir);
  return summary;
}
