// Picks the tfjs backend once per process: tensorflow (tfjs-node-gpu, then tfjs-node) when it
// loads, else wasm (with the project's training kernels), else the pure-JS cpu backend.
import * as tf from '@tensorflow/tfjs';
import type { BackendId } from '../../../shared/ids';
import type { BackendInfo } from '../types';

let current: BackendInfo | null = null;

export type BackendPreference = 'auto' | BackendId;

async function tryTensorflow(): Promise<string | null> {
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      await import(pkg);
      if (await tf.setBackend('tensorflow')) return pkg;
    } catch {
      // Optional dependency: absent or without libtensorflow here. Not an error.
    }
  }
  return null;
}

async function tryWasm(): Promise<boolean> {
  try {
    await import('@tensorflow/tfjs-backend-wasm');
    const { registerWasmTrainingKernels } = await import('./wasm-kernels');
    registerWasmTrainingKernels();
    return await tf.setBackend('wasm');
  } catch {
    return false;
  }
}

/** Initialise the backend for this process (idempotent) and say which one and why. */
export async function initBackend(pref: BackendPreference = 'auto'): Promise<BackendInfo> {
  if (current && (pref === 'auto' || pref === current.backend)) return current;
  let info: BackendInfo | null = null;
  if (pref === 'auto' || pref === 'tensorflow') {
    const pkg = await tryTensorflow();
    if (pkg) info = { backend: 'tensorflow', reason: `${pkg} loaded` };
    else if (pref === 'tensorflow') throw new Error('backend "tensorflow" requested but neither @tensorflow/tfjs-node-gpu nor @tensorflow/tfjs-node loads here');
  }
  if (!info && (pref === 'auto' || pref === 'wasm')) {
    if (await tryWasm()) {
      info = { backend: 'wasm', reason: pref === 'wasm' ? 'requested' : 'tfjs-node(-gpu) not available; wasm (XNNPACK) with the project\'s training kernels' };
    } else if (pref === 'wasm') throw new Error('backend "wasm" requested but @tensorflow/tfjs-backend-wasm failed to initialise');
  }
  if (!info) {
    await tf.setBackend('cpu');
    info = { backend: 'cpu', reason: pref === 'cpu' ? 'requested' : 'neither tensorflow nor wasm could be initialised' };
  }
  await tf.ready();
  current = info;
  return info;
}

export function currentBackend(): BackendInfo | null {
  return current;
}
