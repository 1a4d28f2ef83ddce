// Which units of a layer are analysed. A dense layer's units are all neurons; a
// convolutional layer has one neuron per (row, column, channel), often far more than
// `maxUnits`, so a fixed random subset is taken.
import { hashSeed, Rng } from '../data/random';

/** Units per image of a layer output shape (without the batch axis): the product of its sizes. */
export function unitCount(shape: readonly (number | null)[]): number {
  let n = 1;
  for (const d of shape) {
    if (d === null || !Number.isInteger(d) || d < 1) throw new Error(`layer output shape [${shape.join(', ')}] has an unknown or empty dimension`);
    n *= d;
  }
  return n;
}

/**
 * Flat indices (into the layer output of one image, row-major: for [H, W, C] the unit
 * (h, w, c) is (h * W + w) * C + c) of the analysed units, ascending.
 *
 * All units when there are at most `maxUnits`; else `maxUnits` distinct units drawn by a
 * partial Fisher-Yates shuffle seeded by hashSeed(seed, hash of the layer name, total), so
 * the same (seed, layer, network shape) always analyses the same units, and clean and
 * transformed images, exports and re-runs agree.
 */
export function sampleUnits(total: number, maxUnits: number, seed: number, layer: string): Int32Array {
  if (!Number.isInteger(total) || total < 1) throw new Error(`sampleUnits: total must be a positive integer, got ${total}`);
  if (!Number.isInteger(maxUnits) || maxUnits < 1) throw new Error(`maxUnits must be a positive integer, got ${maxUnits}`);
  if (total <= maxUnits) return Int32Array.from({ length: total }, (_, i) => i);
  const rng = new Rng(hashSeed(seed, stringHash(layer), total));
  // Sparse Fisher-Yates: only the swapped positions are stored, so a 1M-unit layer costs
  // O(maxUnits) memory, not O(total).
  const swapped = new Map<number, number>();
  const out = new Int32Array(maxUnits);
  for (let i = 0; i < maxUnits; i++) {
    const j = i + Math.floor(rng.next() * (total - i));
    const atJ = swapped.get(j) ?? j;
    const atI = swapped.get(i) ?? i;
    out[i] = atJ;
    swapped.set(j, atI);
  }
  return out.sort();
}

/** Whether `units` is exactly 0..total-1 (nothing was sampled away). */
export function isAllUnits(units: Int32Array, total: number): boolean {
  return units.length === total;
}

function stringHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
