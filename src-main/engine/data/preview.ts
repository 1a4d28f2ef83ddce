// PNG previews of stored images, for the sample grid and the transformation preview.
import sharp from 'sharp';
import type { ImageSplit } from '../types';
import { indicesByClass } from './splits';

export interface PreviewOptions {
  /** Side of the PNG; the image is scaled with nearest neighbour so pixels stay crisp. Default: size. */
  outSize?: number;
}

/** Channels of a split's images, from its byte count. */
export function splitChannels(split: ImageSplit, size: number): 1 | 3 {
  if (split.count === 0) return 3;
  const c = split.pixels.length / (split.count * size * size);
  if (c !== 1 && c !== 3) throw new RangeError(`split holds ${split.pixels.length} bytes for ${split.count} images: not ${size}x${size} with 1 or 3 channels`);
  return c;
}

/** Encodes image `index` of a split (images of side `size`) as PNG. */
export async function datasetSampleToPng(split: ImageSplit, index: number, size: number, opts: PreviewOptions = {}): Promise<Buffer> {
  if (!Number.isInteger(index) || index < 0 || index >= split.count) {
    throw new RangeError(`image index ${index} is outside 0..${split.count - 1}`);
  }
  const channels = splitChannels(split, size);
  const bytes = size * size * channels;
  const raw = Buffer.from(split.pixels.buffer, split.pixels.byteOffset + index * bytes, bytes);
  let img = sharp(raw, { raw: { width: size, height: size, channels } });
  const out = opts.outSize ?? size;
  if (out !== size) img = img.resize(out, out, { kernel: 'nearest' });
  return img.png().toBuffer();
}

/** Up to `perClass` image indices of each category (stored order), e.g. for a sample grid. */
export function sampleIndices(split: ImageSplit, numClasses: number, perClass: number): number[][] {
  return indicesByClass(split, numClasses).map((idx) => idx.slice(0, perClass));
}
