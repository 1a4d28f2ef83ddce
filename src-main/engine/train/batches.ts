// Turning stored uint8 images into network input, the order of SPEC.md section 1:
// [0,255] float -> (resize) -> transformation on the images picked for it -> per-image
// standardisation. Used alike by training, validation, evaluation and calibration.
import * as tf from '@tensorflow/tfjs';
import type { ImageSplit, ResolvedTransform } from '../types';
import { applyTransform, standardize } from '../transforms/index';

export interface ImageGeometry {
  /** Side of the stored images. */
  storedSize: number;
  channels: number;
  /** Side the network expects; images are resized (bilinear) when it differs. */
  imageSize: number;
}

/** Images `indices` of a split as float32 [N, imageSize, imageSize, C] in [0,255]. */
export function gatherImages(split: ImageSplit, indices: ArrayLike<number>, g: ImageGeometry): tf.Tensor4D {
  const per = g.storedSize * g.storedSize * g.channels;
  const n = indices.length;
  const data = new Float32Array(n * per);
  for (let i = 0; i < n; i++) {
    const src = indices[i]!;
    if (src < 0 || src >= split.count) throw new Error(`image index ${src} out of range (split has ${split.count})`);
    const bytes = split.pixels.subarray(src * per, (src + 1) * per);
    data.set(bytes, i * per);
  }
  const x = tf.tensor4d(data, [n, g.storedSize, g.storedSize, g.channels]);
  if (g.imageSize === g.storedSize) return x;
  const resized = tf.image.resizeBilinear(x, [g.imageSize, g.imageSize], false, true);
  x.dispose();
  return resized;
}

export interface PreparedBatch {
  /** Standardised images. */
  x: tf.Tensor4D;
  /** Labels in the order of `x` (untransformed images first, then transformed ones). */
  labels: Int32Array;
  transformedCount: number;
}

/**
 * Gathers images `indices`, applies `transform` to those with `pick[i]` true (seeded by
 * `seed` for the random transformations) and standardises. Transformed images are placed after
 * the others so only they go through the transformation; order within a batch is irrelevant to
 * the loss, batch statistics and accuracy counts.
 */
export function prepareBatch(
  split: ImageSplit,
  indices: ArrayLike<number>,
  g: ImageGeometry,
  transform: ResolvedTransform | null,
  pick: (i: number) => boolean,
  seed: number,
): PreparedBatch {
  const clean: number[] = [];
  const picked: number[] = [];
  for (let i = 0; i < indices.length; i++) {
    if (transform && pick(i)) picked.push(indices[i]!);
    else clean.push(indices[i]!);
  }
  const labels = new Int32Array(indices.length);
  [...clean, ...picked].forEach((src, i) => { labels[i] = split.labels[src]!; });
  const x = tf.tidy(() => {
    const parts: tf.Tensor4D[] = [];
    if (clean.length > 0) parts.push(gatherImages(split, clean, g));
    if (picked.length > 0 && transform) {
      const raw = gatherImages(split, picked, g);
      const t = applyTransform(transform, raw, seed);
      if (t.shape[3] !== g.channels || t.shape[1] !== g.imageSize || t.shape[2] !== g.imageSize) {
        throw new Error(`transformation ${transform.id} turned [${raw.shape.join(',')}] into [${t.shape.join(',')}]; the network needs unchanged shape`);
      }
      parts.push(t);
    }
    const all = parts.length === 1 ? parts[0]! : tf.concat(parts, 0);
    return standardize(all);
  });
  return { x, labels, transformedCount: picked.length };
}
