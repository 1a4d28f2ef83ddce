// Custom tfjs-layers layers the networks need that tfjs-layers lacks (LRN) or implements in a
// way that does not fit a custom training loop: LayersModel.apply does not pass `training`
// down to its layers (only fit() does, through an internal executor), and Dropout with a fixed
// seed draws the same mask on every step. So batch norm and dropout here read the network's
// shared NetMode, which the trainer switches on for the duration of a step.
import * as tf from '@tensorflow/tfjs';
import { batchNormTraining } from '../backend/own-kernels';

export interface LrnArgs {
  name: string;
  depthRadius: number;
  bias: number;
  alpha: number;
  beta: number;
}

/** AlexNet's local response normalisation across channels (tf.localResponseNormalization). */
export class LocalResponseNorm extends tf.layers.Layer {
  static className = 'InvlabLocalResponseNorm';
  private readonly lrn: Omit<LrnArgs, 'name'>;

  constructor(args: LrnArgs) {
    super({ name: args.name });
    this.lrn = { depthRadius: args.depthRadius, bias: args.bias, alpha: args.alpha, beta: args.beta };
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    const { depthRadius, bias, alpha, beta } = this.lrn;
    return tf.localResponseNormalization(x, depthRadius, bias, alpha, beta);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.lrn };
  }
}

/**
 * Training/inference switch shared by a network's batch-norm and dropout layers. The trainer
 * sets `training` for the duration of a step and `stepSeed` before it, so a step's dropout
 * masks depend only on (seed, epoch, step) and a resumed run repeats them exactly.
 */
export class NetMode {
  training = false;
  stepSeed = 0;
}

export interface SeededDropoutArgs {
  name: string;
  rate: number;
  /** Distinguishes this layer's masks from other dropout layers' in the same step. */
  salt: number;
  mode: NetMode;
}

/** Inverted dropout whose mask is drawn from the network's NetMode seed (training only). */
export class SeededDropout extends tf.layers.Layer {
  static className = 'InvlabSeededDropout';
  private readonly rate: number;
  private readonly salt: number;
  private readonly mode: NetMode;

  constructor(args: SeededDropoutArgs) {
    super({ name: args.name });
    this.rate = args.rate;
    this.salt = args.salt;
    this.mode = args.mode;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (!this.mode.training || this.rate <= 0) return x.clone();
    return tf.tidy(() => {
      const seed = (this.mode.stepSeed * 7919 + this.salt * 104729) % 2147483647;
      const keep = tf.randomUniform(x.shape, 0, 1, 'float32', seed).greaterEqual(this.rate);
      return tf.mul(x, tf.mul(keep.cast('float32'), 1 / (1 - this.rate)));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, salt: this.salt };
  }
}

export interface BatchNormArgs {
  name: string;
  mode: NetMode;
  /** PyTorch convention: running = (1 - momentum) * running + momentum * batch. */
  momentum?: number;
  epsilon?: number;
}

/**
 * Batch normalisation over the channel axis of NHWC (or the last axis of 2-D) inputs, with
 * PyTorch's defaults (momentum 0.1, eps 1e-5, unbiased running variance). Batch statistics and
 * running-average updates while NetMode.training is on, running statistics otherwise.
 */
export class BatchNorm extends tf.layers.Layer {
  static className = 'InvlabBatchNorm';
  private readonly mode: NetMode;
  private readonly momentum: number;
  private readonly epsilon: number;
  private gamma!: tf.LayerVariable;
  private beta!: tf.LayerVariable;
  private movingMean!: tf.LayerVariable;
  private movingVariance!: tf.LayerVariable;

  constructor(args: BatchNormArgs) {
    super({ name: args.name });
    this.mode = args.mode;
    this.momentum = args.momentum ?? 0.1;
    this.epsilon = args.epsilon ?? 1e-5;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const c = shape[shape.length - 1];
    if (c == null) throw new Error(`${this.name}: channel dimension must be known`);
    this.gamma = this.addWeight('gamma', [c], 'float32', tf.initializers.ones());
    this.beta = this.addWeight('beta', [c], 'float32', tf.initializers.zeros());
    this.movingMean = this.addWeight('moving_mean', [c], 'float32', tf.initializers.zeros(), undefined, false);
    this.movingVariance = this.addWeight('moving_variance', [c], 'float32', tf.initializers.ones(), undefined, false);
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return tf.tidy(() => {
      const gamma = this.gamma.read();
      const beta = this.beta.read();
      if (!this.mode.training) {
        return tf.batchNorm(x, this.movingMean.read(), this.movingVariance.read(), beta, gamma, this.epsilon);
      }
      // One kernel for statistics and normalisation (and one for its whole gradient) where the
      // backend has it (native: oneDNN); else the same formula from tfjs ops.
      const fused = batchNormTraining(x, gamma, beta, this.epsilon);
      const axes = x.shape.slice(0, -1).map((_, i) => i);
      const { mean, variance } = fused ? { mean: fused[1], variance: fused[2] } : tf.moments(x, axes);
      const n = x.size / x.shape[x.shape.length - 1];
      const m = this.momentum;
      const unbiased = tf.mul(variance, n > 1 ? n / (n - 1) : 1);
      this.movingMean.write(tf.add(tf.mul(this.movingMean.read(), 1 - m), tf.mul(mean, m)));
      this.movingVariance.write(tf.add(tf.mul(this.movingVariance.read(), 1 - m), tf.mul(unbiased, m)));
      return fused ? fused[0] : tf.batchNorm(x, mean, variance, beta, gamma, this.epsilon);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), momentum: this.momentum, epsilon: this.epsilon };
  }
}

export interface InputConv2DArgs {
  name: string;
  filters: number;
  kernelSize: number;
  strides: number;
  padding: 'same' | 'valid';
}

/**
 * The convolution that reads the images, with bias, computed as conv2d + bias add instead of
 * tfjs-layers' fused conv2d. The fused op's gradient always computes the gradient with respect
 * to its input, which for the first layer (the images) is thrown away: on wasm that was about
 * 9 ms of a 200 ms labnet step. The plain Conv2D gradient is evaluated only for inputs that lead
 * to a trained variable. Weights are named like tf.layers.conv2d's ("conv1/kernel", "conv1/bias").
 */
export class InputConv2D extends tf.layers.Layer {
  static className = 'InvlabInputConv2D';
  private readonly conv: Omit<InputConv2DArgs, 'name'>;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(args: InputConv2DArgs) {
    super({ name: args.name });
    this.conv = { filters: args.filters, kernelSize: args.kernelSize, strides: args.strides, padding: args.padding };
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const channels = shape[shape.length - 1];
    if (channels == null) throw new Error(`${this.name}: the input's channel count must be known`);
    const { kernelSize: k, filters } = this.conv;
    this.kernel = this.addWeight('kernel', [k, k, channels, filters], 'float32', tf.initializers.zeros());
    this.bias = this.addWeight('bias', [filters], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const { kernelSize: k, strides: s, padding, filters } = this.conv;
    const side = (n: number | null) => n == null ? null : padding === 'same' ? Math.ceil(n / s) : Math.ceil((n - k + 1) / s);
    return [shape[0], side(shape[1]), side(shape[2]), filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    if (!this.kernel || !this.bias) throw new Error(`${this.name}: called before it was built`);
    const { strides, padding } = this.conv;
    return tf.tidy(() => tf.add(tf.conv2d(x, this.kernel!.read() as tf.Tensor4D, strides, padding), this.bias!.read()));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.conv };
  }
}
