// Activation matrices as the analysis core takes them: raw post-ReLU activity, float32,
// row-major [images, neurons] (the layout of the exported .npy files).

export interface ActivationMatrix {
  data: Float32Array;
  images: number;
  neurons: number;
}

/** Raised for input the analysis cannot use; the message names the input and the problem. */
export class ActivationInputError extends Error {
  override name = 'ActivationInputError';
}

export function activationMatrix(data: Float32Array, images: number, neurons: number): ActivationMatrix {
  if (data.length !== images * neurons) {
    throw new ActivationInputError(`activation data has ${data.length} values, expected images x neurons = ${images} x ${neurons} = ${images * neurons}`);
  }
  return { data, images, neurons };
}

/** What to call the two inputs in error messages (file names, layer names). */
export interface PairNames { clean: string; transformed: string }
const DEFAULT_NAMES: PairNames = { clean: 'clean activations', transformed: 'transformed activations' };

/**
 * Check a clean / transformed pair before analysis: both non-empty, same shape, no NaN or
 * infinity, no negative value (the definition needs post-ReLU activity, which is >= 0).
 * Names are what the user gave (file names, layer names) so the error points at the input.
 */
export function checkActivationPair(
  clean: ActivationMatrix, transformed: ActivationMatrix,
  names: PairNames = DEFAULT_NAMES,
): void {
  checkActivationShapes(clean, transformed, names);
  for (const [m, name] of [[clean, names.clean], [transformed, names.transformed]] as const) checkValues(m, name);
}

/** The shape part of checkActivationPair: non-empty, consistent, equal shapes. */
export function checkActivationShapes(clean: ActivationMatrix, transformed: ActivationMatrix, names: PairNames = DEFAULT_NAMES): void {
  for (const [m, name] of [[clean, names.clean], [transformed, names.transformed]] as const) {
    if (m.images === 0 || m.neurons === 0 || m.data.length === 0) {
      throw new ActivationInputError(`${name} is empty (shape [${m.images}, ${m.neurons}]); need at least one image and one neuron`);
    }
    if (m.data.length !== m.images * m.neurons) {
      throw new ActivationInputError(`${name} has ${m.data.length} values but shape [${m.images}, ${m.neurons}]`);
    }
  }
  if (clean.images !== transformed.images || clean.neurons !== transformed.neurons) {
    throw new ActivationInputError(
      `shape mismatch: ${names.clean} is [${clean.images}, ${clean.neurons}] but ${names.transformed} is [${transformed.images}, ${transformed.neurons}]; `
      + 'rows must be the same images (clean and transformed) and columns the same neurons',
    );
  }
}

function checkValues(m: ActivationMatrix, name: string): void {
  const d = m.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    // One comparison in the common case: false for NaN, negatives and +/-Infinity are caught below.
    if (v >= 0 && v !== Infinity) continue;
    const at = `image ${Math.floor(i / m.neurons)}, neuron ${i % m.neurons}`;
    if (Number.isNaN(v)) throw new ActivationInputError(`${name} contains NaN (at ${at})`);
    if (!Number.isFinite(v)) throw new ActivationInputError(`${name} contains an infinite value (at ${at})`);
    throw new ActivationInputError(`${name} contains a negative value ${v} (at ${at}): activations must be post-ReLU (>= 0); take them after the ReLU, not before`);
  }
}

/** The images x 1 mask over images, as 0/1 bytes, from a seen-category list and image labels. */
export function seenMaskFromCategories(labels: ArrayLike<number>, seenCategories: readonly number[]): Uint8Array {
  const seen = new Set(seenCategories);
  const mask = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) mask[i] = seen.has(labels[i]) ? 1 : 0;
  return mask;
}
