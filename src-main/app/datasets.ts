// Datasets for the service: the built-in one on demand, imports into the data folder, and
// lookups by id or name.
import type { DatasetSummary } from '../../shared/results';
import { ExperimentSetupError } from '../jobs/errors';
import type { DatasetRecord, Store } from '../store';

// 'builtin:<seed>', or the built-in dataset's own ids: builtin[-<seed>][-s<size>][-n<perClass>].
const BUILTIN_SEED = /^builtin:(\d+)$/;
const BUILTIN_ID = /^builtin(?:-(\d+))?(?:-s(\d+))?(?:-n(\d+))?$/;

export function builtinOptions(ref: string): { seed: number; size?: number; perClass?: number } | null {
  const s = BUILTIN_SEED.exec(ref);
  if (s) return { seed: Number(s[1]) };
  const m = BUILTIN_ID.exec(ref);
  if (!m) return null;
  return { seed: m[1] === undefined ? 0 : Number(m[1]), size: m[2] === undefined ? undefined : Number(m[2]), perClass: m[3] === undefined ? undefined : Number(m[3]) };
}

/**
 * A spec's `dataset`: 'builtin', 'builtin:<seed>', a built-in variant id such as
 * 'builtin-n120' (generated on first use), or an imported dataset's id or name.
 */
export async function resolveDataset(store: Store, ref: string): Promise<DatasetRecord> {
  const opts = builtinOptions(ref);
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
