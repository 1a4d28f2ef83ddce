// The on-disk dataset format: one folder per dataset under a cache root.
//
//   <cacheRoot>/<id>/meta.json           DatasetSummary + formatVersion (+ optional `origin`)
//   <cacheRoot>/<id>/<split>.u8          uint8 pixels, NHWC row-major, count*size*size*channels bytes
//   <cacheRoot>/<id>/<split>.labels.i32  int32 little-endian labels, count*4 bytes
//
// for split in train, val, test. A folder is only ever created by renaming a fully written
// staging folder into place, so a reader never sees a half-written dataset. Once the files are
// complete, meta.json records the SHA-256 of each data file and of its own content
// (`integrity`), checked on every load: a flipped pixel byte fails the job naming the file,
// it is never trained on (docs/guarantees.md). Folders written before `integrity` existed load
// unchecked.
import { createHash } from 'node:crypto';
import { StorageError, pidAlive, storageErrno, writeFileAtomic } from '../io/atomic';
import { promises as fs, createReadStream, existsSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { DatasetSummary } from '../../../shared/results';
import type { ImageSplit, LoadedDataset } from '../types';
import { DatasetLoadError } from './errors';

export const FORMAT_VERSION = 1;
export const SPLIT_NAMES = ['train', 'val', 'test'] as const;
export type SplitName = (typeof SPLIT_NAMES)[number];

const STAGING_PREFIX = '.staging-';
const TRASH_PREFIX = '.trash-';

/** What meta.json holds: the summary, the format version, and where the data came from. */
export interface DatasetMetaFile extends DatasetSummary {
  formatVersion: number;
  /** Free-form provenance (builtin generator parameters, import source); never needed to load. */
  origin?: Record<string, unknown>;
  /** Written by commitDataset once the data files are complete; absent in older folders. */
  integrity?: DatasetIntegrity;
}

/** SHA-256 (hex) of each data file by name, and of meta.json's content without this field. */
export interface DatasetIntegrity {
  sha256: Record<string, string>;
  meta: string;
}

const DAMAGED = 'the dataset is damaged, import it again to repair it';
const CHANGED = 'checksum mismatch: its bytes changed after it was written';

function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The digest of meta.json's content: every field but `integrity`, in the file's own order. */
function metaDigest(meta: DatasetMetaFile): string {
  const { integrity: _i, ...rest } = meta;
  return sha256(JSON.stringify(rest));
}

/** Streamed, so that checking a large dataset does not hold it in memory twice. */
async function fileDigest(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return h.digest('hex');
}

function dataFiles(dir: string): string[] {
  return SPLIT_NAMES.flatMap((s) => [pixelsFile(dir, s), labelsFile(dir, s)]);
}

export function pixelsFile(dir: string, split: SplitName): string {
  return join(dir, `${split}.u8`);
}

export function labelsFile(dir: string, split: SplitName): string {
  return join(dir, `${split}.labels.i32`);
}

export function metaFile(dir: string): string {
  return join(dir, 'meta.json');
}

/** Bytes of one image of this dataset. */
export function imageBytes(summary: Pick<DatasetSummary, 'size' | 'channels'>): number {
  return summary.size * summary.size * summary.channels;
}

function stripToSummary(meta: DatasetMetaFile): DatasetSummary {
  const summary: DatasetSummary = {
    id: meta.id, name: meta.name, source: meta.source, classes: meta.classes, size: meta.size,
    channels: meta.channels, counts: meta.counts, createdAt: meta.createdAt,
  };
  if (meta.importReport) summary.importReport = meta.importReport;
  return summary;
}

/** Reads and checks meta.json; every problem names the file and the field. */
export async function readDatasetMeta(dir: string): Promise<DatasetMetaFile> {
  const file = metaFile(dir);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new DatasetLoadError(file, existsSync(dir) ? 'missing: not a dataset folder (no meta.json)' : 'dataset folder does not exist');
  }
  let meta: DatasetMetaFile;
  try {
    meta = JSON.parse(text) as DatasetMetaFile;
  } catch (e) {
    throw new DatasetLoadError(file, `not valid JSON (${(e as Error).message})`);
  }
  const bad = (field: string, why: string): never => {
    throw new DatasetLoadError(file, `field "${field}" ${why}`);
  };
  if (typeof meta !== 'object' || meta === null) bad('(root)', 'must be an object');
  if (meta.formatVersion !== FORMAT_VERSION) bad('formatVersion', `is ${String(meta.formatVersion)}, this version reads ${FORMAT_VERSION}`);
  if (typeof meta.id !== 'string' || !meta.id) bad('id', 'must be a non-empty string');
  if (!Array.isArray(meta.classes) || meta.classes.length < 2) bad('classes', 'must list at least 2 categories');
  if (!Number.isInteger(meta.size) || meta.size < 1) bad('size', 'must be a positive integer');
  if (meta.channels !== 1 && meta.channels !== 3) bad('channels', 'must be 1 or 3');
  for (const s of SPLIT_NAMES) {
    const n = meta.counts?.[s];
    if (!Number.isInteger(n) || (n as number) < 0) bad(`counts.${s}`, 'must be a non-negative integer');
  }
  if (meta.integrity !== undefined) {
    const i = meta.integrity;
    if (typeof i !== 'object' || i === null || typeof i.meta !== 'string' || typeof i.sha256 !== 'object' || i.sha256 === null) bad('integrity', 'must hold the sha256 of meta.json and of each data file');
    // A changed category name or count would otherwise be used silently.
    if (metaDigest(meta) !== i.meta) throw new DatasetLoadError(file, `${CHANGED} (a field was edited or a byte flipped); ${DAMAGED}`);
  }
  return meta;
}

/** The summary only (no pixels): what the store lists. */
export async function readDatasetSummary(dir: string): Promise<DatasetSummary> {
  return stripToSummary(await readDatasetMeta(dir));
}

/** Throws naming `file` when the data does not hash to what meta.json recorded for it. */
function checkDigest(meta: DatasetMetaFile, file: string, data: Uint8Array): void {
  const want = meta.integrity?.sha256[basename(file)];
  if (want === undefined) {
    if (meta.integrity) throw new DatasetLoadError(file, `has no checksum in meta.json; ${DAMAGED}`);
    return;
  }
  if (sha256(data) !== want) throw new DatasetLoadError(file, `${CHANGED} (flipped bytes: a failing disk, a bad copy, or an edit); ${DAMAGED}`);
}

async function readExact(file: string, expected: number, what: string): Promise<Buffer> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch {
    throw new DatasetLoadError(file, `missing (${what})`);
  }
  if (stat.size !== expected) {
    throw new DatasetLoadError(file, `has ${stat.size} bytes, meta.json implies ${expected} (${what}); the dataset is damaged, import it again`);
  }
  return fs.readFile(file);
}

async function loadSplit(dir: string, meta: DatasetMetaFile, split: SplitName): Promise<ImageSplit> {
  const count = meta.counts[split];
  const pixelsPath = pixelsFile(dir, split);
  const labelsPath = labelsFile(dir, split);
  const pixelBuf = await readExact(pixelsPath, count * imageBytes(meta), `${count} images of ${meta.size}x${meta.size}x${meta.channels}`);
  const labelBuf = await readExact(labelsPath, count * 4, `${count} int32 labels`);
  checkDigest(meta, pixelsPath, pixelBuf);
  checkDigest(meta, labelsPath, labelBuf);
  // Copy into a fresh, aligned buffer: Int32Array views need 4-byte alignment.
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) labels[i] = labelBuf.readInt32LE(i * 4);
  for (let i = 0; i < count; i++) {
    const l = labels[i]!;
    if (l < 0 || l >= meta.classes.length) {
      throw new DatasetLoadError(labelsPath, `label ${l} at index ${i} is outside 0..${meta.classes.length - 1}`);
    }
  }
  const pixels = new Uint8Array(pixelBuf.buffer, pixelBuf.byteOffset, pixelBuf.byteLength);
  return { pixels, labels, count };
}

/** Loads a dataset folder, checking every file against meta.json. */
export async function loadDataset(dir: string): Promise<LoadedDataset> {
  const meta = await readDatasetMeta(dir);
  const [train, val, test] = await Promise.all(SPLIT_NAMES.map((s) => loadSplit(dir, meta, s)));
  return { meta: stripToSummary(meta), train: train!, val: val!, test: test! };
}

/**
 * Whether `dir` holds a dataset that loads: sizes only by default (cheap, no pixel reads);
 * `verify` also checks every checksum, so that an import or the built-in generator replaces a
 * damaged copy instead of reusing it.
 */
export async function isValidDatasetDir(dir: string, o: { verify?: boolean } = {}): Promise<boolean> {
  try {
    const meta = await readDatasetMeta(dir);
    for (const s of SPLIT_NAMES) {
      const [p, l] = await Promise.all([fs.stat(pixelsFile(dir, s)), fs.stat(labelsFile(dir, s))]);
      if (p.size !== meta.counts[s] * imageBytes(meta) || l.size !== meta.counts[s] * 4) return false;
    }
    if (o.verify && meta.integrity) {
      for (const f of dataFiles(dir)) if ((await fileDigest(f)) !== meta.integrity.sha256[basename(f)]) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/** Records the checksums of a complete staging folder in its meta.json (one read of each file). */
async function sealDataset(dir: string): Promise<void> {
  const { integrity: _old, ...meta } = await readDatasetMeta(dir);
  const sums: Record<string, string> = {};
  for (const f of dataFiles(dir)) sums[basename(f)] = await fileDigest(f);
  const sealed: DatasetMetaFile = { ...meta, integrity: { sha256: sums, meta: metaDigest(meta) } };
  await writeFileAtomic(metaFile(dir), JSON.stringify(sealed, null, 2) + '\n');
}

export async function writeSplit(dir: string, split: SplitName, data: ImageSplit): Promise<void> {
  const labelBuf = Buffer.alloc(data.count * 4);
  for (let i = 0; i < data.count; i++) labelBuf.writeInt32LE(data.labels[i]!, i * 4);
  await fs.writeFile(pixelsFile(dir, split), data.pixels);
  await fs.writeFile(labelsFile(dir, split), labelBuf);
}

export async function writeMeta(dir: string, summary: DatasetSummary, origin?: Record<string, unknown>): Promise<void> {
  const meta: DatasetMetaFile = { formatVersion: FORMAT_VERSION, ...summary, ...(origin ? { origin } : {}) };
  await fs.writeFile(metaFile(dir), JSON.stringify(meta, null, 2) + '\n');
}

/** Removes staging folders left by processes that died mid-import (kill -9). */
export function removeStaleStaging(cacheRoot: string): void {
  if (!existsSync(cacheRoot)) return;
  for (const name of readdirSync(cacheRoot)) {
    if (!name.startsWith(STAGING_PREFIX) && !name.startsWith(TRASH_PREFIX)) continue;
    const pid = Number(/-p(\d+)-/.exec(name)?.[1]);
    // A live owner (this process included) may still be writing it.
    if (Number.isInteger(pid) && pid > 0 && pidAlive(pid)) continue;
    rmSync(join(cacheRoot, name), { recursive: true, force: true });
  }
}

export interface CommitOptions {
  /**
   * Called when a folder with this id already exists (possibly written meanwhile by another
   * process): true keeps it and discards the new build; default: replace it.
   */
  keepExisting?: (dir: string) => Promise<boolean>;
}

/**
 * Builds a dataset folder atomically: `build` writes into a staging folder next to the target,
 * which is renamed into place only when `build` succeeds and the files match meta.json. On any
 * failure the staging folder is removed and the error rethrown, so the cache never holds a
 * half-written dataset.
 */
export async function commitDataset(cacheRoot: string, id: string, build: (stagingDir: string) => Promise<void>, opts: CommitOptions = {}): Promise<string> {
  await fs.mkdir(cacheRoot, { recursive: true });
  removeStaleStaging(cacheRoot);
  const tag = `${id}-p${process.pid}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  const staging = join(cacheRoot, STAGING_PREFIX + tag);
  const target = join(cacheRoot, id);
  try {
    await fs.mkdir(staging);
    await build(staging);
    if (!(await isValidDatasetDir(staging))) {
      await readDatasetMeta(staging); // throws the precise problem when meta.json is at fault
      throw new DatasetLoadError(staging, 'written files do not match meta.json (internal error)');
    }
    await sealDataset(staging);
    if (existsSync(target)) {
      if (opts.keepExisting && (await opts.keepExisting(target))) {
        await fs.rm(staging, { recursive: true, force: true });
        return target;
      }
      const trash = join(cacheRoot, TRASH_PREFIX + tag);
      await fs.rename(target, trash);
      await fs.rename(staging, target);
      await fs.rm(trash, { recursive: true, force: true });
    } else {
      try {
        await fs.rename(staging, target);
      } catch (e) {
        // Another process renamed its copy into place between our check and our rename.
        const code = (e as NodeJS.ErrnoException).code;
        if ((code === 'ENOTEMPTY' || code === 'EEXIST') && (await isValidDatasetDir(target))) {
          await fs.rm(staging, { recursive: true, force: true });
          return target;
        }
        throw e;
      }
    }
    return target;
  } catch (e) {
    await fs.rm(staging, { recursive: true, force: true });
    // A full or read-only disk is named as such, with the dataset folder (docs/guarantees.md).
    const errno = storageErrno(e);
    throw errno ? new StorageError(errno, target, 'write the dataset', (e as Error).message) : e;
  }
}
