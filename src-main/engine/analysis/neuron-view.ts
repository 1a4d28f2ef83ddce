// One neuron seen through its test images (SPEC.md section 6): the images where it is most
// active, clean and transformed exactly as the analysis fed them to the network, with the
// normalised activities f_k(x), f_k(T(x)) and h_k(x).
import * as tf from '@tensorflow/tfjs';
import type { ResolvedTransform } from '../types';
import { applyTransform } from '../transforms/index';
import { gatherImages } from '../train/batches';
import { TEST_TRANSFORM_SEED } from '../evaluate/predict';
import { captureLayer } from './capture';
import { ANALYSIS_BATCH, type AnalysisImages, batchSeed } from './image-batches';
import { rawThresholds } from './invariance';

export interface NeuronViewOptions {
  /** Column of the analysed units (the index into the stored I_k array). */
  neuron: number;
  top: number;
  tau: number;
  /** The analysis' unit sampling (sampleUnits) and transformation noise seeds. */
  maxUnits: number;
  seed: number;
  transformSeed?: number;
}

/** An image as the network saw it before standardisation: [0,255] floats, HWC. */
export interface ViewImage { data: Float32Array; height: number; width: number; channels: number }

export interface NeuronTopImage {
  /** Index into the test split. */
  index: number;
  label: number;
  fClean: number;
  fTransformed: number;
  /** h_k(x); null when x is not in the active set A_k. */
  h: number | null;
  clean: ViewImage;
  transformed: ViewImage;
}

export interface NeuronTopImages {
  /** Number of analysed units of the layer (valid neurons are 0..units-1). */
  units: number;
  /** Flat index of the neuron in the layer output of one image. */
  unit: number;
  /** M_k: 0 for a dead neuron (then every f is 0 and no image is active). */
  maximum: number;
  /** I_k recomputed over all test images; null when dead or A_k is empty. */
  invariance: number | null;
  images: NeuronTopImage[];
}

export async function neuronTopImages(
  model: tf.LayersModel, layer: string, images: AnalysisImages, transform: ResolvedTransform, inputSize: number,
  opts: NeuronViewOptions,
): Promise<NeuronTopImages> {
  const captured = await captureLayer(model, layer, images, transform, inputSize, {
    maxUnits: opts.maxUnits, seed: opts.seed, transformSeed: opts.transformSeed,
  });
  const units = captured.units.length;
  if (!Number.isInteger(opts.neuron) || opts.neuron < 0 || opts.neuron >= units) {
    throw new RangeError(`neuron ${opts.neuron} is outside 0..${units - 1} (the ${units} analysed units of layer ${layer})`);
  }
  const n = images.count;
  const f = new Float32Array(n);
  const g = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    f[i] = captured.clean.data[i * units + opts.neuron]!;
    g[i] = captured.transformed.data[i * units + opts.neuron]!;
  }
  let maximum = 0;
  for (let i = 0; i < n; i++) maximum = Math.max(maximum, f[i]!, g[i]!);
  // The analysis' exact membership test (raw activity against the threshold equivalent to f/M > tau).
  const threshold = rawThresholds(Float32Array.of(maximum), opts.tau)[0]!;
  const h = (i: number): number | null => (f[i]! > threshold || g[i]! > threshold ? 1 - Math.abs(g[i]! - f[i]!) / (g[i]! + f[i]!) : null);
  let hSum = 0;
  let active = 0;
  for (let i = 0; i < n; i++) {
    const v = h(i);
    if (v !== null) { hSum += v; active++; }
  }
  const order = Array.from({ length: n }, (_, i) => i)
    .sort((a, b) => Math.max(f[b]!, g[b]!) - Math.max(f[a]!, g[a]!) || a - b)
    .slice(0, Math.max(0, opts.top));
  const shown = viewImages(images, transform, inputSize, order, opts.transformSeed ?? TEST_TRANSFORM_SEED);
  const norm = (x: number) => (maximum > 0 ? x / maximum : 0);
  return {
    units, unit: captured.units[opts.neuron]!, maximum,
    invariance: maximum > 0 && active > 0 ? hSum / active : null,
    images: order.map((i) => ({
      index: i, label: images.labels[i]!, fClean: norm(f[i]!), fTransformed: norm(g[i]!), h: h(i),
      ...shown.get(i)!,
    })),
  };
}

/**
 * Clean and transformed pixels of some test images. Random transformations draw their noise
 * per analysis batch, so each image's whole batch is transformed with that batch's seed and
 * the image cut out: the transformed image shown is the one that was analysed.
 */
function viewImages(
  images: AnalysisImages, transform: ResolvedTransform, inputSize: number, indices: number[], transformSeed: number,
): Map<number, { clean: ViewImage; transformed: ViewImage }> {
  const geometry = { storedSize: images.size, channels: images.channels, imageSize: inputSize };
  const out = new Map<number, { clean: ViewImage; transformed: ViewImage }>();
  const batches = [...new Set(indices.map((i) => Math.floor(i / ANALYSIS_BATCH)))];
  for (const b of batches) {
    const start = b * ANALYSIS_BATCH;
    const size = Math.min(ANALYSIS_BATCH, images.count - start);
    const [clean, transformed] = tf.tidy(() => {
      const raw = gatherImages(images, Array.from({ length: size }, (_, i) => start + i), geometry);
      return [raw.clone(), applyTransform(transform, raw, batchSeed(transformSeed, b))];
    });
    try {
      const c = clean.dataSync() as Float32Array;
      const t = transformed.dataSync() as Float32Array;
      const [, hc, wc, cc] = clean.shape;
      const [, ht, wt, ct] = transformed.shape;
      for (const i of indices) {
        if (Math.floor(i / ANALYSIS_BATCH) !== b) continue;
        const r = i - start;
        out.set(i, {
          clean: { data: c.slice(r * hc * wc * cc, (r + 1) * hc * wc * cc), height: hc, width: wc, channels: cc },
          transformed: { data: t.slice(r * ht * wt * ct, (r + 1) * ht * wt * ct), height: ht, width: wt, channels: ct },
        });
      }
    } finally {
      clean.dispose();
      transformed.dispose();
    }
  }
  return out;
}
