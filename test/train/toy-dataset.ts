// A tiny dataset in the on-disk format for training tests: 16x16 RGB, four categories of bright
// shapes on a dark background (filled square, plus, horizontal bar, hollow frame) with random
// colours, position and size jitter and pixel noise. The shapes are symmetric under rot180 but
// not under contrast inversion, which no category maps onto another: a network trained on
// clean images only must do worse on inverted ones.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { initBackend } from '../../src-main/engine/backend/index';
import { writeMeta, writeSplit } from '../../src-main/engine/data/format';
import { Rng } from '../../src-main/engine/data/random';
import type { ImageSplit } from '../../src-main/engine/types';

export const TOY_SIZE = 16;
export const TOY_CLASSES = ['square', 'plus', 'bar', 'frame'];

function inside(label: number, dr: number, dc: number, half: number): boolean {
  const ar = Math.abs(dr);
  const ac = Math.abs(dc);
  switch (label) {
    case 0: return ar <= half - 2 && ac <= half - 2;
    case 1: return (ar <= 1 && ac <= half) || (ac <= 1 && ar <= half);
    case 2: return ar <= 1 && ac <= half;
    default: return Math.max(ar, ac) <= half && Math.max(ar, ac) >= half - 1;
  }
}

function image(rng: Rng, label: number, out: Uint8Array, offset: number): void {
  const s = TOY_SIZE;
  const bright = [rng.int(150, 255), rng.int(150, 255), rng.int(150, 255)];
  const dark = [rng.int(0, 70), rng.int(0, 70), rng.int(0, 70)];
  const cr = s / 2 + rng.int(-2, 1);
  const cc = s / 2 + rng.int(-2, 1);
  const half = rng.int(4, 5);
  for (let r = 0; r < s; r++) {
    for (let c = 0; c < s; c++) {
      const on = inside(label, r - cr, c - cc, half);
      for (let ch = 0; ch < 3; ch++) {
        const v = (on ? bright[ch]! : dark[ch]!) + 20 * rng.normal();
        out[offset + (r * s + c) * 3 + ch] = Math.max(0, Math.min(255, Math.round(v)));
      }
    }
  }
}

function split(rng: Rng, perClass: number): ImageSplit {
  const count = perClass * TOY_CLASSES.length;
  const per = TOY_SIZE * TOY_SIZE * 3;
  const pixels = new Uint8Array(count * per);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = i % TOY_CLASSES.length;
    image(rng, labels[i]!, pixels, i * per);
  }
  return { pixels, labels, count };
}

/** Writes the toy dataset into a fresh temporary folder and returns it. */
export async function writeToyDataset(perClass = { train: 60, val: 10, test: 15 }, seed = 7): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'invlab-toy-'));
  const rng = new Rng(seed);
  const splits = { train: split(rng, perClass.train), val: split(rng, perClass.val), test: split(rng, perClass.test) };
  for (const [name, data] of Object.entries(splits)) await writeSplit(dir, name as 'train' | 'val' | 'test', data);
  await writeMeta(dir, {
    id: `toy-${seed}`, name: 'toy shapes', source: 'builtin', classes: TOY_CLASSES, size: TOY_SIZE, channels: 3,
    counts: { train: splits.train.count, val: splits.val.count, test: splits.test.count }, createdAt: new Date(0).toISOString(),
  });
  return dir;
}

/**
 * For one test file: the toy dataset and an empty folder for its work, made before its tests
 * (after the backend is chosen, unless `backend` is false) and removed after them.
 */
export function useToyWorkspace(prefix: string, opts: { perClass?: Parameters<typeof writeToyDataset>[0]; backend?: boolean } = {}): { datasetDir: string; root: string } {
  const ws = { datasetDir: '', root: '' };
  beforeAll(async () => {
    if (opts.backend !== false) await initBackend('auto');
    ws.datasetDir = await writeToyDataset(opts.perClass);
    ws.root = mkdtempSync(join(tmpdir(), prefix));
  });
  afterAll(() => {
    for (const dir of [ws.datasetDir, ws.root]) if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return ws;
}
