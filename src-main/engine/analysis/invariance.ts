// The invariance coefficient of single neurons (SPEC.md section 6, paper section 2.2), on raw
// post-ReLU activations held as row-major [images, neurons] float32 matrices.
//
// Two passes over the data, both walking memory in order: (1) M_k = max over images of
// max(f^_k(x), f^_k(T(x))), checking the values on the way; (2) test membership of A_k
// (raw activity against a per-neuron threshold equivalent to f^/M_k > tau), accumulate h_k
// per neuron (and per seen / unseen restriction) and count active neurons per image.
import { type ActivationMatrix, ActivationInputError, checkActivationPair, checkActivationShapes, type PairNames } from './activations';
import { summariseInvariance } from './summary';
import type { InvarianceSummary } from '../../../shared/results';

export interface InvarianceOptions {
  /** Activity threshold on normalised activity, in [0, 1]; active means strictly greater. */
  tau: number;
  /** One byte per image, 1 = the image's category is seen-transformed; omit for no split. */
  seenMask?: Uint8Array | null;
  /** What to call the inputs in error messages. */
  names?: PairNames;
  /** Skip the input checks (the caller has already run checkActivationPair on this data). */
  checked?: boolean;
}

/** I_k for one set of images: NaN marks an excluded neuron (dead, or empty A_k). */
export interface NeuronInvariance {
  /** Float64: the means as computed, so exported numbers match a float64 recomputation. */
  values: Float64Array;
  /** |A_k| restricted to this set of images (0 for dead neurons). */
  activeImages: Uint32Array;
  summary: InvarianceSummary;
}

export interface InvarianceResult {
  images: number;
  neurons: number;
  tau: number;
  /** M_k; 0 marks a dead neuron. */
  maxima: Float32Array;
  dead: number;
  all: NeuronInvariance;
  /** Null without a seen mask, or when no image is of a seen (unseen) category. */
  seen: NeuronInvariance | null;
  unseen: NeuronInvariance | null;
  /** Per image: number of neurons with normalised f_k(x) > tau (clean images). */
  activePerImage: Float32Array;
  /** Per neuron: |A_k| / |X| over all images; NaN for dead neurons (excluded). */
  imagesPerNeuron: Float32Array;
}

export function checkTau(tau: number, where = 'tau'): void {
  if (typeof tau !== 'number' || !Number.isFinite(tau) || tau < 0 || tau > 1) {
    throw new ActivationInputError(`${where} must be a number in [0, 1] (a threshold on activity normalised to max 1), got ${String(tau)}`);
  }
}

/** M_k over clean and transformed images together. */
export function neuronMaxima(clean: ActivationMatrix, transformed: ActivationMatrix): Float32Array {
  return neuronMaximaChecked(clean, transformed).maxima;
}

/** M_k, and whether every value was a finite number >= 0 (checked on the way, for free). */
function neuronMaximaChecked(clean: ActivationMatrix, transformed: ActivationMatrix): { maxima: Float32Array; clean: boolean } {
  const n = clean.neurons;
  // A float64 accumulator is faster than a float32 one (no rounding on store) and exact here:
  // every value stored is a float32 read from the input.
  const m = new Float64Array(n);
  const f = clean.data;
  const g = transformed.data;
  let ok = true;
  for (let row = 0, base = 0; row < clean.images; row++, base += n) {
    for (let k = 0; k < n; k++) {
      const a = f[base + k];
      const b = g[base + k];
      // False for NaN and negatives; +Infinity shows up in the maxima below.
      if (!(a >= 0 && b >= 0)) ok = false;
      const v = a > b ? a : b;
      if (v > m[k]) m[k] = v;
    }
  }
  for (let k = 0; k < n && ok; k++) if (m[k] === Infinity) ok = false;
  return { maxima: Float32Array.from(m), clean: ok };
}

/**
 * Per neuron, the raw activity above which the normalised activity exceeds tau:
 * f^ > t_k  <=>  f^ / M_k > tau (in float64) for every float32 f^. Comparing raw values
 * against t_k skips one division per entry yet agrees with the definition exactly, also at
 * the boundary (the division is monotonic, so the float32 grid has one crossing point).
 * Dead neurons get +Infinity: never active.
 */
export function rawThresholds(maxima: Float32Array, tau: number): Float64Array {
  const t = new Float64Array(maxima.length);
  for (let k = 0; k < maxima.length; k++) {
    const m = maxima[k];
    if (m === 0) { t[k] = Infinity; continue; }
    // Largest float32 u with u / m <= tau, found from the rounded product by ulp steps.
    let u = Math.fround(tau * m);
    while (u > 0 && u / m > tau) u = nextFloat32(u, -1);
    while (nextFloat32(u, 1) / m <= tau) u = nextFloat32(u, 1);
    t[k] = u;
  }
  return t;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The adjacent float32 above (dir 1) or below (dir -1) a finite non-negative float32. */
function nextFloat32(x: number, dir: 1 | -1): number {
  if (x === 0 && dir === -1) return 0;
  f32[0] = x;
  u32[0] += dir;
  return f32[0];
}

/**
 * Compute I_k for every neuron (all images, and seen / unseen images when a mask is given),
 * plus the active-neuron statistics of paper Fig. 3a.
 *
 * Normalisation always uses the whole image set, so seen and unseen I_k share one scale.
 * Inside A_k, f + g > 0 always holds: membership needs f > tau or g > tau with tau >= 0, so
 * h_k never divides by zero.
 */
export function computeInvariance(clean: ActivationMatrix, transformed: ActivationMatrix, opts: InvarianceOptions): InvarianceResult {
  checkTau(opts.tau);
  if (!opts.checked) checkActivationShapes(clean, transformed, opts.names);
  const { images, neurons } = clean;
  const mask = opts.seenMask ?? null;
  if (mask && mask.length !== images) {
    throw new ActivationInputError(`seen mask has ${mask.length} entries but there are ${images} images; it must give one 0/1 value per image (row)`);
  }
  const tau = opts.tau;
  const { maxima, clean: valuesOk } = neuronMaximaChecked(clean, transformed);
  // The max pass flags NaN / negative / infinite values cheaply; the full check then finds
  // and names the first offending entry.
  if (!valuesOk && !opts.checked) checkActivationPair(clean, transformed, opts.names);
  const threshold = rawThresholds(maxima, tau);

  // Per neuron sums of h and |A_k|, split by seen (index 1) and unseen (index 0) images,
  // or everything in index 0 without a mask.
  const hSum = [new Float64Array(neurons), new Float64Array(neurons)];
  const count = [new Uint32Array(neurons), new Uint32Array(neurons)];
  const activePerImage = new Float32Array(images);
  const f = clean.data;
  const g = transformed.data;

  for (let row = 0, base = 0; row < images; row++, base += neurons) {
    const part = mask && mask[row] ? 1 : 0;
    const hs = hSum[part];
    const cs = count[part];
    let activeHere = 0;
    for (let k = 0; k < neurons; k++) {
      const t = threshold[k];
      const fk = f[base + k];
      const gk = g[base + k];
      // Counting without a branch and testing membership with one measured fastest on
      // sparse ReLU activity (most entries inactive), the common case.
      activeHere += +(fk > t);
      if (fk > t || gk > t) {
        // h is unchanged by dividing f and g by the same M_k, so raw values serve.
        hs[k] += 1 - Math.abs(gk - fk) / (gk + fk);
        cs[k]++;
      }
    }
    activePerImage[row] = activeHere;
  }

  let dead = 0;
  for (let k = 0; k < neurons; k++) if (maxima[k] === 0) dead++;

  const imagesPerNeuron = new Float32Array(neurons);
  const allSum = new Float64Array(neurons);
  const allCount = new Uint32Array(neurons);
  for (let k = 0; k < neurons; k++) {
    allSum[k] = hSum[0][k] + hSum[1][k];
    allCount[k] = count[0][k] + count[1][k];
    imagesPerNeuron[k] = maxima[k] === 0 ? NaN : allCount[k] / images;
  }

  let seenImages = 0;
  if (mask) for (let i = 0; i < images; i++) if (mask[i]) seenImages++;

  return {
    images, neurons, tau, maxima, dead,
    all: finish(allSum, allCount, maxima, dead),
    seen: mask && seenImages > 0 ? finish(hSum[1], count[1], maxima, dead) : null,
    unseen: mask && seenImages < images ? finish(hSum[0], count[0], maxima, dead) : null,
    activePerImage,
    imagesPerNeuron,
  };
}

function finish(hSum: Float64Array, count: Uint32Array, maxima: Float32Array, dead: number): NeuronInvariance {
  const values = new Float64Array(hSum.length);
  let emptyActive = 0;
  for (let k = 0; k < hSum.length; k++) {
    if (maxima[k] === 0) { values[k] = NaN; continue; }
    if (count[k] === 0) { values[k] = NaN; emptyActive++; continue; }
    values[k] = hSum[k] / count[k];
  }
  return { values, activeImages: count, summary: summariseInvariance(values, { dead, emptyActive }) };
}
