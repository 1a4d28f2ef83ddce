// Activation matrices, seen masks and labels read from .npy files (the `invlab invariance`
// command and anyone checking the analysis against Python), each with a message naming the
// file and the problem when the file is not what the analysis needs.
import { readNpy, type NpyArray } from '../io/npy';
import { activationMatrix, ActivationInputError, type ActivationMatrix, seenMaskFromCategories } from './activations';
import { computeInvariance } from './invariance';
import type { InvarianceSummary } from '../../../shared/results';

/** A float32 (or float64, converted) 2-D [images, neurons] array. */
export function readActivationNpy(path: string): ActivationMatrix {
  const a = readNpy(path);
  if (a.dtype !== '<f4' && a.dtype !== '<f8') {
    throw new ActivationInputError(`${path}: activations must be float32 (or float64), got dtype '${a.dtype}'; save with a.astype(np.float32)`);
  }
  if (a.shape.length !== 2) {
    throw new ActivationInputError(`${path}: activations must be a 2-D array [images, neurons], got shape [${a.shape.join(', ')}]`);
  }
  const [images, neurons] = a.shape as [number, number];
  if (images === 0 || neurons === 0) {
    throw new ActivationInputError(`${path}: empty activation array (shape [${images}, ${neurons}]); need at least one image and one neuron`);
  }
  const data = a.data instanceof Float32Array ? a.data : Float32Array.from(a.data);
  return activationMatrix(data, images, neurons);
}

/** A 1-D vector of `images` entries (a trailing axis of size 1 is accepted). */
function readVector(path: string, images: number, what: string): NpyArray {
  const a = readNpy(path);
  const shape = a.shape.length === 2 && a.shape[1] === 1 ? [a.shape[0]] : a.shape;
  if (shape.length !== 1) throw new ActivationInputError(`${path}: ${what} must be a 1-D array with one entry per image, got shape [${a.shape.join(', ')}]`);
  if (shape[0] !== images) {
    throw new ActivationInputError(`${path}: ${what} has ${shape[0]} entries but the activations have ${images} images (rows)`);
  }
  return a;
}

/** Per-image seen mask: bool, or numbers that are all 0 or 1. */
export function readSeenMaskNpy(path: string, images: number): Uint8Array {
  const a = readVector(path, images, 'the seen mask');
  const mask = new Uint8Array(images);
  for (let i = 0; i < images; i++) {
    const v = a.data[i];
    if (v !== 0 && v !== 1) throw new ActivationInputError(`${path}: the seen mask must hold 0/1 (or True/False) per image; entry ${i} is ${v}`);
    mask[i] = v;
  }
  return mask;
}

/** Per-image category ids: non-negative integers (any numeric dtype). */
export function readLabelsNpy(path: string, images: number): Int32Array {
  const a = readVector(path, images, 'labels');
  const labels = new Int32Array(images);
  for (let i = 0; i < images; i++) {
    const v = a.data[i];
    if (!Number.isInteger(v) || v < 0) throw new ActivationInputError(`${path}: labels must be non-negative integer category ids; entry ${i} is ${v}`);
    labels[i] = v;
  }
  return labels;
}

export interface InvarianceFilesOptions {
  clean: string;
  transformed: string;
  tau: number;
  /** Per-image 0/1 mask file. */
  seen?: string;
  /** Per-image category ids, with `seenCategories` to derive the mask. */
  labels?: string;
  seenCategories?: number[];
}

export interface InvarianceReport {
  clean: string;
  transformed: string;
  tau: number;
  images: number;
  neurons: number;
  dead: number;
  /** Per-neuron I_k; null where the neuron is excluded (dead or empty active set). */
  invariance: { all: (number | null)[]; seen?: (number | null)[]; unseen?: (number | null)[] };
  summary: { all: InvarianceSummary; seen?: InvarianceSummary; unseen?: InvarianceSummary };
  /** Seen / unseen image counts when a split was given. */
  split?: { seenImages: number; unseenImages: number };
  activePerImage: number[];
  /** |A_k| / |X|; null for dead neurons. */
  imagesPerNeuron: (number | null)[];
}

/** The analysis core on two .npy activation files, as `invlab invariance` prints it. */
export function invarianceFromFiles(o: InvarianceFilesOptions): InvarianceReport {
  const clean = readActivationNpy(o.clean);
  const transformed = readActivationNpy(o.transformed);
  let mask: Uint8Array | null = null;
  if (o.seen && (o.labels || o.seenCategories)) {
    throw new ActivationInputError('give either a per-image seen mask (--seen) or labels with seen categories (--labels and --seen-categories), not both');
  }
  if (o.seen) mask = readSeenMaskNpy(o.seen, clean.images);
  else if (o.labels || o.seenCategories) {
    if (!o.labels || !o.seenCategories) throw new ActivationInputError('--labels and --seen-categories go together: the labels say which category each image is, the list which categories are seen');
    mask = seenMaskFromCategories(readLabelsNpy(o.labels, clean.images), o.seenCategories);
  }
  const r = computeInvariance(clean, transformed, { tau: o.tau, seenMask: mask, names: { clean: o.clean, transformed: o.transformed } });
  const nullable = (v: ArrayLike<number>) => Array.from(v, (x) => (Number.isNaN(x) ? null : x));
  const report: InvarianceReport = {
    clean: o.clean, transformed: o.transformed, tau: o.tau,
    images: r.images, neurons: r.neurons, dead: r.dead,
    invariance: { all: nullable(r.all.values) },
    summary: { all: r.all.summary },
    activePerImage: Array.from(r.activePerImage),
    // From the counts rather than the float32 result array, so JSON shows 0.25, not 0.2500000037.
    imagesPerNeuron: Array.from(r.maxima, (m, k) => (m === 0 ? null : r.all.activeImages[k] / r.images)),
  };
  if (mask) {
    let seenImages = 0;
    for (const v of mask) seenImages += v;
    report.split = { seenImages, unseenImages: r.images - seenImages };
    if (r.seen) { report.invariance.seen = nullable(r.seen.values); report.summary.seen = r.seen.summary; }
    if (r.unseen) { report.invariance.unseen = nullable(r.unseen.values); report.summary.unseen = r.unseen.summary; }
  }
  return report;
}
