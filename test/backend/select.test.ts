// Backend selection: auto picks native here where the oneDNN addon is built (no tfjs-node), else
// wasm and says why native is not available; an explicit choice overrides, an unavailable
// explicit choice is a clear error, and nothing is printed along the way.
import { afterAll, describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { currentBackend, initBackend } from '../../src-main/engine/backend';
import { nativeUnavailableReason } from '../../src-main/engine/backend/native/addon';
import { nativeKernelsOn } from '../../src-main/engine/backend/native/register';

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

  it('auto: native where the addon is built, else wasm with the training kernels, and says why', async () => {
    const info = await initBackend('auto');
    const missing = nativeUnavailableReason();
    if (info.backend !== 'tensorflow') expect(info.backend).toBe(missing ? 'wasm' : 'native');
    expect(info.reason.length).toBeGreaterThan(5);
    expect(currentBackend()).toEqual(info);
    // native runs on the wasm backend's heap: tfjs itself is on wasm either way.
    expect(tf.getBackend()).toBe(info.backend === 'native' ? 'wasm' : info.backend);
    if (info.backend === 'native') {
      expect(info.reason).toMatch(/^oneDNN 2\.\d+\.\d+, .+, \d+ threads? per worker$/);
      expect(nativeKernelsOn()).toBe(true);
    }
    if (info.backend === 'wasm') {
      expect(info.reason).toContain(`native not available (${missing})`);
      expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    }
  });

  it('"native" where the addon is missing is an error naming why; wasm afterwards runs without native kernels', async () => {
    const missing = nativeUnavailableReason();
    if (missing) await expect(initBackend('native')).rejects.toThrow(`backend "native" requested but ${missing}`);
    else expect((await initBackend('native')).backend).toBe('native');
    expect((await initBackend('wasm')).backend).toBe('wasm');
    expect(nativeKernelsOn()).toBe(false);
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
