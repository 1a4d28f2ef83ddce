// Post-ReLU activations of one layer on clean and transformed test images, read out batch by
// batch into two [images, units] float32 matrices. One layer at a time: the caller analyses
// it and drops it before capturing the next.
import * as tf from '@tensorflow/tfjs';
import type { ResolvedTransform } from '../types';
import { activationMatrix, type ActivationMatrix } from './activations';
import { type AnalysisImages, imageBatches } from './image-batches';
import { sampleUnits, unitCount } from './sampling';

export interface CapturedLayer {
  layer: string;
  /** Output shape of the layer for one image, e.g. [H, W, C] or [units]. */
  shape: number[];
  totalUnits: number;
  /** Flat indices of the captured units (see sampleUnits), ascending. */
  units: Int32Array;
  clean: ActivationMatrix;
  transformed: ActivationMatrix;
}

export interface CaptureOptions {
  maxUnits: number;
  /** Seeds the choice of units (sampleUnits). */
  seed: number;
  /** Seeds random transformations of the test set; default the evaluation's TEST_TRANSFORM_SEED. */
  transformSeed?: number;
  /** Called after each batch with the number of images done. */
  onBatch?: (done: number, total: number) => void;
}

/** A model's layer by name, or an error listing the layers that can be analysed. */
export function findLayer(model: tf.LayersModel, name: string, analysable?: readonly string[]): tf.layers.Layer {
  if (analysable && !analysable.includes(name)) {
    throw new Error(`layer "${name}" is not an analysable (post-ReLU) layer of this network; choose one of: ${analysable.join(', ')}`);
  }
  try {
    return model.getLayer(name);
  } catch {
    throw new Error(`the network has no layer "${name}"${analysable ? `; analysable layers: ${analysable.join(', ')}` : ''}`);
  }
}

/**
 * The layer's output in the network it was built in (its first inbound node). Read this way,
 * not through `layer.output`, which throws once a layer has been called more than once.
 */
export function layerOutput(layer: tf.layers.Layer): tf.SymbolicTensor {
  const out = layer.getOutputAt(0);
  if (Array.isArray(out)) throw new Error(`layer "${layer.name}" has ${out.length} outputs; only single-output layers can be analysed`);
  return out;
}

/** The per-image output shape of a layer (batch axis dropped). */
export function layerShape(layer: tf.layers.Layer): number[] {
  const out = layerOutput(layer);
  const shape = out.shape.slice(1);
  unitCount(shape);
  return shape as number[];
}

/** A model that maps the network input to the named layer's output (weights shared). */
export function layerModel(model: tf.LayersModel, layer: tf.layers.Layer): tf.LayersModel {
  return tf.model({ inputs: model.inputs, outputs: layerOutput(layer) });
}

/**
 * Capture a layer's activations on clean and transformed versions of every test image.
 * Conv layers are sampled to `maxUnits` units (sampleUnits); dense layers up to that size are
 * kept whole. Values are checked post-ReLU by the analysis core, not here.
 */
export async function captureLayer(
  model: tf.LayersModel, layerName: string, images: AnalysisImages, transform: ResolvedTransform,
  inputSize: number, opts: CaptureOptions,
): Promise<CapturedLayer> {
  const layer = findLayer(model, layerName);
  const shape = layerShape(layer);
  const totalUnits = unitCount(shape);
  const units = sampleUnits(totalUnits, opts.maxUnits, opts.seed, layerName);
  const all = units.length === totalUnits;
  const n = units.length;
  const clean = new Float32Array(images.count * n);
  const transformed = new Float32Array(images.count * n);
  const sub = layerModel(model, layer);
  const unitTensor = all ? null : tf.tensor1d(units, 'int32');
  try {
    for (const b of imageBatches(images, transform, inputSize, opts.transformSeed)) {
      for (const [input, out] of [[b.clean, clean], [b.transformed, transformed]] as const) {
        const acts = tf.tidy(() => {
          const flat = (sub.predict(input) as tf.Tensor).reshape([b.size, totalUnits]);
          return unitTensor ? tf.gather(flat, unitTensor, 1) : flat;
        });
        out.set(await acts.data() as Float32Array, b.start * n);
        acts.dispose();
      }
      opts.onBatch?.(b.start + b.size, images.count);
    }
  } finally {
    unitTensor?.dispose();
  }
  return {
    layer: layerName, shape, totalUnits, units,
    clean: activationMatrix(clean, images.count, n),
    transformed: activationMatrix(transformed, images.count, n),
  };
}
