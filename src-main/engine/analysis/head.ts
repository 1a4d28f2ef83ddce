// The part of a network after a given layer, as a model of its own, so that ablated
// activations of that layer can be run through the rest of the network.
import * as tf from '@tensorflow/tfjs';
import { findLayer } from './capture';

export class AblationUnsupportedError extends Error {
  override name = 'AblationUnsupportedError';
}

/** The rest of a network after one layer, run eagerly on a batch of that layer's output. */
export interface Head {
  /** Names of the layers run, in order. */
  layers: string[];
  /** Network output for activations of the layer; call inside tf.tidy. */
  predict(x: tf.Tensor): tf.Tensor;
}

/**
 * The network from `layerName`'s output to its output, sharing the network's weights.
 * Supported when every layer between the two takes a single input (a chain): true for the
 * penultimate layer of labnet, alexnet and resnet18 (only the classifier follows), and for
 * every layer of labnet and alexnet; not for resnet18's layers inside residual stages, whose
 * outputs also feed a skip connection.
 *
 * The layers are called eagerly (Layer.apply on concrete tensors) rather than wired into a
 * new tf.model: re-applying them symbolically would add inbound nodes to the network's own
 * layers, after which `layer.output` is ambiguous for everyone else using the network.
 * Inference mode: training is false, so dropout is the identity and batch norm uses its
 * moving statistics.
 */
export function buildHead(model: tf.LayersModel, layerName: string): Head {
  const target = findLayer(model, layerName);
  if (model.outputs.length !== 1) throw new AblationUnsupportedError(`the network has ${model.outputs.length} outputs; ablation needs one`);
  const chain: tf.layers.Layer[] = [];
  let t = model.outputs[0];
  while (t.sourceLayer !== target) {
    if (t.inputs.length === 0) {
      throw new AblationUnsupportedError(`layer "${layerName}" does not lie on the single path to the network output; ablation there is not supported`);
    }
    if (t.inputs.length !== 1) {
      throw new AblationUnsupportedError(
        `ablation at layer "${layerName}" is not supported: layer "${t.sourceLayer.name}" after it merges ${t.inputs.length} inputs `
        + '(a skip connection), so the rest of the network is not a chain; use the penultimate layer',
      );
    }
    chain.unshift(t.sourceLayer);
    t = t.inputs[0];
  }
  return {
    layers: chain.map((l) => l.name),
    predict: (x) => chain.reduce((y, layer) => layer.apply(y, { training: false }) as tf.Tensor, x),
  };
}
