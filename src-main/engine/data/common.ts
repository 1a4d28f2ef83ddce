// What the importers share: options, result, and the content-derived dataset id that makes an
// import happen once and be reused afterwards.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { DatasetSummary } from '../../../shared/results';
import { isValidDatasetDir, readDatasetSummary } from './format';

export interface ImportOptions {
  /** Folder holding one sub-folder per dataset. */
  cacheRoot: string;
  /** Side of the square stored images. Folder import default 32; IDX default: the native size. */
  size?: number;
  /** Display name; default: the source folder's name. */
  name?: string;
  /** Called as images are decoded: (done, total). */
  onProgress?: (done: number, total: number) => void;
}

export interface ImportResult {
  dir: string;
  summary: DatasetSummary;
  /** True when an identical earlier import was found in the cache and nothing was decoded. */
  reused: boolean;
}

export const MIN_SIZE = 8;
export const MAX_SIZE = 256;

export function slugify(name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return slug || 'dataset';
}

/**
 * `<kind>-<slug>-<size>-<hash>`: the hash covers the source's content fingerprint and every
 * option that changes the stored bytes, so the same import maps to the same folder.
 */
export function importId(kind: 'idx' | 'folder', name: string, size: number, fingerprint: string): string {
  const hash = createHash('sha256').update(`${kind}\n${size}\n${fingerprint}`).digest('hex').slice(0, 10);
  return `${kind}-${slugify(name)}-${size}-${hash}`;
}

/** The cached result of an identical earlier import, if there is one. */
export async function findExisting(cacheRoot: string, id: string): Promise<ImportResult | null> {
  const dir = join(cacheRoot, id);
  if (!(await isValidDatasetDir(dir, { verify: true }))) return null;
  return { dir, summary: await readDatasetSummary(dir), reused: true };
}

export function checkSize(size: number, file: string, fail: (file: string, message: string) => Error): number {
  if (!Number.isInteger(size) || size < MIN_SIZE || size > MAX_SIZE) {
    throw fail(file, `image size must be an integer between ${MIN_SIZE} and ${MAX_SIZE}, got ${size}`);
  }
  return size;
}
