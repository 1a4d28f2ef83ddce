// Test images as the analysis feeds them to a network: clean and transformed versions of
// the same images, batch by batch, preprocessed as SPEC.md section 1 says (transformation on
// [0,255], then per-image standardisation).
import * as tf from '@tensorflow/tfjs';
import type { ResolvedTransform } from '../types';
import { applyTransform, standardize } from '../transforms/index';
import { hashSeed } from '../data/random';
import { gatherImages, type ImageGeometry } from '../train/batches';
import { EVAL_BATCH, TEST_TRANSFORM_SEED } from '../evaluate/predict';

/** The test split of a dataset: uint8 NHWC pixels, one label per image. */
export interface AnalysisImages {
  pixels: Uint8Array;
  labels: Int32Array;
  count: number;
  /** Side of the stored square images. */
  size: number;
  channels: number;
}

/**
 * Images per forward pass: the evaluation's batch (EVAL_BATCH), and the same seeding of
 * random transformations per batch (hashSeed(TEST_TRANSFORM_SEED, batch number)), so the
 * transformed test images analysed here are exactly those the network's transformed
 * accuracy was measured on. Fixed, not tuned to the machine, because the noise is drawn
 * per batch.
 */
export const ANALYSIS_BATCH = EVAL_BATCH;

export interface ImageBatch {
  start: number;
  size: number;
  /** Standardised network inputs; the consumer must not dispose them (the iterator does). */
  clean: tf.Tensor4D;
  transformed: tf.Tensor4D;
}

/** Seed of the transformation noise for batch number `batch`. */
export function batchSeed(seed: number, batch: number): number {
  return hashSeed(seed, batch);
}

/**
 * Clean and transformed standardised batches of all images, in order (transformation on
 * [0,255] after any resize, then per-image standardisation, as training and evaluation do).
 * Tensors of a batch are disposed when the iterator moves on, so at most one batch is alive.
 */
export function* imageBatches(
  images: AnalysisImages, transform: ResolvedTransform, inputSize: number, transformSeed = TEST_TRANSFORM_SEED,
): Generator<ImageBatch> {
  if (images.count === 0) throw new Error('no test images to analyse');
  if (images.pixels.length !== images.count * images.size * images.size * images.channels) {
    throw new Error(`test pixels hold ${images.pixels.length} bytes, expected ${images.count} x ${images.size} x ${images.size} x ${images.channels}`);
  }
  const geometry: ImageGeometry = { storedSize: images.size, channels: images.channels, imageSize: inputSize };
  for (let start = 0, b = 0; start < images.count; start += ANALYSIS_BATCH, b++) {
    const size = Math.min(ANALYSIS_BATCH, images.count - start);
    const raw = gatherImages(images, Array.from({ length: size }, (_, i) => start + i), geometry);
    let clean: tf.Tensor4D | null = null;
    let transformed: tf.Tensor4D | null = null;
    try {
      clean = standardize(raw);
      transformed = tf.tidy(() => standardize(applyTransform(transform, raw, batchSeed(transformSeed, b))));
      yield { start, size, clean, transformed };
    } finally {
      raw.dispose();
      clean?.dispose();
      transformed?.dispose();
    }
  }
}
