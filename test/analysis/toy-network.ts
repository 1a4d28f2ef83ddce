// A tiny functional network with named ReLU layers, shaped like the project's networks
// (conv -> relu -> pool -> dense -> relu (penultimate) -> dense logits), for capture and
// ablation tests that must run in seconds on the cpu backend.
import * as tf from '@tensorflow/tfjs';
import type { AnalysableNetwork } from '../../src-main/engine/analysis';
import type { AnalysisImages } from '../../src-main/engine/analysis';

export const TOY_SIZE = 8;
export const TOY_CLASSES = 3;

export function toyNetwork(seed = 1): AnalysableNetwork {
  const init = (s: number) => tf.initializers.glorotNormal({ seed: seed * 100 + s });
  const input = tf.input({ shape: [TOY_SIZE, TOY_SIZE, 1] });
  let x = tf.layers.conv2d({ name: 'c1', filters: 4, kernelSize: 3, padding: 'same', kernelInitializer: init(1), biasInitializer: tf.initializers.constant({ value: 0.05 }) }).apply(input) as tf.SymbolicTensor;
  x = tf.layers.activation({ name: 'c1_relu', activation: 'relu' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.maxPooling2d({ name: 'pool', poolSize: 2 }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.flatten({ name: 'flat' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ name: 'fc', units: 12, kernelInitializer: init(2), biasInitializer: tf.initializers.constant({ value: 0.1 }) }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.activation({ name: 'fc_relu', activation: 'relu' }).apply(x) as tf.SymbolicTensor;
  const logits = tf.layers.dense({ name: 'logits', units: TOY_CLASSES, kernelInitializer: init(3), biasInitializer: tf.initializers.constant({ value: 0 }) }).apply(x) as tf.SymbolicTensor;
  return { model: tf.model({ inputs: input, outputs: logits }), analysableLayers: ['c1_relu', 'fc_relu'], penultimate: 'fc_relu' };
}

/** Seeded random images; labels are whatever the given network predicts for the clean image
 *  (so clean accuracy is 1 and ablation has something to lose), except every 7th, shifted. */
export function toyImages(count: number, seed: number, net?: AnalysableNetwork): AnalysisImages {
  let s = seed >>> 0;
  const next = () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
  const pixels = new Uint8Array(count * TOY_SIZE * TOY_SIZE);
  for (let i = 0; i < pixels.length; i++) pixels[i] = Math.floor(next() * 256);
  const labels = new Int32Array(count);
  if (net) {
    const pred = tf.tidy(() => {
      const x = tf.tensor4d(Float32Array.from(pixels), [count, TOY_SIZE, TOY_SIZE, 1]);
      const { mean, variance } = tf.moments(x, [1, 2, 3], true);
      const std = tf.maximum(tf.sqrt(variance), 1 / Math.sqrt(TOY_SIZE * TOY_SIZE));
      return tf.argMax(net.model.predict(tf.div(tf.sub(x, mean), std)) as tf.Tensor, 1);
    });
    labels.set(pred.dataSync());
    pred.dispose();
    for (let i = 0; i < count; i += 7) labels[i] = (labels[i]! + 1) % TOY_CLASSES;
  } else {
    for (let i = 0; i < count; i++) labels[i] = i % TOY_CLASSES;
  }
  return { pixels, labels, count, size: TOY_SIZE, channels: 1 };
}
