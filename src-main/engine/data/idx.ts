// IDX import: the MNIST family (MNIST, Fashion-MNIST, KMNIST, ...), gzipped or not.
//
// The dataset's own test split is kept as the test split; validation is carved from the
// training files, 10% of each category with a fixed seed. Images are stored with 1 channel at
// their native size unless a size is asked for (then resampled); non-square images are
// centre-cropped to a square first.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { constants as zc, createGunzip, gunzipSync } from 'node:zlib';
import type { DatasetSummary, ImportReport } from '../../../shared/results';
import type { ImageSplit } from '../types';
import { checkSize, findExisting, importId, type ImportOptions, type ImportResult } from './common';
import { DatasetImportError } from './errors';
import { commitDataset, writeMeta, writeSplit } from './format';
import { centreCropSquare, makeSquareResampler } from './resize';
import { splitCategory, type SplitFractions } from './splits';

const IMAGES_MAGIC = 0x00000803; // unsigned bytes, 3 dimensions
const LABELS_MAGIC = 0x00000801; // unsigned bytes, 1 dimension

export const FASHION_MNIST_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

export interface IdxFiles {
  trainImages: string;
  trainLabels: string;
  /** Absent: test is carved from the training files too (80/10/10 per category). */
  testImages?: string;
  testLabels?: string;
}

export interface IdxImportOptions extends ImportOptions {
  /** Category names by label; default: Fashion-MNIST's when the path says "fashion", else "0", "1", ... */
  classNames?: string[];
}

interface IdxArray {
  file: string;
  dims: number[];
  data: Uint8Array;
}

function isGzip(buf: Uint8Array): boolean {
  return buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b;
}

/**
 * The IDX magic number of a file, reading (and if gzipped, inflating) only its beginning. A
 * file whose beginning cannot be read but whose name says idx1/idx3 still counts, so that
 * readIdx later reports what is wrong with it instead of the file being silently ignored.
 */
export async function idxMagic(file: string): Promise<number | null> {
  const byName = /idx3/i.test(basename(file)) ? IMAGES_MAGIC : /idx1/i.test(basename(file)) ? LABELS_MAGIC : null;
  let head: Buffer;
  try {
    const fh = await fs.open(file, 'r');
    try {
      const buf = Buffer.alloc(4096);
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
      head = buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
    if (isGzip(head)) head = gunzipSync(head, { finishFlush: zc.Z_SYNC_FLUSH });
  } catch {
    return byName;
  }
  if (head.length < 4) return byName;
  const magic = head.readUInt32BE(0);
  return magic === IMAGES_MAGIC || magic === LABELS_MAGIC ? magic : byName;
}

/** The largest IDX file accepted (inflated): far above any image dataset this app trains on. */
export const MAX_IDX_BYTES = 4 * 2 ** 30;

/**
 * Inflates a gzipped IDX file no further than its header declares: the header (first bytes
 * of the inflated stream) says how many bytes follow, so a small file that would inflate to
 * gigabytes (a decompression bomb) is refused after header + 1 bytes, never held in memory.
 * Streamed (zlib on the thread pool), so the event loop is not blocked either.
 */
async function inflateIdx(file: string, gz: Buffer): Promise<Buffer> {
  const inflater = createGunzip();
  let head = Buffer.alloc(0);
  let out: Buffer | null = null;
  let filled = 0;
  let declared = -1;
  const fail = (why: string) => new DatasetImportError(file, why);
  try {
    await new Promise<void>((resolvePromise, reject) => {
      inflater.on('data', (chunk: Buffer) => {
        if (declared < 0) {
          head = Buffer.concat([head, chunk]);
          if (head.length < 4) return;
          const ndims = head[3]!;
          if (head.length < 4 + 4 * ndims) return;
          const dims = Array.from({ length: ndims }, (_, i) => head.readUInt32BE(4 + 4 * i));
          declared = 4 + 4 * ndims + dims.reduce((a, b) => a * b, 1);
          if (declared > MAX_IDX_BYTES) {
            reject(fail(`header declares ${dims.join('x')} = ${declared} bytes, more than the ${MAX_IDX_BYTES / 2 ** 30} GiB an IDX import accepts`));
            inflater.destroy();
            return;
          }
          out = Buffer.alloc(declared);
          chunk = head;
        }
        if (filled + chunk.length > declared) {
          reject(fail(`gzip stream inflates to more data than its header declares (${declared} bytes): refused without inflating the rest (a corrupt file or a decompression bomb)`));
          inflater.destroy();
          return;
        }
        chunk.copy(out!, filled);
        filled += chunk.length;
      });
      inflater.on('error', (e) => reject(fail(`corrupt or truncated gzip data (${e.message})`)));
      inflater.on('end', () => resolvePromise());
      inflater.end(gz);
    });
  } finally {
    inflater.destroy();
  }
  // Shorter than declared (or no full header): readIdx says "truncated" with the numbers.
  return out ? (out as Buffer).subarray(0, filled) : head;
}

/** Reads a whole IDX file (ubyte data only), checking the header against the data length. */
export async function readIdx(file: string): Promise<IdxArray> {
  let buf: Buffer;
  try {
    buf = await fs.readFile(file);
  } catch (e) {
    throw new DatasetImportError(file, `cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (isGzip(buf)) buf = await inflateIdx(file, buf);
  if (buf.length < 4 || buf[0] !== 0 || buf[1] !== 0) throw new DatasetImportError(file, 'not an IDX file (bad magic number)');
  if (buf[2] !== 0x08) throw new DatasetImportError(file, `IDX data type 0x${buf[2]!.toString(16)} is not supported (only unsigned bytes, 0x08)`);
  const ndims = buf[3]!;
  if (buf.length < 4 + 4 * ndims) throw new DatasetImportError(file, 'truncated IDX header');
  const dims = Array.from({ length: ndims }, (_, i) => buf.readUInt32BE(4 + 4 * i));
  const expected = dims.reduce((a, b) => a * b, 1);
  const data = buf.subarray(4 + 4 * ndims);
  if (data.length < expected) {
    throw new DatasetImportError(file, `truncated: header says ${dims.join('x')} = ${expected} bytes of data, file has ${data.length}`);
  }
  if (data.length > expected) throw new DatasetImportError(file, `has ${data.length - expected} bytes after the ${dims.join('x')} data the header declares`);
  return { file, dims, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

/** Finds train/test image and label files in a folder (or next to one given file). */
export async function findIdxFiles(path: string): Promise<IdxFiles | null> {
  const stat = await fs.stat(path).catch(() => null);
  if (!stat) return null;
  const folder = stat.isDirectory() ? path : dirname(path);
  const names = (await fs.readdir(folder)).filter((n) => !n.startsWith('.')).sort();
  const found: { images: Record<'train' | 'test', string[]>; labels: Record<'train' | 'test', string[]> } = {
    images: { train: [], test: [] },
    labels: { train: [], test: [] },
  };
  for (const name of names) {
    const file = join(folder, name);
    const s = await fs.stat(file).catch(() => null);
    if (!s?.isFile()) continue;
    const magic = await idxMagic(file);
    if (magic === null) continue;
    const role = /t10k|test/i.test(name) ? 'test' : 'train';
    found[magic === IMAGES_MAGIC ? 'images' : 'labels'][role].push(file);
  }
  const one = (list: string[], what: string): string | undefined => {
    if (list.length > 1) throw new DatasetImportError(folder, `several ${what} files (${list.map((f) => basename(f)).join(', ')}); keep one, or name the files explicitly`);
    return list[0];
  };
  const trainImages = one(found.images.train, 'training image');
  const trainLabels = one(found.labels.train, 'training label');
  const testImages = one(found.images.test, 'test image');
  const testLabels = one(found.labels.test, 'test label');
  if (!trainImages && !trainLabels && !testImages && !testLabels) return null;
  if (!trainImages || !trainLabels) {
    throw new DatasetImportError(folder, `IDX files found, but no ${!trainImages ? 'training images (idx3)' : 'training labels (idx1)'} file; expected e.g. train-images-idx3-ubyte(.gz) and train-labels-idx1-ubyte(.gz)`);
  }
  if (!testImages !== !testLabels) {
    throw new DatasetImportError(folder, `found test ${testImages ? 'images' : 'labels'} but no test ${testImages ? 'labels' : 'images'} file`);
  }
  return testImages && testLabels ? { trainImages, trainLabels, testImages, testLabels } : { trainImages, trainLabels };
}

function checkPair(images: IdxArray, labels: IdxArray): void {
  if (images.dims.length !== 3) throw new DatasetImportError(images.file, `expected 3 dimensions (images x rows x cols), header has ${images.dims.length}`);
  if (labels.dims.length !== 1) throw new DatasetImportError(labels.file, `expected 1 dimension (labels), header has ${labels.dims.length}`);
  if (images.dims[0] !== labels.dims[0]) {
    throw new DatasetImportError(labels.file, `has ${labels.dims[0]} labels but ${basename(images.file)} has ${images.dims[0]} images`);
  }
  if (images.dims[0] === 0) throw new DatasetImportError(images.file, 'holds no images');
}

function defaultClassNames(path: string, count: number): string[] {
  if (count === FASHION_MNIST_CLASSES.length && /fashion/i.test(path)) return FASHION_MNIST_CLASSES.slice();
  return Array.from({ length: count }, (_, i) => String(i));
}

async function fingerprint(files: IdxFiles, classNames: string[] | undefined): Promise<string> {
  const h = createHash('sha256');
  for (const f of [files.trainImages, files.trainLabels, files.testImages, files.testLabels]) {
    h.update(f ? await fs.readFile(f) : 'none');
    h.update('\0');
  }
  h.update(JSON.stringify(classNames ?? null));
  return h.digest('hex');
}

/** Images (square, resized) + labels of one IDX pair, in file order. */
function toSquare(images: IdxArray, size: number): Uint8Array {
  const [n, rows, cols] = images.dims as [number, number, number];
  const side = Math.min(rows, cols);
  let square = images.data;
  if (rows !== cols) {
    square = new Uint8Array(n * side * side);
    for (let i = 0; i < n; i++) centreCropSquare(images.data, i * rows * cols, rows, cols, 1, square, i * side * side);
  }
  if (side === size) return square;
  const out = new Uint8Array(n * size * size);
  const resample = makeSquareResampler(side, size, 1);
  for (let i = 0; i < n; i++) resample(square, i * side * side, out, i * size * size);
  return out;
}

function gather(pixels: Uint8Array, labels: Uint8Array, indices: number[], imageBytes: number): ImageSplit {
  indices.sort((a, b) => a - b); // keep the file's order within the split
  const out = new Uint8Array(indices.length * imageBytes);
  const lab = new Int32Array(indices.length);
  indices.forEach((src, dst) => {
    out.set(pixels.subarray(src * imageBytes, (src + 1) * imageBytes), dst * imageBytes);
    lab[dst] = labels[src]!;
  });
  return { pixels: out, labels: lab, count: indices.length };
}

function byClass(labels: Uint8Array, numClasses: number): number[][] {
  const out: number[][] = Array.from({ length: numClasses }, () => []);
  labels.forEach((l, i) => out[l]!.push(i));
  return out;
}

/** Imports an IDX dataset given a folder, one of its files, or the files themselves. */
export async function importIdx(source: string | IdxFiles, opts: IdxImportOptions): Promise<ImportResult> {
  const where = typeof source === 'string' ? resolve(source) : resolve(source.trainImages);
  let files: IdxFiles;
  if (typeof source === 'string') {
    const found = await findIdxFiles(where);
    if (!found) throw new DatasetImportError(where, 'no IDX files found (expected e.g. train-images-idx3-ubyte.gz and train-labels-idx1-ubyte.gz)');
    files = found;
  } else {
    files = source;
  }
  const folder = dirname(resolve(files.trainImages));
  const name = opts.name ?? basename(folder);
  const fp = await fingerprint(files, opts.classNames);

  const trainImages = await readIdx(files.trainImages);
  const trainLabels = await readIdx(files.trainLabels);
  checkPair(trainImages, trainLabels);
  let test: { images: IdxArray; labels: IdxArray } | null = null;
  if (files.testImages && files.testLabels) {
    test = { images: await readIdx(files.testImages), labels: await readIdx(files.testLabels) };
    checkPair(test.images, test.labels);
    if (test.images.dims[1] !== trainImages.dims[1] || test.images.dims[2] !== trainImages.dims[2]) {
      throw new DatasetImportError(test.images.file, `images are ${test.images.dims[1]}x${test.images.dims[2]}, training images are ${trainImages.dims[1]}x${trainImages.dims[2]}`);
    }
  }
  const native = Math.min(trainImages.dims[1]!, trainImages.dims[2]!);
  const size = checkSize(opts.size ?? native, where, (f, m) => new DatasetImportError(f, m));
  const id = importId('idx', name, size, fp);
  const existing = await findExisting(opts.cacheRoot, id);
  if (existing) return existing;

  let maxLabel = 0;
  for (const l of trainLabels.data) maxLabel = Math.max(maxLabel, l);
  if (test) for (const l of test.labels.data) maxLabel = Math.max(maxLabel, l);
  const numClasses = maxLabel + 1;
  const classes = opts.classNames ?? defaultClassNames(where, numClasses);
  if (classes.length < numClasses) {
    throw new DatasetImportError(files.trainLabels, `labels go up to ${maxLabel}, but only ${classes.length} category names were given`);
  }
  if (numClasses < 2) throw new DatasetImportError(files.trainLabels, 'all labels are 0: a dataset needs at least 2 categories');

  const total = trainImages.dims[0]! + (test?.images.dims[0] ?? 0);
  opts.onProgress?.(0, total);
  const trainPixels = toSquare(trainImages, size);
  opts.onProgress?.(trainImages.dims[0]!, total);
  const testPixels = test ? toSquare(test.images, size) : null;
  opts.onProgress?.(total, total);

  const warnings: string[] = [];
  if (trainImages.dims[1] !== trainImages.dims[2]) warnings.push(`images are ${trainImages.dims[1]}x${trainImages.dims[2]}: centre-cropped to square`);
  if (size !== native) warnings.push(`resized from ${native}x${native} to ${size}x${size}`);

  // Validation (and, without test files, test) carved per category from the training files.
  const fractions: SplitFractions = test ? { val: 0.1, test: 0 } : { val: 0.1, test: 0.1 };
  const parts = { train: [] as number[], val: [] as number[], test: [] as number[] };
  byClass(trainLabels.data, numClasses).forEach((idx, c) => {
    if (idx.length === 0 && !(test && test.labels.data.includes(c))) warnings.push(`category ${classes[c]} (label ${c}) has no images`);
    const s = splitCategory(idx, c, fractions);
    parts.train.push(...s.train);
    parts.val.push(...s.val);
    parts.test.push(...s.test);
  });
  const imageBytes = size * size;
  const splits = {
    train: gather(trainPixels, trainLabels.data, parts.train, imageBytes),
    val: gather(trainPixels, trainLabels.data, parts.val, imageBytes),
    test: test && testPixels
      ? gather(testPixels, test.labels.data, Array.from({ length: test.images.dims[0]! }, (_, i) => i), imageBytes)
      : gather(trainPixels, trainLabels.data, parts.test, imageBytes),
  };
  const report: ImportReport = { imported: total, skipped: [], warnings };
  const summary: DatasetSummary = {
    id,
    name,
    source: 'idx',
    classes: classes.slice(0, numClasses),
    size,
    channels: 1,
    counts: { train: splits.train.count, val: splits.val.count, test: splits.test.count },
    createdAt: new Date().toISOString(),
    importReport: report,
  };
  const dir = await commitDataset(opts.cacheRoot, id, async (staging) => {
    await writeSplit(staging, 'train', splits.train);
    await writeSplit(staging, 'val', splits.val);
    await writeSplit(staging, 'test', splits.test);
    await writeMeta(staging, summary, { files: { ...files }, nativeSize: native });
  });
  return { dir, summary, reused: false };
}
