// Folder import: one sub-folder per category (searched recursively), images of any format
// sharp decodes (JPEG, PNG, WebP, TIFF, GIF, AVIF, ...) and any size. Each image is
// EXIF-rotated, flattened onto white if it has alpha, centre-cropped to a square and resized
// to `size` (default 32). The dataset is grayscale (1 channel) when every image is.
// Files that do not decode are skipped and listed in the import report; the import fails only
// when fewer than two usable categories remain.
//
// Decoded images go to a scratch file inside the staging folder, so memory stays flat however
// many images there are.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import sharp from 'sharp';
import type { DatasetSummary, ImportReport } from '../../../shared/results';
import { checkSize, findExisting, importId, type ImportOptions, type ImportResult } from './common';
import { DatasetImportError } from './errors';
import { commitDataset, labelsFile, pixelsFile, writeMeta, type SplitName } from './format';
import { splitCategory } from './splits';

export const DEFAULT_FOLDER_SIZE = 32;
const DECODE_CONCURRENCY = 4;
const SMALL_CATEGORY = 10;

interface Category {
  name: string;
  files: string[];
}

interface Decoded {
  ok: boolean;
  gray: boolean;
  width: number;
  height: number;
}

/** Known image signatures, to tell a corrupt image from a file that is not an image at all. */
function sniffFormat(head: Buffer): string | null {
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  if (starts(0xff, 0xd8, 0xff)) return 'JPEG';
  if (starts(0x89, 0x50, 0x4e, 0x47)) return 'PNG';
  if (starts(0x52, 0x49, 0x46, 0x46) && head.subarray(8, 12).toString('latin1') === 'WEBP') return 'WebP';
  if (starts(0x49, 0x49, 0x2a, 0x00) || starts(0x4d, 0x4d, 0x00, 0x2a)) return 'TIFF';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'GIF';
  if (head.subarray(4, 8).toString('latin1') === 'ftyp') return 'HEIF/AVIF';
  if (starts(0x42, 0x4d)) return 'BMP';
  return null;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** A file name as raw bytes -> its string, or null when it is not valid UTF-8. */
function utf8Name(raw: Buffer): string | null {
  try {
    return UTF8.decode(raw);
  } catch {
    return null;
  }
}

/** A name that is not UTF-8, printable: ASCII kept, other bytes as \xNN. */
function showName(raw: Buffer): string {
  return [...raw].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

/**
 * Directory entries with their names checked: a name that is not valid UTF-8 (a Latin-1
 * name from an old archive) cannot be stored or shown faithfully, so the entry is skipped and
 * reported in `bad` instead of failing the whole import.
 */
async function readEntries(dir: string, root: string, bad: ImportReport['skipped']) {
  const out: { name: string; full: string; isDir: boolean; isFile: boolean }[] = [];
  for (const e of await fs.readdir(dir, { withFileTypes: true, encoding: 'buffer' })) {
    const raw = e.name as unknown as Buffer;
    const name = utf8Name(raw);
    if (name === null) {
      bad.push({ file: join(relative(root, dir), showName(raw)) + (e.isDirectory() ? '/' : ''), reason: `${e.isDirectory() ? 'folder' : 'file'} name is not valid UTF-8: skipped (rename it to import it)` });
      continue;
    }
    out.push({ name, full: join(dir, name), isDir: e.isDirectory(), isFile: e.isFile() });
  }
  return out;
}

async function listFiles(dir: string, root: string, bad: ImportReport['skipped']): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readEntries(dir, root, bad)) {
    if (entry.name.startsWith('.')) continue; // .DS_Store, editor droppings
    if (entry.isDir) out.push(...(await listFiles(entry.full, root, bad)));
    else if (entry.isFile) out.push(entry.full);
  }
  return out.sort();
}

async function listCategories(root: string, warnings: string[], bad: ImportReport['skipped']): Promise<Category[]> {
  const entries = (await readEntries(root, root, bad)).filter((e) => !e.name.startsWith('.'));
  const dirs = entries.filter((e) => e.isDir).map((e) => e.name).sort();
  const looseFiles = entries.filter((e) => e.isFile).length;
  if (dirs.length === 0) {
    throw new DatasetImportError(root, `has no sub-folders${looseFiles ? ` (only ${looseFiles} loose files)` : ''}: a folder dataset needs one sub-folder per category`);
  }
  if (looseFiles) warnings.push(`${looseFiles} file(s) directly in ${basename(root)}/ ignored: images must be inside a category sub-folder`);
  const categories: Category[] = [];
  for (const name of dirs) categories.push({ name, files: await listFiles(join(root, name), root, bad) });
  return categories;
}

function checkCategoryCount(root: string, categories: Category[], how: string): void {
  if (categories.length === 1) {
    throw new DatasetImportError(root, `only one category (${categories[0]!.name}) ${how}: a classification dataset needs at least 2`);
  }
  if (categories.length === 0) throw new DatasetImportError(root, `no category ${how}`);
}

async function fingerprint(root: string, categories: Category[]): Promise<string> {
  const h = createHash('sha256');
  for (const c of categories) {
    for (const f of c.files) {
      const s = await fs.stat(f);
      h.update(`${relative(root, f)}\t${s.size}\t${Math.round(s.mtimeMs)}\n`);
    }
  }
  return h.digest('hex');
}

async function readHead(file: string): Promise<Buffer> {
  const fh = await fs.open(file, 'r');
  try {
    const buf = Buffer.alloc(16);
    const { bytesRead } = await fh.read(buf, 0, 16, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Decodes one file to size x size x 3 (gray replicated), or says why it cannot. */
async function decode(file: string, size: number): Promise<{ pixels: Buffer; gray: boolean; width: number; height: number } | { reason: string }> {
  let head: Buffer;
  try {
    head = await readHead(file);
  } catch (e) {
    return { reason: `cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
  if (head.length === 0) return { reason: 'empty file' };
  const format = sniffFormat(head);
  try {
    const image = sharp(file, { failOn: 'error' });
    const meta = await image.metadata();
    const { data, info } = await image
      .rotate()
      .flatten({ background: '#ffffff' })
      .resize(size, size, { fit: 'cover', position: 'centre' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const oriented = (meta.orientation ?? 1) >= 5;
    const width = (oriented ? meta.height : meta.width) ?? size, height = (oriented ? meta.width : meta.height) ?? size;
    if (info.channels === 3) {
      let gray = true;
      for (let i = 0; i < data.length && gray; i += 3) gray = data[i] === data[i + 1] && data[i] === data[i + 2];
      return { pixels: data, gray, width, height };
    }
    if (info.channels === 1) {
      const rgb = Buffer.alloc(size * size * 3);
      for (let i = 0; i < size * size; i++) rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = data[i]!;
      return { pixels: rgb, gray: true, width, height };
    }
    return { reason: `unsupported channel layout (${info.channels} channels after decoding)` };
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0]!;
    if (!format) return { reason: `not an image (format not recognised${/unsupported image format/i.test(msg) ? '' : `: ${msg}`})` };
    return { reason: `corrupt or truncated ${format} (${msg})` };
  }
}

/** Runs `work` over 0..n-1 with at most `limit` in flight. */
async function pool(n: number, limit: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, n) }, async () => {
    while (next < n) await work(next++);
  });
  await Promise.all(runners);
}

/** "N different image sizes (from a to b)" when the decoded images are not all one size. */
function describeSizes(decoded: Decoded[]): string | null {
  const sizes = new Map<string, number>(); // "WxH" -> area
  for (const d of decoded) if (d.ok) sizes.set(`${d.width}x${d.height}`, d.width * d.height);
  if (sizes.size <= 1) return null;
  const byArea = [...sizes].sort((a, b) => a[1] - b[1]).map(([wxh]) => wxh);
  return `${sizes.size} different image sizes (from ${byArea[0]} to ${byArea[byArea.length - 1]})`;
}

/** Imports a folder with one sub-folder per category. */
export async function importFolder(sourcePath: string, opts: ImportOptions): Promise<ImportResult> {
  const root = resolve(sourcePath);
  const stat = await fs.stat(root).catch(() => null);
  if (!stat) throw new DatasetImportError(root, 'does not exist');
  if (!stat.isDirectory()) throw new DatasetImportError(root, 'is not a folder');
  const size = checkSize(opts.size ?? DEFAULT_FOLDER_SIZE, root, (f, m) => new DatasetImportError(f, m));
  const name = opts.name ?? basename(root);
  const warnings: string[] = [];

  const badNames: ImportReport['skipped'] = [];
  const listed = await listCategories(root, warnings, badNames);
  checkCategoryCount(root, listed, 'found');
  const id = importId('folder', name, size, await fingerprint(root, listed));
  const existing = await findExisting(opts.cacheRoot, id);
  if (existing) return existing;

  const files = listed.flatMap((c, ci) => c.files.map((f) => ({ file: f, category: ci })));
  const skipped: ImportReport['skipped'] = [...badNames];
  const decoded: Decoded[] = new Array(files.length);
  const bytes3 = size * size * 3;
  let summary: DatasetSummary | null = null;

  const dir = await commitDataset(opts.cacheRoot, id, async (staging) => {
    const scratchPath = join(staging, 'decoded.scratch');
    const scratch = await fs.open(scratchPath, 'w+');
    try {
      let done = 0;
      opts.onProgress?.(0, files.length);
      await pool(files.length, DECODE_CONCURRENCY, async (i) => {
        const { file } = files[i]!;
        const r = await decode(file, size);
        if ('reason' in r) {
          decoded[i] = { ok: false, gray: false, width: 0, height: 0 };
          skipped.push({ file: relative(root, file), reason: r.reason });
        } else {
          decoded[i] = { ok: true, gray: r.gray, width: r.width, height: r.height };
          await scratch.write(r.pixels, 0, bytes3, i * bytes3);
        }
        opts.onProgress?.(++done, files.length);
      });
      skipped.sort((a, b) => a.file.localeCompare(b.file));

      // Categories that end up with no usable image are dropped, and labels renumbered.
      const kept: { name: string; indices: number[] }[] = [];
      listed.forEach((c, ci) => {
        const indices = files.flatMap((f, i) => (f.category === ci && decoded[i]!.ok ? [i] : []));
        if (indices.length === 0) {
          warnings.push(c.files.length === 0 ? `category "${c.name}" is empty: skipped` : `category "${c.name}" has no readable image (${c.files.length} file(s) skipped): skipped`);
        } else {
          if (indices.length < SMALL_CATEGORY) warnings.push(`category "${c.name}" has only ${indices.length} image(s)`);
          kept.push({ name: c.name, indices });
        }
      });
      checkCategoryCount(root, kept.map((k) => ({ name: k.name, files: [] })), 'with readable images remains');

      const usable = decoded.filter((d) => d.ok);
      const channels: 1 | 3 = usable.every((d) => d.gray) ? 1 : 3;
      const sizes = describeSizes(decoded);
      if (sizes) warnings.push(`${sizes}: all centre-cropped and resized to ${size}x${size}`);
      const nonSquare = usable.filter((d) => d.width !== d.height).length;
      if (nonSquare) warnings.push(`${nonSquare} non-square image(s) centre-cropped to square`);
      if (channels === 1) warnings.push('every image is grayscale: stored with 1 channel');

      const parts: Record<SplitName, { index: number; label: number }[]> = { train: [], val: [], test: [] };
      kept.forEach((k, label) => {
        const s = splitCategory(k.indices, label);
        for (const split of ['train', 'val', 'test'] as const) parts[split].push(...s[split].sort((a, b) => a - b).map((index) => ({ index, label })));
      });
      const buf = Buffer.alloc(bytes3);
      for (const split of ['train', 'val', 'test'] as const) {
        const out = await fs.open(pixelsFile(staging, split), 'w');
        try {
          const img = Buffer.alloc(size * size * channels);
          for (const { index } of parts[split]) {
            await scratch.read(buf, 0, bytes3, index * bytes3);
            if (channels === 3) buf.copy(img);
            else for (let p = 0; p < size * size; p++) img[p] = buf[3 * p]!;
            await out.write(img);
          }
        } finally {
          await out.close();
        }
        const labels = Buffer.alloc(parts[split].length * 4);
        parts[split].forEach(({ label }, j) => labels.writeInt32LE(label, j * 4));
        await fs.writeFile(labelsFile(staging, split), labels);
      }

      summary = {
        id,
        name,
        source: 'folder',
        classes: kept.map((k) => k.name),
        size,
        channels,
        counts: { train: parts.train.length, val: parts.val.length, test: parts.test.length },
        createdAt: new Date().toISOString(),
        importReport: { imported: usable.length, skipped, warnings },
      };
      await writeMeta(staging, summary, { path: root });
    } finally {
      await scratch.close();
      await fs.rm(scratchPath, { force: true });
    }
  });
  return { dir, summary: summary!, reused: false };
}
