// One SGD step with momentum and weight decay, PyTorch's formulation (SPEC.md section 3):
//   g <- grad + weightDecay * w      (coupled L2, on every trainable parameter, as
//                                     torch.optim.SGD(model.parameters(), weight_decay=...) does)
//   v <- momentum * v + g            (no dampening, no Nesterov)
//   w <- w - learningRate * v
// Written by hand rather than with tf.train.momentum so the momentum buffers are plain named
// variables that a checkpoint can save and restore.
import * as tf from '@tensorflow/tfjs';
import type { Network } from '../models/index';
import { weightName } from '../models/weights';
import { nativeSgdUpdate } from '../backend/native/sgd';

export interface TrainerOptions {
  learningRate: number;
  momentum: number;
  weightDecay: number;
}

export interface StepResult {
  /** Mean cross-entropy over the batch. */
  loss: number;
  /** Number of images in the batch predicted correctly (before the update). */
  correct: number;
}

/** Momentum buffers, keyed by the parameter's layer-qualified name (e.g. "conv1/kernel"). */
export interface OptimizerState {
  names: string[];
  shapes: number[][];
  values: Float32Array[];
}

export interface Trainer {
  /**
   * x: standardised images [N, H, W, C]; y: int32 labels [N]. `stepSeed` seeds dropout masks
   * so a resumed run repeats them. `learningRate`: this step's rate (a schedule's,
   * engine/train/schedule.ts); default the trainer's.
   */
  trainStep(x: tf.Tensor4D, y: tf.Tensor1D, stepSeed?: number, learningRate?: number): StepResult;
  getState(): OptimizerState;
  setState(state: OptimizerState): void;
  dispose(): void;
}

function checkOptions(o: TrainerOptions): void {
  for (const key of ['learningRate', 'momentum', 'weightDecay'] as const) {
    const v = o[key];
    if (!Number.isFinite(v) || v < 0) throw new Error(`trainer: ${key} must be a finite number >= 0, got ${v}`);
  }
  if (o.learningRate === 0) throw new Error('trainer: learningRate must be > 0');
  if (o.momentum >= 1) throw new Error(`trainer: momentum must be < 1, got ${o.momentum}`);
}

export function createTrainer(net: Network, opts: TrainerOptions): Trainer {
  checkOptions(opts);
  const params = net.model.trainableWeights;
  const variables = params.map((w) => w.read() as tf.Variable);
  const names = params.map(weightName);
  const velocity = tf.tidy(() => variables.map((v) => tf.variable(tf.zerosLike(v), false)));
  const classes = net.options.classes;
  const { momentum, weightDecay } = opts;

  function trainStep(x: tf.Tensor4D, y: tf.Tensor1D, stepSeed = 0, learningRate = opts.learningRate): StepResult {
    if (x.shape[0] !== y.shape[0]) throw new Error(`trainStep: ${x.shape[0]} images but ${y.shape[0]} labels`);
    if (!(learningRate > 0) || !Number.isFinite(learningRate)) throw new Error(`trainStep: learningRate must be a finite number > 0, got ${learningRate}`);
    const stepOpts = learningRate === opts.learningRate ? opts : { ...opts, learningRate };
    const kept: { correct?: tf.Tensor } = {};
    net.mode.training = true;
    net.mode.stepSeed = stepSeed;
    try {
      const summary = tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => {
          const logits = net.model.apply(x) as tf.Tensor2D;
          // Kept out of the tape's tidy so the step can read it back with the loss.
          kept.correct = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), y), 'float32')));
          const onehot = tf.oneHot(tf.cast(y, 'int32'), classes);
          return tf.losses.softmaxCrossEntropy(onehot, logits, undefined, 0, tf.Reduction.MEAN) as tf.Scalar;
        }, variables);
        variables.forEach((w, i) => {
          // On native: one in-place pass per variable, the same arithmetic as below.
          if (nativeSgdUpdate(w, grads[w.name], velocity[i], stepOpts)) return;
          let g = grads[w.name];
          if (weightDecay > 0) g = tf.add(g, tf.mul(w, weightDecay));
          const v = tf.add(tf.mul(velocity[i], momentum), g);
          velocity[i].assign(v);
          w.assign(tf.sub(w, tf.mul(v, learningRate)));
        });
        return tf.stack([value, kept.correct as tf.Tensor]);
      });
      const [loss, nCorrect] = summary.dataSync();
      summary.dispose();
      return { loss, correct: Math.round(nCorrect) };
    } finally {
      net.mode.training = false;
      kept.correct?.dispose();
    }
  }

  function getState(): OptimizerState {
    return {
      names: [...names],
      shapes: velocity.map((v) => [...v.shape]),
      values: velocity.map((v) => v.dataSync() as Float32Array),
    };
  }

  function setState(state: OptimizerState): void {
    const byName = new Map(state.names.map((n, i) => [n, i]));
    names.forEach((name, i) => {
      const j = byName.get(name);
      if (j === undefined) throw new Error(`optimizer state has no momentum buffer for "${name}"`);
      const expected = velocity[i].size;
      if (state.values[j].length !== expected) {
        throw new Error(`optimizer state for "${name}" has ${state.values[j].length} values, the network needs ${expected}`);
      }
      tf.tidy(() => velocity[i].assign(tf.tensor(state.values[j], velocity[i].shape)));
    });
  }

  return {
    trainStep,
    getState,
    setState,
    dispose: () => velocity.forEach((v) => v.dispose()),
  };
}
