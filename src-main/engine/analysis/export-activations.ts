// Export a layer's activations (raw post-ReLU, clean and transformed test images) as NumPy
// files, so that the analysis can be checked or redone in Python (SPEC.md section 6).
import { makeDirs, writeFileAtomicSync as writeFileAtomic } from '../io/atomic';
import { join } from 'node:path';
import type { AnalyseJobInput } from '../types';
import { writeNpy } from '../io/npy';
import { seenMaskFromCategories } from './activations';
import { type CapturedLayer, captureLayer } from './capture';
import type { AnalyseDeps } from './run-analyse-job';
import { ANALYSIS_BATCH } from './image-batches';
import { TEST_TRANSFORM_SEED } from '../evaluate/predict';

/** The JSON index written next to the .npy files. */
export interface ActivationIndex {
  layer: string;
  network: string;
  transform: { id: string; params: Record<string, number> };
  /** Seeds the choice of units. */
  seed: number;
  /** Seeds random transformations of the test images (per batch of `batch` images). */
  transformSeed: number;
  batch: number;
  images: number;
  neurons: number;
  /** Per-image output shape of the layer, e.g. [H, W, C]. */
  layerShape: number[];
  totalUnits: number;
  /** Column j of the matrices is unit units[j] of the layer (flat row-major index into layerShape). */
  units: number[];
  /** Category of each image (row). */
  categories: number[];
  seenCategories: number[];
  /** Per image (row): whether its category is seen-transformed. */
  seen: boolean[];
  /** File names, relative to the index. */
  files: { clean: string; transformed: string; labels: string; seen: string };
}

export interface ExportedActivations {
  indexPath: string;
  cleanPath: string;
  transformedPath: string;
  images: number;
  neurons: number;
}

/** File stem for a layer: its name with anything outside [A-Za-z0-9_-] replaced. */
function stem(layer: string): string {
  return layer.replace(/[^A-Za-z0-9_-]/g, '_');
}

/**
 * Write `<layer>.clean.npy` and `<layer>.transformed.npy` (float32 [images, neurons]),
 * `<layer>.labels.npy` (uint8 would overflow past 255 classes, so float32 category ids),
 * `<layer>.seen.npy` (uint8 0/1 per image) and `<layer>.index.json` into `outDir`.
 */
export function writeActivationFiles(
  captured: CapturedLayer, meta: { network: string; transform: AnalyseJobInput['transform']; seed: number; labels: Int32Array; seenCategories: number[] },
  outDir: string,
): ExportedActivations {
  makeDirs(outDir);
  const s = stem(captured.layer);
  const files = { clean: `${s}.clean.npy`, transformed: `${s}.transformed.npy`, labels: `${s}.labels.npy`, seen: `${s}.seen.npy` };
  const { images, neurons } = captured.clean;
  const seen = seenMaskFromCategories(meta.labels, meta.seenCategories);
  writeNpy(join(outDir, files.clean), captured.clean.data, [images, neurons]);
  writeNpy(join(outDir, files.transformed), captured.transformed.data, [images, neurons]);
  writeNpy(join(outDir, files.labels), Float32Array.from(meta.labels), [images]);
  writeNpy(join(outDir, files.seen), seen, [images]);
  const index: ActivationIndex = {
    layer: captured.layer,
    network: meta.network,
    transform: { id: meta.transform.id, params: meta.transform.params },
    seed: meta.seed,
    transformSeed: TEST_TRANSFORM_SEED,
    batch: ANALYSIS_BATCH,
    images, neurons,
    layerShape: captured.shape,
    totalUnits: captured.totalUnits,
    units: Array.from(captured.units),
    categories: Array.from(meta.labels),
    seenCategories: [...meta.seenCategories].sort((a, b) => a - b),
    seen: Array.from(seen, (v) => v === 1),
    files,
  };
  const indexPath = join(outDir, `${s}.index.json`);
  writeFileAtomic(indexPath, `${JSON.stringify(index, null, 1)}\n`);
  return { indexPath, cleanPath: join(outDir, files.clean), transformedPath: join(outDir, files.transformed), images, neurons };
}

/**
 * Capture `input.layer` (default: the penultimate layer) of a trained network on its test
 * images and write the files of writeActivationFiles. Same units, transformed images and
 * seeds as the analyse job with the same input, so the files reproduce its numbers.
 */
export async function exportActivations(
  input: Pick<AnalyseJobInput, 'datasetDir' | 'network' | 'imageSize' | 'workDir' | 'transform' | 'seenCategories' | 'layer' | 'maxUnits' | 'seed' | 'jobId'>,
  outDir: string,
  deps?: AnalyseDeps,
): Promise<ExportedActivations> {
  const d = deps ?? (await import('./default-deps')).defaultAnalyseDeps;
  const full: AnalyseJobInput = { ...input, tau: 'auto', layerwise: false };
  const net = await d.loadNetwork(full);
  const images = await d.loadImages(full);
  const layer = input.layer ?? net.penultimate;
  if (!net.analysableLayers.includes(layer)) {
    throw new Error(`layer "${layer}" is not an analysable (post-ReLU) layer of ${input.network}; choose one of: ${net.analysableLayers.join(', ')}`);
  }
  const captured = await captureLayer(net.model, layer, images, input.transform, input.imageSize, { maxUnits: input.maxUnits, seed: input.seed });
  return writeActivationFiles(captured, { network: input.network, transform: input.transform, seed: input.seed, labels: images.labels, seenCategories: input.seenCategories }, outDir);
}

