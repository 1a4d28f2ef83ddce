// Backend selection: auto picks wasm here (no tfjs-node), an explicit choice overrides, an
// unavailable explicit choice is a clear error, and nothing is printed along the way.
import { afterAll, describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { currentBackend, initBackend } from '../../src-main/engine/backend';

const warn = vi.spyOn(console, 'warn');
const log = vi.spyOn(console, 'log');
afterAll(() => { warn.mockRestore(); log.mockRestore(); });

describe('initBackend', () => {
  it('refuses "tensorflow" where neither tfjs-node package loads, naming both', async () => {
    let nodeLoads = true;
    try { await import('@tensorflow/tfjs-node' as string); } catch { nodeLoads = false; }
    if (nodeLoads) return; // a machine with tfjs-node: nothing to refuse
    await expect(initBackend('tensorflow')).rejects.toThrow(/tfjs-node-gpu.*tfjs-node/);
  });

  it('auto: wasm with the training kernels, and says why', async () => {
    const info = await initBackend('auto');
    expect(info.backend === 'wasm' || info.backend === 'tensorflow').toBe(true);
    expect(info.reason.length).toBeGreaterThan(5);
    expect(currentBackend()).toEqual(info);
    expect(tf.getBackend()).toBe(info.backend);
    if (info.backend === 'wasm') expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });

  it('an explicit choice overrides the current one', async () => {
    const info = await initBackend('cpu');
    expect(info).toEqual({ backend: 'cpu', reason: 'requested' });
    expect(tf.getBackend()).toBe('cpu');
    tf.tidy(() => tf.add(tf.ones([2]), 1).dataSync());
    expect((await initBackend('wasm')).backend).toBe('wasm');
  });

  it('printed nothing (no tfjs "install the node backend" advice)', () => {
    const printed = [...warn.mock.calls, ...log.mock.calls].map((c) => c.join(' '));
    expect(printed.filter((s) => /tfjs-node|TensorFlow\.js in Node/.test(s))).toEqual([]);
  });
});
