// The built-in dataset, the embedded default: generated from a seed on first use, cached under
// the cache root like any imported dataset, and reused afterwards.
import { join } from 'node:path';
import type { DatasetSummary } from '../../../../shared/results';
import { commitDataset, readDatasetMeta, readDatasetSummary, isValidDatasetDir, writeMeta, writeSplit, SPLIT_NAMES } from '../format';
import { BUILTIN_CATEGORIES, GENERATOR_VERSION, renderSplit } from './generate';
import { readBuiltinRef } from './ref';

export { BUILTIN_CATEGORIES, GENERATOR_VERSION } from './generate';

export interface BuiltinOptions {
  seed?: number;
  /** Side of the square images (default 32). */
  size?: number;
  /** Training images per category (default 300); validation and test get perClass / 6 each. */
  perClass?: number;
}

export const BUILTIN_DEFAULTS = { seed: 0, size: 32, perClass: 300 } as const;

/** Images per category in each split: train = perClass, val = test = max(1, round(perClass / 6)). */
export function builtinCounts(perClass: number): { train: number; val: number; test: number } {
  const held = Math.max(1, Math.round(perClass / 6));
  return { train: perClass, val: held, test: held };
}

function resolve(opts: BuiltinOptions): Required<BuiltinOptions> {
  const o = { ...BUILTIN_DEFAULTS, ...stripUndefined(opts) };
  if (!Number.isInteger(o.seed) || o.seed < 0) throw new RangeError(`builtin dataset: seed must be a non-negative integer, got ${o.seed}`);
  if (!Number.isInteger(o.size) || o.size < 8 || o.size > 256) throw new RangeError(`builtin dataset: size must be an integer in 8..256, got ${o.size}`);
  if (!Number.isInteger(o.perClass) || o.perClass < 1 || o.perClass > 100_000) throw new RangeError(`builtin dataset: perClass must be an integer in 1..100000, got ${o.perClass}`);
  return o;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Cache id: `builtin` for seed 0 with default size and perClass, `builtin-<seed>` for other
 * seeds, with `-s<size>` / `-n<perClass>` appended when those differ from the defaults.
 */
export function builtinDatasetId(opts: BuiltinOptions = {}): string {
  const o = resolve(opts);
  let id = o.seed === 0 ? 'builtin' : `builtin-${o.seed}`;
  if (o.size !== BUILTIN_DEFAULTS.size) id += `-s${o.size}`;
  if (o.perClass !== BUILTIN_DEFAULTS.perClass) id += `-n${o.perClass}`;
  return id;
}

/** A reference to the built-in dataset (see `readBuiltinRef`) with defaults filled in and checked. */
export function parseBuiltinRef(ref: string): Required<BuiltinOptions> | null {
  const opts = readBuiltinRef(ref);
  return opts ? resolve(opts) : null;
}

async function isCurrent(dir: string): Promise<boolean> {
  if (!(await isValidDatasetDir(dir, { verify: true }))) return false;
  const meta = await readDatasetMeta(dir);
  return meta.origin?.generatorVersion === GENERATOR_VERSION;
}

const inFlight = new Map<string, Promise<{ dir: string; summary: DatasetSummary }>>();

/** Generates the built-in dataset into `cacheRoot` unless an up-to-date copy is there. */
export function ensureBuiltinDataset(cacheRoot: string, opts: BuiltinOptions = {}): Promise<{ dir: string; summary: DatasetSummary }> {
  const id = builtinDatasetId(opts);
  const dir = join(cacheRoot, id);
  const pending = inFlight.get(dir);
  if (pending) return pending;
  const job = ensure(cacheRoot, id, resolve(opts)).finally(() => inFlight.delete(dir));
  inFlight.set(dir, job);
  return job;
}

async function ensure(cacheRoot: string, id: string, o: Required<BuiltinOptions>): Promise<{ dir: string; summary: DatasetSummary }> {
  const existing = join(cacheRoot, id);
  if (await isCurrent(existing)) {
    return { dir: existing, summary: await readDatasetSummary(existing) };
  }
  const perSplit = builtinCounts(o.perClass);
  const C = BUILTIN_CATEGORIES.length;
  const summary: DatasetSummary = {
    id,
    name: o.seed === 0 ? 'Built-in shapes' : `Built-in shapes (seed ${o.seed})`,
    source: 'builtin',
    classes: BUILTIN_CATEGORIES.map((c) => c.name),
    size: o.size,
    channels: 3,
    counts: { train: perSplit.train * C, val: perSplit.val * C, test: perSplit.test * C },
    createdAt: new Date().toISOString(),
  };
  const dir = await commitDataset(cacheRoot, id, async (staging) => {
    for (const [index, split] of SPLIT_NAMES.entries()) {
      const count = summary.counts[split];
      const { pixels, labels } = renderSplit(o.seed, index, count, o.size);
      await writeSplit(staging, split, { pixels, labels, count });
    }
    await writeMeta(staging, summary, { generator: 'invlab-shapes', generatorVersion: GENERATOR_VERSION, seed: o.seed, perClass: o.perClass });
  }, { keepExisting: isCurrent });
  return { dir, summary: await readDatasetSummary(dir) };
}
