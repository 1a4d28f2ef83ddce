// Seeded weight initialisation. Layers are built with zero initialisers (cheap) and then filled
// here from a fast seeded generator: tfjs's own seeded initialisers draw ~4M values/s, which
// makes AlexNet's 58M parameters take 12 s to build; this takes well under a second, and a
// network about to receive stored weights skips it entirely. The same seed always gives the
// same weights, and every weight tensor gets its own random stream.
import * as tf from '@tensorflow/tfjs';
import { Rng, hashSeed } from '../data/random';

export type InitRule =
  | { kind: 'normal'; std: number }
  | { kind: 'uniform'; limit: number }
  | { kind: 'constant'; value: number };

/** For a layer's weight ("kernel", "bias", ...) of a shape: how to fill it; null keeps the layer's own initialiser. */
export type InitRules = (layer: string, weight: string, shape: number[]) => InitRule | null;

/** fan_in and fan_out of a dense [in, out] or conv [kh, kw, in, out] kernel, as PyTorch computes them. */
export function fans(shape: number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 2) return { fanIn: shape[0]!, fanOut: shape[1]! };
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return { fanIn: receptive * shape[shape.length - 2]!, fanOut: receptive * shape[shape.length - 1]! };
}

/** Kaiming normal for ReLU: std sqrt(2 / fan). */
export const heNormal = (shape: number[], mode: 'fanIn' | 'fanOut' = 'fanIn'): InitRule =>
  ({ kind: 'normal', std: Math.sqrt(2 / fans(shape)[mode]) });

/** PyTorch's default for Linear/Conv weights: U(-1/sqrt(fan_in), 1/sqrt(fan_in)). */
export const torchUniform = (shape: number[]): InitRule => ({ kind: 'uniform', limit: 1 / Math.sqrt(fans(shape).fanIn) });

export const constant = (value: number): InitRule => ({ kind: 'constant', value });

function fill(rule: InitRule, size: number, seed: number): Float32Array {
  const out = new Float32Array(size);
  if (rule.kind === 'constant') return out.fill(rule.value);
  const rng = new Rng(seed);
  if (rule.kind === 'uniform') {
    for (let i = 0; i < size; i++) out[i] = (2 * rng.next() - 1) * rule.limit;
  } else {
    for (let i = 0; i < size; i++) out[i] = rng.normal() * rule.std;
  }
  return out;
}

/** Fills every weight of `model` that `rules` names, from `seed`. */
export function initialiseWeights(model: tf.LayersModel, seed: number, rules: InitRules): void {
  let index = 0;
  for (const layer of model.layers) {
    for (const w of layer.weights) {
      index++;
      const weight = w.originalName.slice(w.originalName.lastIndexOf('/') + 1);
      const shape = w.shape as number[];
      const rule = rules(layer.name, weight, shape);
      if (!rule) continue;
      const size = shape.reduce((a, b) => a * b, 1);
      const values = fill(rule, size, hashSeed(seed, index));
      tf.tidy(() => { w.write(tf.tensor(values, shape)); });
    }
  }
}
