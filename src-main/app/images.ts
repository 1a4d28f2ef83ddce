// Dataset images as PNG data URLs for the renderer: sample grids and the live transformation
// preview (transformation on [0,255], clipped for display, never standardised).
import type { SampleGrid } from '../../shared/contract';
import type { TransformId } from '../../shared/ids';
import { loadDataset } from '../engine/data/format';
import { resolveParams } from '../../shared/transforms/index';
import type { LoadedDataset } from '../engine/types';
import { badRequest } from './errors';
import type { CalibrationExampleSet } from '../report/html';

export async function pngDataUrl(data: ArrayLike<number>, height: number, width: number, channels: number): Promise<string> {
  // Loaded on use: sharp is a large native module that listing runs never need.
  const [{ default: sharp }, { toUint8 }] = await Promise.all([import('sharp'), import('../engine/io/png')]);
  const raw = data instanceof Uint8Array ? data : toUint8(data);
  const png = await sharp(raw, { raw: { width, height, channels: channels as 1 | 3 } })
    .toColourspace(channels === 1 ? 'b-w' : 'srgb').png().toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}

/** Loaded datasets kept for repeated preview calls (the designer view calls often). */
export class DatasetCache {
  private entries = new Map<string, Promise<LoadedDataset>>();
  constructor(private readonly capacity = 2) {}

  get(dir: string): Promise<LoadedDataset> {
    let p = this.entries.get(dir);
    if (p) {
      this.entries.delete(dir);
    } else {
      p = loadDataset(dir);
      p.catch(() => this.entries.delete(dir));
    }
    this.entries.set(dir, p);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return p;
  }
}

function imageOf(ds: LoadedDataset, split: 'train' | 'val' | 'test', index: number) {
  const s = ds[split];
  const { size, channels } = ds.meta;
  const per = size * size * channels;
  if (index < 0 || index >= s.count) throw badRequest(`index ${index} is outside the ${split} split (0..${s.count - 1})`);
  return { data: s.pixels.subarray(index * per, (index + 1) * per), label: s.labels[index]!, height: size, width: size, channels };
}

export async function sampleGrid(ds: LoadedDataset, perClass: number, split: 'train' | 'test' = 'train'): Promise<SampleGrid> {
  const s = ds[split];
  const byClass = ds.meta.classes.map(() => [] as number[]);
  const counts = ds.meta.classes.map(() => 0);
  for (let i = 0; i < s.count; i++) {
    const c = s.labels[i]!;
    counts[c]!++;
    if (byClass[c]!.length < perClass) byClass[c]!.push(i);
  }
  const classes = await Promise.all(ds.meta.classes.map(async (name, index) => ({
    index, name, count: counts[index]!,
    images: await Promise.all(byClass[index]!.map((i) => {
      const im = imageOf(ds, split, i);
      return pngDataUrl(im.data, im.height, im.width, im.channels);
    })),
  })));
  return { classes };
}

/** One training image, clean and transformed. Needs the tfjs backend of this process. */
export async function preview(ds: LoadedDataset, index: number, transform: TransformId, params: Record<string, number> | undefined, seed = 0) {
  const { transformImage } = await import('../engine/transforms');
  const im = imageOf(ds, 'train', index);
  const resolved = { id: transform, params: resolveParams(transform, params ?? {}) };
  const out = transformImage(resolved, { data: im.data, height: im.height, width: im.width, channels: im.channels }, seed);
  return {
    clean: await pngDataUrl(im.data, im.height, im.width, im.channels),
    transformed: await pngDataUrl(out.data, out.height, out.width, out.channels),
    params: resolved.params,
  };
}

export const CALIBRATION_EXAMPLES = 3;

/**
 * One set per transformation (its first seed's calibration, as the Results view shows), from
 * the same training images the Results view shows: CALIBRATION_EXAMPLES spread over the split.
 */
export async function calibrationExamples(
  calibrations: readonly { transform: TransformId; param: string; value: number }[],
  loadDs: () => Promise<LoadedDataset>,
): Promise<CalibrationExampleSet[]> {
  const first = calibrations.filter((c, i) => calibrations.findIndex((d) => d.transform === c.transform) === i);
  if (!first.length) return [];
  let ds: LoadedDataset;
  try {
    ds = await loadDs();
  } catch (e) {
    const error = `example images unavailable: ${(e as Error).message}`;
    return first.map((c) => ({ transform: c.transform, param: c.param, value: c.value, pairs: [], error }));
  }
  const total = ds.train.count;
  const out: CalibrationExampleSet[] = [];
  for (const c of first) {
    try {
      const pairs = [];
      for (let i = 0; i < CALIBRATION_EXAMPLES; i++) {
        const p = await preview(ds, Math.floor(((i + 0.5) / CALIBRATION_EXAMPLES) * Math.max(1, total - 1)), c.transform, { [c.param]: c.value }, 0);
        pairs.push({ clean: p.clean, transformed: p.transformed });
      }
      out.push({ transform: c.transform, param: c.param, value: c.value, pairs });
    } catch (e) {
      out.push({ transform: c.transform, param: c.param, value: c.value, pairs: [], error: `example images unavailable: ${(e as Error).message}` });
    }
  }
  return out;
}
