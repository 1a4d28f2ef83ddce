// Picks the tfjs backend once per process: tensorflow (tfjs-node-gpu, then tfjs-node) when it
// loads, else native (oneDNN kernels on the wasm backend's heap) when the addon is built, else
// wasm (with the project's training kernels), else the pure-JS cpu backend.
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

/**
 * The emscripten loader of tfjs-backend-wasm adds process-wide 'uncaughtException' and
 * 'unhandledRejection' listeners that rethrow, so any later crash prints the whole minified
 * loader source before the real error. Remove exactly the listeners it added.
 */
async function withoutLoaderListeners<T>(load: () => Promise<T>): Promise<T> {
  const events = ['uncaughtException', 'unhandledRejection'];
  const listeners = (e: string) => process.listeners(e as 'uncaughtException') as ((...a: unknown[]) => void)[];
  const before = events.map((e) => new Set(listeners(e)));
  try {
    return await load();
  } finally {
    events.forEach((e, i) => {
      for (const l of listeners(e)) if (!before[i].has(l)) process.removeListener(e, l);
    });
  }
}

async function tryWasm(): Promise<boolean> {
  try {
    return await withoutLoaderListeners(async () => {
      await import('@tensorflow/tfjs-backend-wasm');
      const { setNativeKernels } = await import('./native/register');
      setNativeKernels(false);
      const { registerWasmTrainingKernels } = await import('./wasm/register');
      registerWasmTrainingKernels();
      return await tf.setBackend('wasm');
    });
  } catch {
    return false;
  }
}

/** oneDNN threads per worker: INVLAB_NATIVE_THREADS, else 1 (the pool runs one worker per core). */
export function nativeThreadsFromEnv(): number {
  const v = Number(process.env.INVLAB_NATIVE_THREADS ?? '1');
  return Number.isInteger(v) && v >= 1 ? v : 1;
}

/**
 * native: the wasm backend (allocation, elementwise kernels, the optimiser) with the
 * arithmetic-heavy kernels on oneDNN in place on its heap. Returns the reason line, or throws with
 * why it cannot run.
 */
async function tryNative(): Promise<string> {
  const { nativeAddon, nativeUnavailableReason } = await import('./native/addon');
  const addon = nativeAddon();
  if (!addon) throw new Error(nativeUnavailableReason() ?? 'the oneDNN addon is not available');
  if (!(await tryWasm())) throw new Error('@tensorflow/tfjs-backend-wasm, which native runs on, failed to initialise');
  const { setNativeKernels } = await import('./native/register');
  setNativeKernels(true);
  const threads = addon.setThreads(nativeThreadsFromEnv());
  const info = addon.info();
  return `oneDNN ${info.version}, ${info.isa}, ${threads} thread${threads === 1 ? '' : 's'} per worker`;
}

/**
 * tfjs-backend-cpu prints "looks like you are running TensorFlow.js in Node.js ... install our
 * node backend" on its first use, which happens even on wasm (small helper tensors). The choice
 * was made and reported by initBackend, so the advice is noise.
 */
function silenceCpuBackendAdvice(): void {
  const cpu = tf.findBackend('cpu') as { firstUse?: boolean } | null;
  if (cpu) cpu.firstUse = false;
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
  let nativeMissing: string | null = null;
  if (!info && (pref === 'auto' || pref === 'native')) {
    try {
      info = { backend: 'native', reason: await tryNative() };
    } catch (e) {
      if (pref === 'native') throw new Error(`backend "native" requested but ${(e as Error).message}`);
      nativeMissing = (e as Error).message;
    }
  }
  if (!info && (pref === 'auto' || pref === 'wasm')) {
    if (await tryWasm()) {
      info = { backend: 'wasm', reason: pref === 'wasm' ? 'requested' : `tfjs-node(-gpu) not available, native not available (${nativeMissing ?? 'unknown'}); wasm (XNNPACK) with the project's training kernels` };
    } else if (pref === 'wasm') throw new Error('backend "wasm" requested but @tensorflow/tfjs-backend-wasm failed to initialise');
  }
  if (!info) {
    await tf.setBackend('cpu');
    info = { backend: 'cpu', reason: pref === 'cpu' ? 'requested' : 'neither tensorflow nor wasm could be initialised' };
  }
  await tf.ready();
  silenceCpuBackendAdvice();
  current = info;
  return info;
}

export function currentBackend(): BackendInfo | null {
  return current;
}
