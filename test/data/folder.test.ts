import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  DatasetImportError, datasetSampleToPng, importDataset, importFolder, indicesByClass, loadDataset,
} from '../../src-main/engine/data';
import { tempDirs } from './tmp';

const tmp = tempDirs('folder');

type Format = 'jpeg' | 'png' | 'webp' | 'tiff';
const FORMATS: Format[] = ['jpeg', 'png', 'webp', 'tiff'];
const EXT: Record<Format, string> = { jpeg: 'jpg', png: 'png', webp: 'webp', tiff: 'tif' };

/** An image of one colour with a darker square in the middle (so it is not flat). */
async function makeImage(file: string, format: Format, width: number, height: number, rgb: [number, number, number], gray = false): Promise<void> {
  const channels = gray ? 1 : 3;
  const raw = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inner = Math.abs(x - width / 2) < width / 6 && Math.abs(y - height / 2) < height / 6;
      for (let c = 0; c < channels; c++) raw[(y * width + x) * channels + c] = inner ? Math.round(rgb[c]! / 2) : rgb[c]!;
    }
  }
  let img = sharp(raw, { raw: { width, height, channels } });
  img = format === 'jpeg' ? img.jpeg({ quality: 95 }) : format === 'png' ? img.png() : format === 'webp' ? img.webp({ lossless: true }) : img.tiff();
  await img.toFile(file);
}

const COLOURS: Record<string, [number, number, number]> = { red: [220, 30, 30], green: [30, 200, 40], blue: [30, 40, 210] };
const SIZES: [number, number][] = [[40, 40], [64, 48], [30, 90], [100, 100]];

/** 12 images per colour category, cycling through formats and sizes. */
async function makeColourFolder(root: string, perCategory = 12, gray = false): Promise<void> {
  for (const [name, rgb] of Object.entries(COLOURS)) {
    mkdirSync(join(root, name));
    for (let i = 0; i < perCategory; i++) {
      const f = FORMATS[i % 4]!, [w, h] = SIZES[i % SIZES.length]!;
      await makeImage(join(root, name, `img${i}.${EXT[f]}`), f, w, h, gray ? [rgb[0], rgb[0], rgb[0]] : rgb, gray);
    }
  }
}

async function importError(p: Promise<unknown>): Promise<DatasetImportError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(DatasetImportError);
  return e as DatasetImportError;
}

function visible(dir: string): string[] {
  return readdirSync(dir);
}

describe('folder import', () => {
  it('decodes JPEG, PNG, WebP and TIFF of mixed sizes into 80/10/10 per category', async () => {
    const src = tmp(), cache = tmp();
    await makeColourFolder(src, 20);
    const progress: [number, number][] = [];
    const { dir, summary } = await importDataset(src, { cacheRoot: cache, size: 16, name: 'colours', onProgress: (d, t) => progress.push([d, t]) });
    expect(summary).toMatchObject({ source: 'folder', name: 'colours', size: 16, channels: 3, classes: ['blue', 'green', 'red'], counts: { train: 48, val: 6, test: 6 } });
    expect(summary.importReport!.imported).toBe(60);
    expect(summary.importReport!.skipped).toEqual([]);
    expect(summary.importReport!.warnings.join('\n')).toMatch(/4 different image sizes \(from 40x40 to 100x100\): all centre-cropped and resized to 16x16/);
    expect(progress.at(-1)).toEqual([60, 60]);

    const ds = await loadDataset(dir);
    for (const split of [ds.train, ds.val, ds.test]) {
      expect(indicesByClass(split, 3).map((v) => v.length)).toEqual(new Array(3).fill(split.count / 3));
      // Every image is decoded with its category's colour: corner pixel dominated by that channel.
      for (let i = 0; i < split.count; i++) {
        const o = i * 16 * 16 * 3;
        const px = [split.pixels[o]!, split.pixels[o + 1]!, split.pixels[o + 2]!];
        const dominant = px.indexOf(Math.max(...px));
        expect(dominant).toBe([2, 1, 0][split.labels[i]!]); // blue, green, red
      }
    }
  });

  it('centre-crops to a square, keeping the aspect of the middle', async () => {
    const src = tmp();
    for (const name of ['a', 'b']) {
      mkdirSync(join(src, name));
      // 90 wide x 30 high: left third black, middle white, right third black.
      const raw = Buffer.alloc(90 * 30 * 3);
      for (let y = 0; y < 30; y++) for (let x = 30; x < 60; x++) raw.fill(255, (y * 90 + x) * 3, (y * 90 + x) * 3 + 3);
      await sharp(raw, { raw: { width: 90, height: 30, channels: 3 } }).png().toFile(join(src, name, 'wide.png'));
    }
    const { dir } = await importFolder(src, { cacheRoot: tmp(), size: 8 });
    const ds = await loadDataset(dir);
    expect(ds.meta.channels).toBe(1); // black and white only: every image is grayscale
    // Cropped, the image is the white middle (edges soften a little in resampling); squashed,
    // it would be two-thirds black.
    const img = Array.from(ds.train.pixels.subarray(0, 64));
    expect(img.reduce((a, b) => a + b, 0) / 64).toBeGreaterThan(230);
    expect(img.filter((_, i) => i % 8 >= 2 && i % 8 < 6).every((v) => v >= 250)).toBe(true);
  });

  it('stores grayscale datasets with one channel', async () => {
    const src = tmp();
    await makeColourFolder(src, 4, true);
    const { dir, summary } = await importFolder(src, { cacheRoot: tmp(), size: 8 });
    expect(summary.channels).toBe(1);
    expect(summary.importReport!.warnings.join('\n')).toMatch(/grayscale/);
    expect((await loadDataset(dir)).train.pixels.length).toBe(summary.counts.train * 64);
  });

  it('skips and reports corrupt images and files that are not images', async () => {
    const src = tmp();
    await makeColourFolder(src, 5);
    const jpeg = readFileSync(join(src, 'red', 'img0.jpg'));
    writeFileSync(join(src, 'red', 'truncated.jpg'), jpeg.subarray(0, Math.floor(jpeg.length / 3)));
    writeFileSync(join(src, 'green', 'notes.txt'), 'not an image at all\n');
    writeFileSync(join(src, 'green', 'fake.png'), Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(50, 7)]));
    writeFileSync(join(src, 'blue', 'empty.webp'), Buffer.alloc(0));
    writeFileSync(join(src, 'blue', '.DS_Store'), 'hidden');
    const { summary } = await importFolder(src, { cacheRoot: tmp(), size: 8 });
    const reasons = Object.fromEntries(summary.importReport!.skipped.map((s) => [s.file, s.reason]));
    expect(Object.keys(reasons).sort()).toEqual(['blue/empty.webp', 'green/fake.png', 'green/notes.txt', 'red/truncated.jpg']);
    expect(reasons['red/truncated.jpg']).toMatch(/^corrupt or truncated JPEG/);
    expect(reasons['green/fake.png']).toMatch(/^corrupt or truncated PNG/);
    expect(reasons['green/notes.txt']).toMatch(/^not an image/);
    expect(reasons['blue/empty.webp']).toBe('empty file');
    expect(summary.importReport!.imported).toBe(15);
    expect(summary.counts.train + summary.counts.val + summary.counts.test).toBe(15);
  });

  it('skips an empty category with a warning', async () => {
    const src = tmp();
    await makeColourFolder(src, 4);
    mkdirSync(join(src, 'zebra'));
    const { summary } = await importFolder(src, { cacheRoot: tmp(), size: 8 });
    expect(summary.classes).toEqual(['blue', 'green', 'red']);
    expect(summary.importReport!.warnings).toContain('category "zebra" is empty: skipped');
  });

  it('refuses when fewer than two usable categories remain, writing nothing', async () => {
    const src = tmp(), cache = tmp();
    mkdirSync(join(src, 'cats'));
    mkdirSync(join(src, 'dogs'));
    await makeImage(join(src, 'cats', 'a.png'), 'png', 20, 20, [200, 100, 50]);
    writeFileSync(join(src, 'dogs', 'broken.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    const e = await importError(importFolder(src, { cacheRoot: cache }));
    expect(e.file).toBe(src);
    expect(e.message).toMatch(/only one category \(cats\) with readable images remains/);
    expect(visible(cache)).toEqual([]);
  });

  it('refuses a single category', async () => {
    const src = tmp();
    mkdirSync(join(src, 'only'));
    await makeImage(join(src, 'only', 'a.png'), 'png', 20, 20, [1, 2, 3]);
    const e = await importError(importDataset(src, { cacheRoot: tmp() }));
    expect(e.message).toMatch(/only one category \(only\) found: a classification dataset needs at least 2/);
  });

  it('refuses a folder with no sub-folders and a path that does not exist', async () => {
    const src = tmp();
    await makeImage(join(src, 'a.png'), 'png', 20, 20, [1, 2, 3]);
    const e = await importError(importDataset(src, { cacheRoot: tmp() }));
    expect(e.file).toBe(src);
    expect(e.message).toMatch(/has no sub-folders \(only 1 loose files\)/);

    const missing = join(src, 'nope');
    const e2 = await importError(importDataset(missing, { cacheRoot: tmp() }));
    expect(e2.file).toBe(missing);
    expect(e2.message).toMatch(/does not exist/);

    const e3 = await importError(importDataset(join(src, 'a.png'), { cacheRoot: tmp() }));
    expect(e3.message).toMatch(/is a file but not an IDX file/);
  });

  it('refuses a size outside 8..256', async () => {
    const src = tmp();
    await makeColourFolder(src, 2);
    expect((await importError(importFolder(src, { cacheRoot: tmp(), size: 4 }))).message).toMatch(/between 8 and 256, got 4/);
  });

  it('is imported once, with identical splits on every import', async () => {
    const src = tmp(), cacheA = tmp(), cacheB = tmp();
    await makeColourFolder(src, 6);
    const a = await importFolder(src, { cacheRoot: cacheA, size: 8 });
    const again = await importFolder(src, { cacheRoot: cacheA, size: 8 });
    expect(again).toMatchObject({ reused: true, dir: a.dir });
    const b = await importFolder(src, { cacheRoot: cacheB, size: 8 });
    for (const f of ['train.u8', 'train.labels.i32', 'test.u8', 'val.labels.i32']) {
      expect(readFileSync(join(a.dir, f)).equals(readFileSync(join(b.dir, f))), f).toBe(true);
    }
  });

  it('renders stored images as PNG previews', async () => {
    const src = tmp();
    await makeColourFolder(src, 4);
    const { dir } = await importFolder(src, { cacheRoot: tmp(), size: 8 });
    const ds = await loadDataset(dir);
    const png = await datasetSampleToPng(ds.test, 1, 8);
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([8, 8, 3]);
    expect(Buffer.from(data).equals(Buffer.from(ds.test.pixels.subarray(192, 384)))).toBe(true);
    const big = await sharp(await datasetSampleToPng(ds.test, 1, 8, { outSize: 32 })).raw().toBuffer({ resolveWithObject: true });
    expect(big.info.width).toBe(32);
    expect(Array.from(big.data.subarray(0, 3))).toEqual(Array.from(ds.test.pixels.subarray(192, 195)));
    await expect(datasetSampleToPng(ds.test, ds.test.count, 8)).rejects.toThrow(/outside/);
  });
});
