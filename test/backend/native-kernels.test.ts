// The native (oneDNN) kernels against the pure-JS cpu backend on the same random inputs, over the
// convolution geometries the wasm kernels are checked on; whole-network gradients of labnet
// (against cpu) and of alexnet and resnet18 (against wasm: cpu is too slow for them). Skips, with
// the reason, only where the addon could not be built.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src-main/engine/backend';
import { nativeAddon, nativeUnavailableReason } from '../../src-main/engine/backend/native/addon';
import { nativeCalls } from '../../src-main/engine/backend/native/heap';
import { NATIVE_KERNEL_CONFIGS, NATIVE_KERNELS, nativeKernelsOn, setNativeKernels } from '../../src-main/engine/backend/native/register';
import type { NativeKernel } from '../../src-main/engine/backend/native/kernel';
import { nativeSgdUpdate } from '../../src-main/engine/backend/native/sgd';
import { BatchNormTraining, BatchNormTrainingGrad, batchNormTraining } from '../../src-main/engine/backend/own-kernels';
import { buildNetwork } from '../../src-main/engine/models';
import { createTrainer } from '../../src-main/engine/train/trainer';
import type { NetworkId } from '../../shared/ids';
import { CONVS, type Shape4 } from './conv-geometries';
import { randomValues, relativeError, size } from './numeric';

const unavailable = nativeUnavailableReason();
const suite = unavailable ? `native kernels (skipped: ${unavailable})` : 'native kernels';


/** Runs f with native kernels on the wasm heap, then on cpu; checks `kernel` ran natively. */
async function nativeVsCpu(kernel: string, f: () => tf.Tensor): Promise<{ native: Float32Array; cpu: Float32Array; shape: number[] }> {
  const run = async (backend: string) => {
    await tf.setBackend(backend);
    const t = tf.tidy(f);
    const out = { values: Float32Array.from(t.dataSync() as Float32Array), shape: t.shape };
    t.dispose();
    return out;
  };
  const before = nativeCalls.get(kernel) ?? 0;
  const native = await run('wasm');
  expect(nativeCalls.get(kernel) ?? 0, `${kernel} ran on oneDNN`).toBeGreaterThan(before);
  const cpu = await run('cpu');
  expect(native.shape).toEqual(cpu.shape);
  return { native: native.values, cpu: cpu.values, shape: cpu.shape };
}

describe('the native kernel registry (no addon needed)', () => {
  it('lists every kernel file of native/kernels/ once, named after its tfjs kernel', async () => {
    const dir = path.resolve(__dirname, '../../src-main/engine/backend/native/kernels');
    const files = fs.readdirSync(dir).filter((f) => /^[A-Z_][A-Za-z0-9]*\.ts$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const mod = (await import(path.join(dir, f))) as Record<string, NativeKernel>;
      const configs = Object.values(mod).filter((v) => v && typeof v === 'object' && 'make' in v);
      expect(configs, `${f} exports one NativeKernel`).toHaveLength(1);
      expect(configs[0]!.kernelName, `${f} is named after its kernel`).toBe(f.slice(0, -3));
      expect(NATIVE_KERNEL_CONFIGS, `${f} is not in the list of native/register.ts`).toContain(configs[0]);
    }
    expect(new Set(NATIVE_KERNELS).size).toBe(NATIVE_KERNELS.length);
  });
});

describe.skipIf(unavailable !== null)(suite, () => {
  beforeAll(async () => {
    const info = await initBackend('native');
    expect(info.backend).toBe('native');
    expect(info.reason).toMatch(/^oneDNN 2\.\d+\.\d+, /);
  });
  afterAll(() => { setNativeKernels(true); });

  it('registers every native kernel on the wasm backend and switches back to the wasm ones', () => {
    expect(nativeKernelsOn()).toBe(true);
    const natives = NATIVE_KERNELS.map((k) => tf.getKernel(k, 'wasm')!.kernelFunc);
    expect(setNativeKernels(false)).toBe(true);
    NATIVE_KERNEL_CONFIGS.forEach((k, i) => {
      // The project's own kernels have no wasm version: off means not registered at all.
      if (k.own) expect(tf.getKernel(k.kernelName, 'wasm'), k.kernelName).toBeUndefined();
      else expect(tf.getKernel(k.kernelName, 'wasm')!.kernelFunc, k.kernelName).not.toBe(natives[i]);
    });
    setNativeKernels(true);
    expect(NATIVE_KERNELS).toEqual(expect.arrayContaining(['Conv2D', 'FusedConv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter', 'BatchMatMul', '_FusedMatMul', 'MaxPool', 'MaxPoolGrad', BatchNormTraining]));
    expect(nativeAddon()!.info().version).toMatch(/^2\./);
  });

  describe('convolutions match the cpu backend', () => {
    it.each(CONVS)('x %j, filter %j, stride %i, %s', async (xShape, wShape, stride, pad) => {
      const xv = randomValues(size(xShape), 1);
      const wv = randomValues(size(wShape), 2);
      const bv = randomValues(wShape[3], 4);
      const outShape = tf.backend_util.computeConv2DInfo(xShape, wShape, stride, 1, pad).outShape;
      const dyv = randomValues(size(outShape), 3);
      const x = () => tf.tensor4d(xv, xShape);
      const w = () => tf.tensor4d(wv, wShape);
      const y = await nativeVsCpu('Conv2D', () => tf.conv2d(x(), w(), stride, pad));
      expect(relativeError(y.native, y.cpu)).toBeLessThan(1e-4);
      const fused = await nativeVsCpu('FusedConv2D', () => tf.fused.conv2d({ x: x(), filter: w(), strides: stride, pad, bias: tf.tensor1d(bv), activation: 'relu' }));
      expect(relativeError(fused.native, fused.cpu)).toBeLessThan(1e-4);
      expect(fused.cpu.some((v) => v === 0) && fused.cpu.some((v) => v > 0)).toBe(true);
      const dx = await nativeVsCpu('Conv2DBackpropInput', () => tf.conv2dTranspose(tf.tensor4d(dyv, outShape), w(), xShape, stride, pad));
      expect(dx.shape).toEqual(xShape);
      expect(relativeError(dx.native, dx.cpu)).toBeLessThan(1e-4);
      const dw = await nativeVsCpu('Conv2DBackpropFilter', () => tf.engine().runKernel('Conv2DBackpropFilter',
        { x: x(), dy: tf.tensor(dyv, outShape) },
        { strides: stride, pad, dataFormat: 'NHWC', filterShape: wShape } as unknown as tf.NamedAttrMap) as tf.Tensor);
      expect(dw.shape).toEqual(wShape);
      expect(relativeError(dw.native, dw.cpu)).toBeLessThan(1e-4);
    });

    it('labnet-sized layers (32x32x3 -> 32 and 16x16x32 -> 64)', async () => {
      for (const [xShape, wShape] of [[[4, 32, 32, 3], [3, 3, 3, 32]], [[2, 16, 16, 32], [3, 3, 32, 64]]] as [Shape4, Shape4][]) {
        const xv = randomValues(size(xShape), 5);
        const dyv = randomValues(size([...xShape.slice(0, 3), wShape[3]]), 6);
        const dw = await nativeVsCpu('Conv2DBackpropFilter', () => tf.engine().runKernel('Conv2DBackpropFilter',
          { x: tf.tensor4d(xv, xShape), dy: tf.tensor(dyv, [...xShape.slice(0, 3), wShape[3]]) },
          { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: wShape } as unknown as tf.NamedAttrMap) as tf.Tensor);
        expect(relativeError(dw.native, dw.cpu)).toBeLessThan(1e-4);
      }
    });
    it('small maps (ResNet-18\'s last stage: 4x4 outputs, at least 256 input channels): the forward on blocked activations, the filter gradient as im2col + product', async () => {
      for (const [xShape, wShape, stride] of [[[3, 4, 4, 256], [3, 3, 256, 48], 1], [[2, 8, 8, 256], [3, 3, 256, 32], 2]] as [Shape4, Shape4, number][]) {
        const xv = randomValues(size(xShape), 14);
        const wv = randomValues(size(wShape), 15);
        const bv = randomValues(wShape[3], 16);
        const y = await nativeVsCpu('Conv2D', () => tf.conv2d(tf.tensor4d(xv, xShape), tf.tensor4d(wv, wShape), stride, 'same'));
        expect(relativeError(y.native, y.cpu)).toBeLessThan(1e-4);
        const fused = await nativeVsCpu('FusedConv2D', () => tf.fused.conv2d({ x: tf.tensor4d(xv, xShape), filter: tf.tensor4d(wv, wShape), strides: stride, pad: 'same', bias: tf.tensor1d(bv), activation: 'relu' }));
        expect(relativeError(fused.native, fused.cpu)).toBeLessThan(1e-4);
        // The filter gradient there is im2col + one matrix product.
        const dyv = randomValues(y.native.length, 17);
        const dw = await nativeVsCpu('Conv2DBackpropFilter', () => tf.engine().runKernel('Conv2DBackpropFilter',
          { x: tf.tensor4d(xv, xShape), dy: tf.tensor(dyv, y.shape) },
          { strides: stride, pad: 'same', dataFormat: 'NHWC', filterShape: wShape } as unknown as tf.NamedAttrMap) as tf.Tensor);
        expect(relativeError(dw.native, dw.cpu)).toBeLessThan(1e-4);
      }
    });
  });

  describe('matrix products match the cpu backend', () => {
    const cases: [number[], number[], boolean, boolean][] = [
      [[1, 5, 7], [1, 7, 3], false, false],
      [[1, 7, 5], [1, 7, 3], true, false],
      [[1, 5, 7], [1, 3, 7], false, true],
      [[1, 7, 5], [1, 3, 7], true, true],
      [[3, 4, 6], [3, 6, 2], false, false],
      [[3, 6, 4], [1, 2, 6], true, true], // batch broadcast
      [[32, 128], [128, 256], false, false],
      [[32, 256], [32, 40], true, false], // a dense layer's weight gradient
    ];
    it.each(cases)('a %j b %j transposeA %s transposeB %s', async (aShape, bShape, ta, tb) => {
      const r = await nativeVsCpu('BatchMatMul', () => tf.matMul(tf.tensor(randomValues(size(aShape), 7), aShape), tf.tensor(randomValues(size(bShape), 8), bShape), ta, tb));
      expect(relativeError(r.native, r.cpu)).toBeLessThan(1e-4);
    });
    it('fused product with bias and ReLU, both operands transposed', async () => {
      const r = await nativeVsCpu('_FusedMatMul', () => tf.fused.matMul({
        a: tf.tensor2d(randomValues(24, 9), [6, 4]), b: tf.tensor2d(randomValues(30, 10), [5, 6]),
        transposeA: true, transposeB: true, bias: tf.tensor1d(randomValues(5, 11)), activation: 'relu',
      }));
      expect(relativeError(r.native, r.cpu)).toBeLessThan(1e-4);
      expect(r.cpu.some((v) => v === 0)).toBe(true);
    });
  });

  describe('max pooling and its gradient match the cpu backend', () => {
    const cases: [Shape4, number, number, 'same' | 'valid'][] = [
      [[2, 8, 8, 4], 2, 2, 'valid'],
      [[2, 9, 7, 3], 2, 2, 'same'],
      [[2, 9, 9, 5], 3, 2, 'valid'], // AlexNet's overlapping windows
      [[1, 10, 10, 2], 3, 1, 'same'],
      [[2, 11, 11, 3], 3, 2, 'same'], // ResNet's stem pooling
    ];
    it.each(cases)('x %j, window %i, stride %i, %s', async (xShape, window, stride, pad) => {
      const xv = randomValues(size(xShape), 12);
      const y = await nativeVsCpu('MaxPool', () => tf.maxPool(tf.tensor4d(xv, xShape), window, stride, pad));
      expect(relativeError(y.native, y.cpu)).toBe(0);
      const dyv = randomValues(y.native.length, 13);
      const dx = await nativeVsCpu('MaxPoolGrad', () => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(t as tf.Tensor4D, window, stride, pad), tf.tensor(dyv, y.shape))))(tf.tensor4d(xv, xShape)));
      expect(relativeError(dx.native, dx.cpu)).toBeLessThan(1e-4);
    });
  });

  describe('batch normalisation in training mode (the project\'s own kernel) matches the cpu backend', () => {
    // cpu lacks the kernel, so there the layer's formula runs as tfjs ops (moments + batchNorm).
    const cases: [number[]][] = [[[4, 8, 8, 16]], [[2, 5, 3, 7]], [[32, 4, 4, 64]], [[3, 16, 16, 20]], [[6, 10]]];
    it.each(cases)('x %j: y, batch mean and variance, and the gradients of x, scale and offset', async (shape) => {
      const c = shape[shape.length - 1];
      const xv = randomValues(size(shape), 41).map((v, i) => 2 * v + (i % c) * 0.3 - 1);
      const gv = randomValues(c, 42).map((v) => 1 + 0.5 * v);
      const bv = randomValues(c, 43);
      const dyv = randomValues(size(shape), 44);
      const eps = 1e-5;
      const parts = [size(shape), c, c, size(shape), c, c];
      const r = await nativeVsCpu(BatchNormTraining, () => {
        const [x, gamma, beta, dy] = [tf.tensor(xv, shape), tf.tensor1d(gv), tf.tensor1d(bv), tf.tensor(dyv, shape)];
        const forward = (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => batchNormTraining(x, g, b, eps) ?? (() => {
          const { mean, variance } = tf.moments(x, shape.slice(0, -1).map((_, i) => i));
          return [tf.batchNorm(x, mean, variance, b, g, eps), mean, variance];
        })();
        const [y, mean, variance] = forward(x, gamma, beta);
        const grads = tf.grads((x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(forward(x, g, b)[0], dy)))([x, gamma, beta]);
        return tf.concat([y, mean, variance, ...grads].map((t) => t.flatten()));
      });
      let from = 0;
      ['y', 'mean', 'variance', 'dx', 'dscale', 'doffset'].forEach((name, i) => {
        const to = from + parts[i];
        expect(relativeError(r.native.subarray(from, to), r.cpu.subarray(from, to)), name).toBeLessThan(1e-4);
        from = to;
      });
      expect(nativeCalls.get(BatchNormTrainingGrad) ?? 0).toBeGreaterThan(0);
    });
  });

  describe('whole-network gradients', () => {
    async function gradients(backend: 'cpu' | 'wasm', native: boolean | readonly string[], id: NetworkId, px: number, weights: Float32Array[] | null) {
      await tf.setBackend(backend);
      setNativeKernels(native !== false, Array.isArray(native) ? native : NATIVE_KERNELS);
      const net = buildNetwork(id, { imageSize: px, channels: 3, classes: 5, seed: 7 });
      if (weights) net.model.setWeights(net.model.getWeights().map((w, i) => tf.tensor(weights[i], w.shape)));
      const x = tf.tensor4d(randomValues(4 * px * px * 3, 13), [4, px, px, 3]);
      const y = tf.oneHot(tf.tensor1d([0, 3, 1, 2], 'int32'), 5);
      net.mode.training = true;
      net.mode.stepSeed = 5;
      const vars = net.model.trainableWeights.map((w) => w.read() as tf.Variable);
      const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, net.model.apply(x) as tf.Tensor) as tf.Scalar, vars);
      const out = {
        loss: value.dataSync()[0],
        grads: vars.map((v) => Float32Array.from(grads[v.name].dataSync())),
        names: vars.map((v) => v.name),
        weights: net.model.getWeights().map((w) => Float32Array.from(w.dataSync())),
      };
      tf.dispose([value, x, y, ...Object.values(grads)]);
      net.model.dispose();
      setNativeKernels(true);
      return out;
    }

    function same(a: Awaited<ReturnType<typeof gradients>>, ref: Awaited<ReturnType<typeof gradients>>) {
      expect(Number.isFinite(a.loss)).toBe(true);
      expect(Math.abs(a.loss - ref.loss) / Math.abs(ref.loss)).toBeLessThan(1e-4);
      ref.grads.forEach((g, i) => {
        expect(g.some((v) => v !== 0), ref.names[i]).toBe(true);
        // Many layers with different summation orders: a looser bound than one kernel's 1e-4.
        expect(relativeError(a.grads[i], g), ref.names[i]).toBeLessThan(1e-3);
      });
    }

    it('labnet on native equals cpu', async () => {
      const cpu = await gradients('cpu', false, 'labnet', 16, null);
      const before = nativeCalls.get('Conv2DBackpropFilter') ?? 0;
      same(await gradients('wasm', true, 'labnet', 16, cpu.weights), cpu);
      expect((nativeCalls.get('Conv2DBackpropFilter') ?? 0) - before).toBe(3);
    });

    // AlexNet's own initialisation (N(0, 0.01) through five layers) leaves conv1's gradient as
    // sums that cancel to ~1e-3 of their terms, where any two summation orders differ by more than
    // 1e-3 of the result; He-scaled deterministic weights compare the kernels, not the cancellation.
    function heScaled(shapes: number[][]): tf.Tensor[] {
      return shapes.map((shape, i) => {
        const fanIn = shape.length > 1 ? size(shape.slice(0, -1)) : 1;
        const scale = shape.length > 1 ? Math.sqrt(6 / fanIn) : 0.1;
        // Seeded, generated in wasm: AlexNet has 58M weights, too many for a JS loop here.
        return tf.tidy(() => tf.mul(tf.randomUniform(shape, -1, 1, 'float32', 100 + i), scale));
      });
    }

    it.each([['alexnet', 12], ['resnet18', 16]] as [NetworkId, number][])('%s on native equals wasm (products native on both)', async (id, px) => {
      // One network (building AlexNet's 58M weights is the slow part), two kernel sets.
      await tf.setBackend('wasm');
      const net = buildNetwork(id, { imageSize: px, channels: 3, classes: 5, seed: 7 });
      const shapes = net.model.getWeights().map((w) => w.shape);
      const weights = heScaled(shapes);
      net.model.setWeights(weights);
      tf.dispose(weights);
      const x = tf.tensor4d(randomValues(4 * px * px * 3, 13), [4, px, px, 3]);
      const y = tf.oneHot(tf.tensor1d([0, 3, 1, 2], 'int32'), 5);
      const vars = net.model.trainableWeights.map((w) => w.read() as tf.Variable);
      const names = vars.map((v) => v.name);
      const run = (native: readonly string[]) => {
        setNativeKernels(true, native);
        net.mode.training = true;
        net.mode.stepSeed = 5;
        const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, net.model.apply(x) as tf.Tensor) as tf.Scalar, vars);
        const out = { loss: value.dataSync()[0], grads: vars.map((v) => Float32Array.from(grads[v.name].dataSync())), names, weights: [] };
        tf.dispose([value, ...Object.values(grads)]);
        return out;
      };
      // The reference runs every kernel on wasm but the matrix products (checked against cpu
      // above): AlexNet's 9216 x 4096 layer takes seconds per product on wasm.
      const wasm = run([tf.BatchMatMul, tf._FusedMatMul]);
      const bnGrads = nativeCalls.get(BatchNormTrainingGrad) ?? 0;
      const native = run(NATIVE_KERNELS);
      // ResNet-18's 20 batch norms (stem, two per block, three shortcuts) ran on oneDNN, gradients included.
      expect((nativeCalls.get(BatchNormTrainingGrad) ?? 0) - bnGrads).toBe(id === 'resnet18' ? 20 : 0);
      setNativeKernels(true);
      tf.dispose([x, y]);
      net.model.dispose();
      same(native, wasm);
    }, 300_000);
  });

  it('the fused SGD update gives the same bits as the op-by-op one, and the trainer uses it', async () => {
    await tf.setBackend('wasm');
    const n = 70001; // odd, above the threaded size
    const h = { learningRate: 0.05, momentum: 0.9, weightDecay: 5e-4 };
    const w = tf.variable(tf.tensor1d(randomValues(n, 31)));
    const v = tf.variable(tf.tensor1d(randomValues(n, 32)));
    const g = tf.tensor1d(randomValues(n, 33));
    const expected = tf.tidy(() => {
      const g2 = tf.add(g, tf.mul(w, h.weightDecay));
      const v2 = tf.add(tf.mul(v, h.momentum), g2);
      return [tf.sub(w, tf.mul(v2, h.learningRate)), v2].map((t) => Float32Array.from(t.dataSync()));
    });
    expect(nativeSgdUpdate(w, g, v, h)).toBe(true);
    expect(Array.from(w.dataSync())).toEqual(Array.from(expected[0]));
    expect(Array.from(v.dataSync())).toEqual(Array.from(expected[1]));
    tf.dispose([w, v, g]);

    const before = nativeCalls.get('Conv2DBackpropFilter') ?? 0;
    const updates = nativeCalls.get('sgdMomentum') ?? 0;
    const net = buildNetwork('labnet', { imageSize: 16, channels: 3, classes: 4, seed: 9 });
    const trainer = createTrainer(net, { learningRate: 0.05, momentum: 0.9, weightDecay: 5e-4 });
    const x = tf.tensor4d(randomValues(8 * 16 * 16 * 3, 21), [8, 16, 16, 3]);
    const y = tf.tensor1d([0, 1, 2, 3, 0, 1, 2, 3], 'int32');
    const w0 = Float32Array.from(net.model.getWeights()[0].dataSync());
    const losses = Array.from({ length: 12 }, (_, s) => trainer.trainStep(x, y, s).loss);
    expect(nativeCalls.get('Conv2DBackpropFilter')! - before).toBe(12 * 3);
    expect(nativeCalls.get('sgdMomentum')! - updates).toBe(12 * net.model.trainableWeights.length);
    expect(relativeError(net.model.getWeights()[0].dataSync(), w0)).toBeGreaterThan(1e-3);
    expect(losses.at(-1)!).toBeLessThan(losses[0] * 0.8);
    tf.dispose([x, y]);
    trainer.dispose();
    net.model.dispose();
  });

  it('no leaked wasm buffers after a training-shaped gradient', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor4d(randomValues(2 * 8 * 8 * 3, 1), [2, 8, 8, 3]);
    const w = tf.variable(tf.tensor4d(randomValues(3 * 3 * 3 * 4, 2), [3, 3, 3, 4]));
    const step = () => tf.tidy(() => {
      const { grads } = tf.variableGrads(() => tf.sum(tf.maxPool(tf.relu(tf.conv2d(x, w, 1, 'same')), 2, 2, 'valid')) as tf.Scalar, [w]);
      return grads[w.name].dataSync();
    });
    step();
    const buffers = tf.engine().backend.numDataIds();
    step();
    step();
    expect(tf.engine().backend.numDataIds()).toBe(buffers);
    tf.dispose([x, w]);
  });
});
