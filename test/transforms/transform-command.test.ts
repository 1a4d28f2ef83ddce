// `invlab transform`: PNG and .npy outputs checked against the definitions on the decoded image.
import { Command, CommanderError } from 'commander';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerTransformCommand } from '../../src-main/cli/commands/transform';
import { readNpy } from '../../src-main/engine/io/npy';
import { correlate, gaussianKernel2d, maxDiff, outer, randomImages, type Img } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'transform-cmd-'));
const rgbPath = join(dir, 'rgb.png');
const grayPath = join(dir, 'gray.png');
const widePath = join(dir, 'wide.jpg');
let rgb: Img;
let gray: Img;

/** Decode with sharp directly (independently of the command's reader). */
async function decode(path: string, channels: 1 | 3): Promise<Img> {
  expect((await sharp(path).metadata()).channels).toBe(channels);
  // sharp outputs sRGB unless told otherwise; a gray file's single band is channel 0
  const img = channels === 1 ? sharp(path).extractChannel(0) : sharp(path);
  const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
  expect(info.channels).toBe(channels);
  return { data: Float64Array.from(data), n: 1, h: info.height, w: info.width, c: info.channels };
}

async function invlab(...args: string[]): Promise<void> {
  const program = new Command('invlab').exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  registerTransformCommand(program);
  await program.parseAsync(['transform', ...args], { from: 'user' });
}

function npyImage(path: string): Img {
  const r = readNpy(path);
  expect(r.dtype).toBe('<f4');
  expect(r.shape).toHaveLength(3);
  const [h, w, c] = r.shape as [number, number, number];
  return { data: Float64Array.from(r.data), n: 1, h, w, c };
}

beforeAll(async () => {
  const make = (img: Img) => sharp(Uint8Array.from(img.data, Math.round), { raw: { width: img.w, height: img.h, channels: img.c as 1 | 3 } });
  const rgbSrc = randomImages(1, 12, 10, 3, 31);
  await make(rgbSrc).png().toFile(rgbPath);
  const graySrc = randomImages(1, 9, 9, 1, 32);
  await make(graySrc).toColourspace('b-w').png().toFile(grayPath);
  await make(randomImages(1, 12, 20, 3, 33)).jpeg().toFile(widePath);
  rgb = await decode(rgbPath, 3);
  gray = await decode(grayPath, 1);
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('invlab transform', () => {
  it('writes .npy float32 HxWxC, unclipped, equal to highpass of the decoded image', async () => {
    const out = join(dir, 'hp.npy');
    await invlab(rgbPath, '--transform', 'highpass', '--out', out);
    const got = npyImage(out);
    expect([got.h, got.w, got.c]).toEqual([12, 10, 3]);
    expect(maxDiff(got, correlate(rgb, outer([-1, 2, 4, 2, -1], [-1, 2, 4, 2, -1])))).toBeLessThan(1e-2);
    expect(Math.min(...got.data)).toBeLessThan(0); // not clipped
  });

  it('passes --param to the transformation (blur sigma) and keeps a grayscale image at 1 channel', async () => {
    const out = join(dir, 'blur.npy');
    await invlab(grayPath, '-t', 'blur', '--param', 'sigma=0.5', '-o', out);
    const got = npyImage(out);
    expect(got.c).toBe(1);
    const k = gaussianKernel2d(0.5); // radius ceil(1.5) = 2
    expect(k).toHaveLength(5);
    expect(maxDiff(got, correlate(gray, k))).toBeLessThan(1e-3);
    expect(maxDiff(got, correlate(gray, gaussianKernel2d(1)))).toBeGreaterThan(1); // the parameter mattered
  });

  it('writes a PNG: rot90 exact, highpass rounded and clipped to [0,255]', async () => {
    const out = join(dir, 'rot.png');
    await invlab(rgbPath, '-t', 'rot90', '-o', out);
    const got = await decode(out, 3);
    expect([got.h, got.w]).toEqual([10, 12]);
    for (let i = 0; i < 10; i++) for (let j = 0; j < 12; j++) for (let c = 0; c < 3; c++) {
      expect(got.data[(i * 12 + j) * 3 + c]).toBe(rgb.data[(j * 10 + (9 - i)) * 3 + c]);
    }
    const hp = join(dir, 'hp.png');
    await invlab(grayPath, '-t', 'highpass', '-o', hp);
    const clipped = await decode(hp, 1);
    const ref = correlate(gray, outer([-1, 2, 4, 2, -1], [-1, 2, 4, 2, -1]));
    ref.data = ref.data.map((v) => Math.min(255, Math.max(0, v)));
    expect(maxDiff(clipped, ref)).toBeLessThanOrEqual(0.5 + 1e-3);
  });

  it('is reproducible with --seed and resizes with --size (centre crop)', async () => {
    const a = join(dir, 'n1.npy'), b = join(dir, 'n2.npy'), c = join(dir, 'n3.npy');
    await invlab(widePath, '-t', 'noise', '-p', 'sigma=50', '--seed', '4', '--size', '8', '-o', a);
    await invlab(widePath, '-t', 'noise', '-p', 'sigma=50', '--seed', '4', '--size', '8', '-o', b);
    await invlab(widePath, '-t', 'noise', '-p', 'sigma=50', '--seed', '5', '--size', '8', '-o', c);
    const [x, y, z] = [npyImage(a), npyImage(b), npyImage(c)];
    expect([x.h, x.w, x.c]).toEqual([8, 8, 3]);
    expect(Array.from(x.data)).toEqual(Array.from(y.data));
    expect(Array.from(x.data)).not.toEqual(Array.from(z.data));
  });

  it.each([
    [[grayPath, '-t', 'hue180', '-o', 'x.png'], /hue180 is the identity on a grayscale/],
    [[rgbPath, '-t', 'blur', '-p', 'sigma=-1', '-o', 'x.png'], /blur: parameter sigma must be > 0 \(got -1\)/],
    [[rgbPath, '-t', 'blur', '-p', 'size=3', '-o', 'x.png'], /unknown parameter "size"/],
    [[rgbPath, '-t', 'blur', '-p', 'sigma', '-o', 'x.png'], /--param "sigma": expected name=value/],
    [[rgbPath, '-t', 'sharpen', '-o', 'x.png'], /unknown transformation "sharpen"/],
    [[rgbPath, '-t', 'blur', '-o', 'x.jpg'], /must end in \.png or \.npy/],
    [[join(dir, 'missing.png'), '-t', 'blur', '-o', 'x.png'], /missing\.png: cannot read image/],
    [[rgbPath, '-t', 'blur', '--seed', '-3', '-o', 'x.png'], /--seed must be an integer >= 0/],
  ])('fails clearly: %j', async (args, msg) => {
    const a = args.map((s) => (s.startsWith('x.') ? join(dir, s) : s));
    await expect(invlab(...a)).rejects.toThrow(CommanderError);
    await expect(invlab(...a)).rejects.toThrow(msg);
    expect(existsSync(join(dir, 'x.png'))).toBe(false);
  });
});
