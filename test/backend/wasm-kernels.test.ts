// The wasm training kernels (src-main/engine/backend/wasm-kernels.ts) against the pure-JS cpu
// backend's reference kernels on the same random inputs, and whole-network gradients of the
// three networks on wasm against cpu.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src-main/engine/backend';
import { registerWasmTrainingKernels, setDirectReductions, setMaxPatchFloats, WASM_TRAINING_KERNELS } from '../../src-main/engine/backend/wasm/register';
import { setSimdKernelsEnabled, simdKernels } from '../../src-main/engine/backend/simd/simd-kernels';
import { buildNetwork } from '../../src-main/engine/models';
import { BatchNorm, LocalResponseNorm, NetMode, SeededDropout } from '../../src-main/engine/models/layers';
import type { NetworkId } from '../../shared/ids';
import { CONVS, type Shape4 } from './conv-geometries';
import { randomValues, relativeError, size } from './numeric';


/** Runs `f` on each backend with fresh tensors and returns both results' values. */
async function runOn(backend: string, f: () => tf.Tensor): Promise<{ values: Float32Array; shape: number[] }> {
  await tf.setBackend(backend);
  const t = tf.tidy(f);
  const values = t.dataSync() as Float32Array;
  const shape = t.shape;
  t.dispose();
  return { values: Float32Array.from(values), shape };
}

async function onBoth(f: () => tf.Tensor): Promise<{ wasm: Float32Array; cpu: Float32Array; shape: number[] }> {
  const run = (backend: string) => runOn(backend, f);
  const wasm = await run('wasm');
  const cpu = await run('cpu');
  expect(wasm.shape).toEqual(cpu.shape);
  return { wasm: wasm.values, cpu: cpu.values, shape: cpu.shape };
}

/** Conv2DBackpropFilter of the given values on both backends. */
function filterGradKernel(xv: Float32Array, xShape: Shape4, dyv: Float32Array, outShape: number[], wShape: Shape4, stride: number, pad: 'same' | 'valid') {
  return () => tf.engine().runKernel('Conv2DBackpropFilter',
    { x: tf.tensor4d(xv, xShape), dy: tf.tensor(dyv, outShape) },
    { strides: stride, pad, dataFormat: 'NHWC', filterShape: wShape } as unknown as tf.NamedAttrMap) as tf.Tensor;
}

function filterGradOnBoth(xv: Float32Array, xShape: Shape4, dyv: Float32Array, outShape: number[], wShape: Shape4, stride: number, pad: 'same' | 'valid') {
  return onBoth(filterGradKernel(xv, xShape, dyv, outShape, wShape, stride, pad));
}

beforeAll(async () => {
  const info = await initBackend('wasm');
  expect(info.backend).toBe('wasm');
});

describe('registration', () => {
  it('registers every training kernel for wasm, idempotently', () => {
    registerWasmTrainingKernels();
    registerWasmTrainingKernels();
    for (const name of WASM_TRAINING_KERNELS) expect(tf.getKernel(name, 'wasm'), name).toBeDefined();
    expect(WASM_TRAINING_KERNELS).toEqual(expect.arrayContaining(['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'BatchMatMul', 'MaxPoolGrad']));
  });
});


describe('Conv2DBackpropFilter and Conv2DBackpropInput match the cpu backend', () => {
  it.each(CONVS)('x %j, filter %j, stride %i, %s', async (xShape, wShape, stride, pad) => {
    const xv = randomValues(size(xShape), 1);
    const wv = randomValues(size(wShape), 2);
    const outShape = tf.backend_util.computeConv2DInfo(xShape, wShape, stride, 1, pad).outShape;
    const dyv = randomValues(size(outShape), 3);
    const dw = await filterGradOnBoth(xv, xShape, dyv, outShape, wShape, stride, pad);
    expect(dw.shape).toEqual(wShape);
    expect(relativeError(dw.wasm, dw.cpu)).toBeLessThan(1e-4);
    const dx = await onBoth(() => tf.conv2dTranspose(tf.tensor4d(dyv, outShape), tf.tensor4d(wv, wShape), xShape, stride, pad));
    expect(dx.shape).toEqual(xShape);
    expect(relativeError(dx.wasm, dx.cpu)).toBeLessThan(1e-4);
  });
});

describe('large layers: patches processed an image at a time give the same result', () => {
  it.each(CONVS.filter(([x]) => x[0] > 1))('x %j, filter %j, stride %i, %s', async (xShape, wShape, stride, pad) => {
    const previous = setMaxPatchFloats(1);
    try {
      const xv = randomValues(size(xShape), 21);
      const wv = randomValues(size(wShape), 22);
      const outShape = tf.backend_util.computeConv2DInfo(xShape, wShape, stride, 1, pad).outShape;
      const dyv = randomValues(size(outShape), 23);
      const dw = await filterGradOnBoth(xv, xShape, dyv, outShape, wShape, stride, pad);
      expect(relativeError(dw.wasm, dw.cpu)).toBeLessThan(1e-4);
      const dx = await onBoth(() => tf.conv2dTranspose(tf.tensor4d(dyv, outShape), tf.tensor4d(wv, wShape), xShape, stride, pad));
      expect(relativeError(dx.wasm, dx.cpu)).toBeLessThan(1e-4);
    } finally {
      setMaxPatchFloats(previous);
    }
  });
});

describe('the SIMD kernels', () => {
  it('run on this Node (else the tests above checked only the JS loops)', async () => {
    await tf.setBackend('wasm');
    expect(simdKernels(tf.backend())).not.toBeNull();
  });
});

describe('Conv2DBackpropFilter with the JS loops (SIMD off) matches the cpu backend', () => {
  it.each(CONVS)('x %j, filter %j, stride %i, %s', async (xShape, wShape, stride, pad) => {
    const xv = randomValues(size(xShape), 31);
    const outShape = tf.backend_util.computeConv2DInfo(xShape, wShape, stride, 1, pad).outShape;
    const dyv = randomValues(size(outShape), 32);
    const dwOf = () => filterGradOnBoth(xv, xShape, dyv, outShape, wShape, stride, pad);
    const previous = setSimdKernelsEnabled(false);
    try {
      const whole = await dwOf();
      expect(relativeError(whole.wasm, whole.cpu)).toBeLessThan(1e-4);
      const previousBound = setMaxPatchFloats(1);
      try {
        const chunked = await dwOf();
        expect(relativeError(chunked.wasm, chunked.cpu)).toBeLessThan(1e-4);
      } finally {
        setMaxPatchFloats(previousBound);
      }
    } finally {
      setSimdKernelsEnabled(previous);
    }
  });
});

// Filter gradients computed by the SIMD module's reduce_rows (no XNNPACK): labnet's conv1 (K = 27,
// co = 32, 32768 positions), co not a multiple of 4 or 8 and below 4, K not a multiple of 4 and
// K = 1, stride 2, 'valid', and the largest K that takes this path (576).
const DIRECT_CONVS: [Shape4, Shape4, number, 'same' | 'valid'][] = [
  [[32, 32, 32, 3], [3, 3, 3, 32], 1, 'same'],
  [[3, 9, 9, 3], [3, 3, 3, 13], 1, 'same'],
  [[2, 8, 7, 3], [3, 3, 3, 3], 1, 'same'],
  [[2, 10, 10, 2], [3, 3, 2, 12], 2, 'same'],
  [[2, 11, 9, 3], [3, 3, 3, 9], 2, 'valid'],
  [[2, 6, 6, 1], [1, 1, 1, 5], 1, 'valid'],
  [[2, 6, 6, 64], [3, 3, 64, 10], 1, 'same'],
];

describe('Conv2DBackpropFilter through reduce_rows matches the cpu backend, and so does the XNNPACK path', () => {
  it.each(DIRECT_CONVS)('x %j, filter %j, stride %i, %s', async (xShape, wShape, stride, pad) => {
    const xv = randomValues(size(xShape), 41);
    const outShape = tf.backend_util.computeConv2DInfo(xShape, wShape, stride, 1, pad).outShape;
    const dyv = randomValues(size(outShape), 42);
    // The cpu reference is computed once: on labnet's conv1 it takes tens of seconds, and four
    // of them in one synchronous stretch starved vitest's worker RPC ("Timeout calling onTaskUpdate").
    const cpu = await runOn('cpu', filterGradKernel(xv, xShape, dyv, outShape, wShape, stride, pad));
    expect(cpu.shape).toEqual(wShape);
    const check = async () => {
      const r = await runOn('wasm', filterGradKernel(xv, xShape, dyv, outShape, wShape, stride, pad));
      expect(r.shape).toEqual(wShape);
      expect(relativeError(r.values, cpu.values)).toBeLessThan(1e-4);
    };
    await check();
    const previousBound = setMaxPatchFloats(1);
    try {
      await check(); // an image per chunk: reduce_rows adds into the same output
    } finally {
      setMaxPatchFloats(previousBound);
    }
    const previous = setDirectReductions(false);
    try {
      await check(); // SIMD patches, XNNPACK product
    } finally {
      setDirectReductions(previous);
    }
    const previousSimd = setSimdKernelsEnabled(false);
    try {
      await check(); // JS patches, XNNPACK product
    } finally {
      setSimdKernelsEnabled(previousSimd);
    }
  });
});

describe('BatchMatMul and _FusedMatMul with transposes match the cpu backend', () => {
  const cases: [number[], number[], boolean, boolean][] = [
    [[5, 7], [7, 4], false, false],
    [[7, 5], [7, 4], true, false],
    [[5, 7], [4, 7], false, true],
    [[7, 5], [4, 7], true, true],
    [[3, 6, 5], [3, 6, 4], true, false],
    [[1, 5, 6], [2, 4, 6], false, true],
  ];
  it.each(cases)('a %j b %j transposeA %s transposeB %s', async (aShape, bShape, ta, tb) => {
    const av = randomValues(size(aShape), 4);
    const bv = randomValues(size(bShape), 5);
    const r = await onBoth(() => tf.matMul(tf.tensor(av, aShape), tf.tensor(bv, bShape), ta, tb));
    expect(relativeError(r.wasm, r.cpu)).toBeLessThan(1e-4);
  });

  it('fused product with bias and relu, both operands transposed', async () => {
    const av = randomValues(6 * 5, 6);
    const bv = randomValues(4 * 6, 7);
    const biasv = randomValues(4, 8);
    const r = await onBoth(() => tf.fused.matMul({
      a: tf.tensor2d(av, [6, 5]), b: tf.tensor2d(bv, [4, 6]), transposeA: true, transposeB: true,
      bias: tf.tensor1d(biasv), activation: 'relu',
    }));
    expect(r.shape).toEqual([5, 4]);
    expect(relativeError(r.wasm, r.cpu)).toBeLessThan(1e-4);
  });
});

describe('MaxPoolGrad matches the cpu backend', () => {
  const cases: [Shape4, number, number, 'same' | 'valid'][] = [
    [[2, 8, 8, 3], 2, 2, 'valid'],
    [[3, 6, 10, 5], 2, 2, 'same'],
    [[2, 9, 7, 4], 2, 2, 'valid'],
    [[2, 9, 9, 3], 3, 2, 'same'],
    [[1, 6, 6, 2], 3, 1, 'same'],
    // Exact 2x2/2 tilings (the SIMD kernel): whole vectors of 4 channels, vectors and a tail, a
    // tail only, one window.
    [[2, 6, 10, 8], 2, 2, 'valid'],
    [[2, 8, 6, 5], 2, 2, 'valid'],
    [[3, 4, 4, 7], 2, 2, 'same'],
    [[1, 2, 2, 1], 2, 2, 'valid'],
  ];
  it.each(cases)('x %j, window %i, stride %i, %s', async (xShape, window, stride, pad) => {
    const xv = randomValues(size(xShape), 9);
    const outShape = tf.backend_util.computePool2DInfo(xShape, window, stride, 1, pad).outShape;
    // A distinct weight per pooled output, so every output's gradient is identifiable.
    const weights = Float32Array.from({ length: size(outShape) }, (_, i) => i + 1);
    const grad = (xs: Float32Array) => onBoth(() => tf.grad((t: tf.Tensor) =>
      tf.sum(tf.mul(tf.maxPool(t as tf.Tensor4D, window, stride, pad), tf.tensor4d(weights, outShape))))(tf.tensor4d(xs, xShape)));
    const r = await grad(xv);
    expect(relativeError(r.wasm, r.cpu)).toBeLessThan(1e-4);
    // Ties (post-ReLU zeros, repeated values): the gradient goes to the same element as on cpu.
    const ties = await grad(xv.map((v) => Math.max(0, Math.round(v * 2))));
    expect(relativeError(ties.wasm, ties.cpu)).toBe(0);
  });

  it.each(cases)('SIMD and JS give the same bits: x %j, window %i, stride %i, %s', async (xShape, window, stride, pad) => {
    await tf.setBackend('wasm');
    const outShape = tf.backend_util.computePool2DInfo(xShape, window, stride, 1, pad).outShape;
    const weights = randomValues(size(outShape), 15);
    // Ties everywhere: zeros (post-ReLU), repeated values, -0 next to +0, whole windows equal.
    const xv = randomValues(size(xShape), 16).map((v, i) => (i % 11 === 0 ? -0 : Math.max(0, Math.round(v * 2))));
    const gradBits = (simd: boolean) => {
      const previous = setSimdKernelsEnabled(simd);
      try {
        const g = tf.tidy(() => tf.grad((t: tf.Tensor) =>
          tf.sum(tf.mul(tf.maxPool(t as tf.Tensor4D, window, stride, pad), tf.tensor4d(weights, outShape))))(tf.tensor4d(xv, xShape)));
        const bits = Array.from(new Uint32Array(Float32Array.from(g.dataSync()).buffer));
        g.dispose();
        return bits;
      } finally {
        setSimdKernelsEnabled(previous);
      }
    };
    expect(gradBits(true)).toEqual(gradBits(false));
  });
});

describe('Sum over leading axes (bias gradients) matches the cpu backend', () => {
  const cases: [number[], number[], boolean][] = [
    [[4, 5, 6, 7], [0, 1, 2], false],
    [[4, 5, 6, 7], [0, 1, 2], true],
    [[9, 3], [0], false],
    [[4, 5, 6], [1, 2], false],
    [[4, 5, 6], [0, 2], true],
    // reduce_rows: labnet's conv1 bias gradient (32768 rows), columns in blocks of 8, 4 and 1,
    // one column, many rows with few columns, fewer rows than a chunk.
    [[32, 32, 32, 32], [0, 1, 2], false],
    [[7, 5, 3, 13], [0, 1, 2], false],
    [[70000, 1], [0], false],
    [[20000, 3], [0], true],
    [[5, 70], [0], false],
    [[300, 2, 36], [0, 1], false],
  ];
  it.each(cases)('x %j axes %j keepDims %s', async (shape, axes, keepDims) => {
    // Values in [0, 2): sums of many values grow, so float32 rounding in the order of summation
    // shows in the error (in [-1, 1) the sums would cancel to near 0).
    const v = randomValues(size(shape), 10).map((x) => x + 1);
    const r = await onBoth(() => tf.sum(tf.tensor(v, shape), axes, keepDims));
    expect(relativeError(r.wasm, r.cpu)).toBeLessThan(1e-4);
    const previous = setDirectReductions(false);
    try {
      const xnnpack = await onBoth(() => tf.sum(tf.tensor(v, shape), axes, keepDims));
      expect(relativeError(xnnpack.wasm, xnnpack.cpu)).toBeLessThan(1e-4);
    } finally {
      setDirectReductions(previous);
    }
  });

  it('leaves int32 sums to the stock kernel', async () => {
    await tf.setBackend('wasm');
    const s = tf.sum(tf.tensor2d([[1, 2], [3, 4]], [2, 2], 'int32'), 0);
    expect(s.dtype).toBe('int32');
    expect(Array.from(s.dataSync())).toEqual([4, 6]);
    s.dispose();
  });
});

describe('Slice matches the cpu backend', () => {
  const cases: [number[], number[], number[]][] = [
    [[64, 4, 4, 3], [32, 0, 0, 0], [16, -1, -1, -1]], // a batch: contiguous, copied in the heap
    [[10], [3], [0]], // empty
    [[5, 6, 7], [1, 2, 0], [3, 2, 7]], // not contiguous: the stock kernel
    [[5, 6, 7], [4, 0, 0], [1, 6, 7]],
  ];
  it.each(cases)('x %j begin %j size %j', async (shape, begin, sz) => {
    const v = randomValues(size(shape), 11);
    const r = await onBoth(() => tf.slice(tf.tensor(v, shape), begin, sz));
    expect(Array.from(r.wasm)).toEqual(Array.from(r.cpu));
  });

  it('slices int32 labels the same way', async () => {
    await tf.setBackend('wasm');
    const s = tf.slice(tf.tensor1d([5, 6, 7, 8, 9], 'int32'), [1], [3]);
    expect(s.dtype).toBe('int32');
    expect(Array.from(s.dataSync())).toEqual([6, 7, 8]);
    s.dispose();
  });
});

describe('the kernels free their intermediate buffers', () => {
  it('wasm holds no extra buffers after a training-shaped gradient', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor4d(randomValues(2 * 9 * 9 * 3, 11), [2, 9, 9, 3]);
    const w = tf.variable(tf.tensor4d(randomValues(3 * 3 * 3 * 4, 12), [3, 3, 3, 4]));
    const lossOf = () => tf.tidy(() => {
      const g = tf.variableGrads(() => tf.maxPool(tf.relu(tf.conv2d(x, w, 2, 'same')), 2, 2, 'valid').square().sum() as tf.Scalar, [w]);
      return g.grads[w.name].sum();
    });
    lossOf().dispose();
    const buffers = tf.engine().backend.numDataIds();
    for (let i = 0; i < 3; i++) lossOf().dispose();
    expect(tf.engine().backend.numDataIds()).toBe(buffers);
    x.dispose();
    w.dispose();
  });
});

/** A model, its training switch, and a loss: what a whole-network gradient needs. */
interface GradCase {
  model: tf.LayersModel;
  mode: NetMode;
}

/** Loss and gradients of every trainable weight, in training mode, on one backend. */
async function networkGradients(backend: string, build: () => GradCase, imageSize: number, classes: number, weights: Float32Array[] | null) {
  await tf.setBackend(backend);
  const { model, mode } = build();
  if (weights) model.setWeights(model.getWeights().map((w, i) => tf.tensor(weights[i], w.shape)));
  const n = 4;
  const x = tf.tensor4d(randomValues(n * imageSize * imageSize * 3, 13), [n, imageSize, imageSize, 3]);
  const y = tf.oneHot(tf.tensor1d([0, 3, 1, 2].map((c) => c % classes), 'int32'), classes);
  mode.training = true;
  mode.stepSeed = 5;
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, model.apply(x) as tf.Tensor) as tf.Scalar, vars);
  const result = {
    loss: value.dataSync()[0],
    grads: vars.map((v) => Float32Array.from(grads[v.name].dataSync())),
    names: vars.map((v) => v.name),
    weights: model.getWeights().map((w) => Float32Array.from(w.dataSync())),
  };
  tf.dispose([value, x, y, ...Object.values(grads)]);
  model.dispose();
  return result;
}

const he = (seed: number) => tf.initializers.heNormal({ seed });

/** AlexNet's layer types at toy width: strided large-kernel conv, LRN, overlapping max-pool, dropout. */
function alexnetStyle(): GradCase {
  const mode = new NetMode();
  const input = tf.input({ shape: [12, 12, 3] });
  let x = tf.layers.conv2d({ filters: 6, kernelSize: 5, strides: 2, padding: 'same', kernelInitializer: he(1) }).apply(input) as tf.SymbolicTensor;
  x = tf.layers.activation({ activation: 'relu' }).apply(x) as tf.SymbolicTensor;
  x = new LocalResponseNorm({ name: 'lrn1', depthRadius: 2, bias: 2, alpha: 1e-4, beta: 0.75 }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', kernelInitializer: he(2) }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.activation({ activation: 'relu' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.maxPooling2d({ poolSize: 3, strides: 1 }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
  x = new SeededDropout({ name: 'drop', rate: 0.5, salt: 1, mode }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: 16, activation: 'relu', kernelInitializer: he(3) }).apply(x) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 5, kernelInitializer: he(4) }).apply(x) as tf.SymbolicTensor;
  return { model: tf.model({ inputs: input, outputs: out }), mode };
}

/** ResNet's layer types at toy width: batch norm, strided 3x3 and 1x1 convs, residual add, GAP. */
function resnetStyle(): GradCase {
  const mode = new NetMode();
  const conv = (x: tf.SymbolicTensor, filters: number, kernel: number, stride: number, seed: number) => tf.layers.conv2d({
    filters, kernelSize: kernel, strides: stride, padding: 'same', useBias: false, kernelInitializer: he(seed),
  }).apply(x) as tf.SymbolicTensor;
  const bn = (x: tf.SymbolicTensor, name: string) => new BatchNorm({ name, mode }).apply(x) as tf.SymbolicTensor;
  const relu = (x: tf.SymbolicTensor) => tf.layers.activation({ activation: 'relu' }).apply(x) as tf.SymbolicTensor;
  const input = tf.input({ shape: [12, 12, 3] });
  const stem = relu(bn(conv(input, 6, 3, 1, 1), 'bn0'));
  const main = bn(conv(relu(bn(conv(stem, 8, 3, 2, 2), 'bn1')), 8, 3, 1, 3), 'bn2');
  const shortcut = bn(conv(stem, 8, 1, 2, 4), 'bn3');
  let x = relu(tf.layers.add().apply([main, shortcut]) as tf.SymbolicTensor);
  x = tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 5, kernelInitializer: he(5) }).apply(x) as tf.SymbolicTensor;
  return { model: tf.model({ inputs: input, outputs: out }), mode };
}

function labnet16(): GradCase {
  const net = buildNetwork('labnet', { imageSize: 16, channels: 3, classes: 5, seed: 7 });
  return { model: net.model, mode: net.mode };
}

describe('whole-network gradients on wasm equal cpu', () => {
  it.each([['labnet', labnet16, 16], ['alexnet-style', alexnetStyle, 12], ['resnet-style', resnetStyle, 12]] as [string, () => GradCase, number][])(
    '%s', async (_, build, px) => {
      const cpu = await networkGradients('cpu', build, px, 5, null);
      const wasm = await networkGradients('wasm', build, px, 5, cpu.weights);
      expect(Number.isFinite(wasm.loss)).toBe(true);
      expect(Math.abs(wasm.loss - cpu.loss) / Math.abs(cpu.loss)).toBeLessThan(1e-4);
      cpu.grads.forEach((g, i) => {
        // Several layers with different summation orders: a looser bound than one kernel's 1e-4.
        expect(relativeError(wasm.grads[i], g), cpu.names[i]).toBeLessThan(1e-3);
      });
    });
});

describe('the real networks train on wasm', () => {
  // cpu is too slow to compare these at any size; the point is that no kernel is missing and
  // every weight gets a finite, non-zero gradient.
  it.each([['alexnet', 12], ['resnet18', 16]] as [NetworkId, number][])('%s: one step, every gradient finite', async (id, px) => {
    await tf.setBackend('wasm');
    const net = buildNetwork(id, { imageSize: px, channels: 3, classes: 5, seed: 3 });
    const x = tf.tensor4d(randomValues(4 * px * px * 3, 14), [4, px, px, 3]);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3], 'int32'), 5);
    net.mode.training = true;
    const vars = net.model.trainableWeights.map((w) => w.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, net.model.apply(x) as tf.Tensor) as tf.Scalar, vars);
    expect(Number.isFinite(value.dataSync()[0])).toBe(true);
    for (const v of vars) {
      const g = grads[v.name].dataSync();
      expect(g.every(Number.isFinite), v.name).toBe(true);
      expect(g.some((e) => e !== 0), v.name).toBe(true);
    }
    tf.dispose([value, x, y, ...Object.values(grads)]);
    net.model.dispose();
  });
});

describe('ReLU gradient without the cast copy', () => {
  it('equals the cpu backend, zeros and negative inputs included', async () => {
    const xv = randomValues(4 * 5 * 6, 11).map((v, i) => (i % 7 === 0 ? 0 : v));
    const wv = randomValues(4 * 5 * 6, 12);
    const r = await onBoth(() => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.relu(t), tf.tensor3d(wv, [4, 5, 6]))))(tf.tensor3d(xv, [4, 5, 6])));
    expect(relativeError(r.wasm, r.cpu)).toBe(0);
    // dx = w where x > 0, else 0 (x = 0 included: tfjs's step(0) is 0).
    const expected = Float32Array.from(xv, (v, i) => (v > 0 ? wv[i]! : 0));
    expect(Array.from(r.wasm, (v) => v + 0)).toEqual(Array.from(expected)); // -0 and 0 alike
  });
});

describe('Tile of leading ones and Mean over leading axes match the cpu backend', () => {
  const tiles: [number[], number[]][] = [
    [[1, 1, 1, 5], [2, 3, 4, 1]], // a batch-norm gradient's broadcast
    [[1, 7], [33, 1]],
    [[1, 1, 3], [1, 5, 1]],
    [[2, 3], [2, 2]], // not leading ones: the stock kernel
  ];
  it.each(tiles)('tile %j by %j', async (shape, reps) => {
    const xv = randomValues(size(shape), 51);
    const r = await onBoth(() => tf.tile(tf.tensor(xv, shape), reps));
    expect(relativeError(r.wasm, r.cpu)).toBe(0);
  });
  const means: [number[], number[], boolean][] = [
    [[4, 6, 6, 8], [0, 1, 2], false],
    [[4, 6, 6, 8], [0, 1, 2], true],
    [[300, 7], [0], false],
    [[3, 5, 4], [1, 2], false], // trailing axes: the stock kernel
  ];
  it.each(means)('mean of %j over %j keepDims %s', async (shape, axes, keepDims) => {
    const xv = randomValues(size(shape), 52);
    const r = await onBoth(() => tf.mean(tf.tensor(xv, shape), axes, keepDims));
    expect(relativeError(r.wasm, r.cpu)).toBeLessThan(1e-5);
  });
});
