// Reading any image file into [0,255] HWC floats and writing PNGs, with sharp. Used by the
// transform command (and usable by previews); dataset import has its own decoder.
import sharp from 'sharp';
import { withTempFile } from './atomic';

export interface RawImage {
  /** HWC, row-major, values in [0,255] (for PNG output anything; it is clipped). */
  data: Float32Array;
  height: number;
  width: number;
  channels: 1 | 3;
}

export class ImageFileError extends Error {
  override name = 'ImageFileError';
}

/**
 * Decode an image (any format sharp reads). Grayscale images stay 1 channel, everything else
 * becomes sRGB; alpha is composited onto black; EXIF orientation is applied. With `size`, the
 * image is resized to size x size keeping its aspect ratio by a centre crop.
 */
export async function readImage(path: string, opts: { size?: number } = {}): Promise<RawImage> {
  const { size } = opts;
  if (size !== undefined && (!Number.isInteger(size) || size < 1 || size > 4096)) {
    throw new ImageFileError(`image size must be an integer in 1..4096 (got ${size})`);
  }
  try {
    const meta = await sharp(path).metadata();
    const gray = meta.space === 'b-w' || meta.space === 'grey16';
    let img = sharp(path).rotate().flatten({ background: { r: 0, g: 0, b: 0 } });
    if (size !== undefined) img = img.resize(size, size, { fit: 'cover', position: 'centre' });
    img = img.toColourspace(gray ? 'b-w' : 'srgb');
    const { data, info } = await img.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    if (info.channels !== 1 && info.channels !== 3) {
      throw new ImageFileError(`decoded to ${info.channels} channels, expected 1 or 3`);
    }
    return { data: Float32Array.from(data), height: info.height, width: info.width, channels: info.channels };
  } catch (e) {
    throw new ImageFileError(`${path}: cannot read image (${(e as Error).message})`);
  }
}

/** Values clipped to [0,255] and rounded to 8 bits. */
export function toUint8(data: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    out[i] = v >= 255 ? 255 : v > 0 ? Math.round(v) : 0; // NaN -> 0
  }
  return out;
}

/** Write an 8-bit PNG (gray or RGB), clipping to [0,255]; atomic (temp file + rename). */
export async function writePng(path: string, image: RawImage): Promise<void> {
  const { height, width, channels } = image;
  try {
    // Without the explicit colourspace sharp would write a 1-channel image as RGB.
    await withTempFile(path, async (tmp) => {
      await sharp(toUint8(image.data), { raw: { width, height, channels } })
        .toColourspace(channels === 1 ? 'b-w' : 'srgb')
        .png()
        .toFile(tmp);
    });
  } catch (e) {
    if ((e as { name?: string }).name === 'StorageError') throw e;
    throw new ImageFileError(`${path}: cannot write PNG (${(e as Error).message})`);
  }
}
