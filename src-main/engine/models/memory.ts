// How much memory one training step of a network needs, estimated before a job starts, so a
// batch that cannot fit is refused with what to lower instead of failing mid-run ("Invalid
// typed array length" at 4.3 GB for batchSize 4096). The estimate counts the weights three
// times (weights, gradients, momentum) and, per image of the batch, its input and every
// layer's output three times (the forward value kept for the backward pass, its gradient,
// and the kernels' scratch such as im2col). It is deliberately on the high side.
import * as tf from '@tensorflow/tfjs';
import type { NetworkId } from '../../../shared/ids';
import { buildNetwork, type NetworkOptions } from './index';

export interface NetworkSize {
  params: number;
  /** Floats of all layer outputs for one image. */
  activationsPerImage: number;
  inputPerImage: number;
}

const cache = new Map<string, NetworkSize>();

/** Parameter and activation counts of a network at these options (built once, then cached). */
export function networkSize(id: NetworkId, o: Omit<NetworkOptions, 'seed'>): NetworkSize {
  const key = `${id}:${o.imageSize}:${o.channels}:${o.classes}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const net = buildNetwork(id, { ...o, seed: 0 }, { initialise: false });
  try {
    let activations = 0;
    for (const layer of net.model.layers) {
      const shapes = (Array.isArray(layer.outputShape[0]) ? layer.outputShape : [layer.outputShape]) as (number | null)[][];
      for (const s of shapes) activations += s.slice(1).reduce<number>((a, b) => a * (b ?? 1), 1);
    }
    const size = { params: net.model.countParams(), activationsPerImage: activations, inputPerImage: o.imageSize * o.imageSize * o.channels };
    cache.set(key, size);
    return size;
  } finally {
    net.model.dispose();
    tf.disposeVariables();
  }
}

/** Bytes of one training step at `batchSize`. */
export function trainStepBytes(s: NetworkSize, batchSize: number): number {
  return 4 * (3 * s.params + batchSize * (s.inputPerImage + 3 * s.activationsPerImage));
}

/** The largest batch that fits in `budgetBytes` (0 when not even one image does). */
export function largestBatch(s: NetworkSize, budgetBytes: number): number {
  return Math.max(0, Math.floor((budgetBytes / 4 - 3 * s.params) / (s.inputPerImage + 3 * s.activationsPerImage)));
}
