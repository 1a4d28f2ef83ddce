// The networks of SPEC.md section 5 (one file each, listed in ./registry.ts), built with tfjs-layers. Every post-ReLU activation
// is a separately named layer so the analysis can read it by name (SPEC.md section 6).
import * as tf from '@tensorflow/tfjs';
import type { NetworkId } from '../../../shared/networks';
import { NetMode } from './layers';
import { networkBuilder } from './registry';
import { initialiseWeights, type InitRules } from './init';

export { NetMode } from './layers';

export interface NetworkOptions {
  imageSize: number;
  channels: number;
  classes: number;
  /** Seeds every initializer: the same seed builds the same weights. */
  seed: number;
}

export interface Network {
  id: NetworkId;
  options: NetworkOptions;
  /** Input [N, size, size, channels] standardised images; output logits [N, classes]. */
  model: tf.LayersModel;
  /** Post-ReLU layer names, input to output. */
  analysableLayers: string[];
  /** The analysed penultimate layer (SPEC.md section 5). */
  penultimate: string;
  /** Training switch for batch norm and dropout (the trainer flips it during a step). */
  mode: NetMode;
}

/** What a builder returns; buildNetwork adds the common fields. */
export interface BuiltGraph {
  model: tf.LayersModel;
  analysableLayers: string[];
  penultimate: string;
  /** How each weight starts (see init.ts). */
  initRules: InitRules;
}

/** A network's file exports one: its graph for the options (mode drives batch norm and dropout). */
export type NetworkBuilder = (o: NetworkOptions, mode: NetMode) => BuiltGraph;

function checkOptions(id: string, o: NetworkOptions): void {
  const positiveInt = (name: keyof NetworkOptions, min: number) => {
    const v = o[name];
    if (!Number.isInteger(v) || v < min) throw new Error(`network ${id}: ${name} must be an integer >= ${min}, got ${v}`);
  };
  positiveInt('imageSize', 8);
  positiveInt('channels', 1);
  positiveInt('classes', 2);
  if (!Number.isInteger(o.seed)) throw new Error(`network ${id}: seed must be an integer, got ${o.seed}`);
}

/**
 * Builds a network with seeded initial weights. `initialise: false` skips drawing them, for a
 * network that is about to receive stored weights.
 */
export function buildNetwork(id: NetworkId, opts: NetworkOptions, build: { initialise?: boolean } = {}): Network {
  const builder = networkBuilder(id);
  checkOptions(id, opts);
  const mode = new NetMode();
  const built = builder(opts, mode);
  if (build.initialise !== false) initialiseWeights(built.model, opts.seed, built.initRules);
  return { id, options: { ...opts }, mode, model: built.model, analysableLayers: built.analysableLayers, penultimate: built.penultimate };
}

/**
 * Logits for a stack of standardised images, computed in batches so large test sets fit in
 * memory. Returns a plain array [N * classes] (row-major) read back once per batch.
 */
export function predictLogits(net: Network, x: tf.Tensor4D, batchSize = 128): Float32Array {
  const n = x.shape[0];
  const classes = net.options.classes;
  const out = new Float32Array(n * classes);
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    const logits = tf.tidy(() => net.model.predict(x.slice([start, 0, 0, 0], [size, -1, -1, -1])) as tf.Tensor);
    out.set(logits.dataSync() as Float32Array, start * classes);
    logits.dispose();
  }
  return out;
}

/** Index of the largest logit per row. */
export function argmaxRows(logits: Float32Array, classes: number): Int32Array {
  const n = logits.length / classes;
  const pred = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestV = logits[i * classes];
    for (let c = 1; c < classes; c++) {
      const v = logits[i * classes + c];
      if (v > bestV) { bestV = v; best = c; }
    }
    pred[i] = best;
  }
  return pred;
}
