// Reading and writing a network's weights (trainable and batch-norm statistics), and rebuilding
// a trained network from its folder.
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { NetworkId } from '../../../shared/ids';
import { buildNetwork, type Network, type NetworkOptions } from './index';
import { readArrayFile, writeArrayFile, type NamedArray } from './array-file';

/** File name of the kept (best validation) weights inside a job's work folder. */
export const BEST_WEIGHTS_FILE = 'best.weights';

export interface WeightsMeta {
  format: 'invlab-weights';
  network: NetworkId;
  options: NetworkOptions;
  /** Epoch the weights come from (1-based), and its validation accuracy. */
  epoch: number;
  valAccuracy: number;
}

/** The layer-qualified name of a weight (e.g. "conv1/kernel"), the same in every model built in a process. */
export function weightName(w: tf.LayerVariable): string {
  return w.originalName;
}

/** A copy of every weight of the network, trainable or not. */
export function getWeights(net: Network): NamedArray[] {
  return net.model.weights.map((w) => {
    const v = w.read();
    return { name: weightName(w), shape: [...v.shape], data: Float32Array.from(v.dataSync() as Float32Array) };
  });
}

/** Writes `arrays` into the network's weights; every weight must be present with its shape. */
export function setWeights(net: Network, arrays: readonly NamedArray[], source = 'weights'): void {
  const byName = new Map(arrays.map((a) => [a.name, a]));
  const values = net.model.weights.map((w) => {
    const name = weightName(w);
    const a = byName.get(name);
    if (!a) throw new Error(`${source}: no values for weight "${name}" of ${net.id}`);
    const shape = w.read().shape;
    if (a.shape.length !== shape.length || a.shape.some((d, i) => d !== shape[i])) {
      throw new Error(`${source}: weight "${name}" has shape [${a.shape.join(',')}], ${net.id} needs [${shape.join(',')}]`);
    }
    return a;
  });
  tf.tidy(() => {
    net.model.weights.forEach((w, i) => w.write(tf.tensor(values[i]!.data, values[i]!.shape)));
  });
}

export async function saveWeights(path: string, net: Network, arrays: NamedArray[], info: { epoch: number; valAccuracy: number }): Promise<void> {
  const meta: WeightsMeta = { format: 'invlab-weights', network: net.id, options: net.options, ...info };
  await writeArrayFile(path, meta, { weights: arrays });
}

/** Rebuilds the network stored in `path` and loads its weights. */
export async function loadWeightsFile(path: string): Promise<{ net: Network; meta: WeightsMeta }> {
  const file = await readArrayFile<WeightsMeta>(path);
  const meta = file.meta;
  if (meta?.format !== 'invlab-weights') throw new Error(`${path}: not a weights file (format "${String(meta?.format)}")`);
  const net = buildNetwork(meta.network, meta.options, { initialise: false });
  setWeights(net, file.groups.weights ?? [], path);
  return { net, meta };
}

/**
 * The kept (best validation) network of a finished training job, for evaluation and analysis.
 * `expect` guards against a folder that holds a different network than the caller assumes.
 */
export async function loadTrainedNetwork(
  workDir: string,
  expect?: { network?: NetworkId; imageSize?: number },
): Promise<Network> {
  const path = join(workDir, BEST_WEIGHTS_FILE);
  const { net, meta } = await loadWeightsFile(path);
  if (expect?.network && expect.network !== meta.network) {
    net.model.dispose();
    throw new Error(`${path} holds a ${meta.network}, expected ${expect.network}`);
  }
  if (expect?.imageSize && expect.imageSize !== meta.options.imageSize) {
    net.model.dispose();
    throw new Error(`${path} was trained at ${meta.options.imageSize} px, expected ${expect.imageSize}`);
  }
  return net;
}
