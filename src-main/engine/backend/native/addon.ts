// Loads the oneDNN addon (native/, built at `npm install` by scripts/build-native.mjs) once per
// thread, or says why it cannot be loaded. Node-API is ABI-stable, so the same binary loads in
// Node and in Electron's main process and worker threads.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface NativeInfo {
  version: string;
  isa: string;
  threads: number;
  processors: number;
}

/** The addon's functions; all offsets are byte offsets into `heap`, -1 for an absent operand. */
export interface NativeAddon {
  info(): NativeInfo;
  setThreads(n: number): number;
  conv2d(heap: ArrayBuffer, x: number, filter: number, bias: number, y: number, relu: number, ...geometry: number[]): string;
  conv2dBackpropInput(heap: ArrayBuffer, dy: number, filter: number, dx: number, ...geometry: number[]): string;
  conv2dBackpropFilter(heap: ArrayBuffer, x: number, dy: number, dfilter: number, dbias: number, ...geometry: number[]): string;
  matMul(heap: ArrayBuffer, a: number, b: number, bias: number, out: number, relu: number,
    batchA: number, batchB: number, m: number, k: number, n: number, transposeA: number, transposeB: number): void;
  maxPool(heap: ArrayBuffer, x: number, y: number, ...geometry: number[]): void;
  maxPoolGrad(heap: ArrayBuffer, x: number, dy: number, dx: number, ...geometry: number[]): void;
  batchNormTraining(heap: ArrayBuffer, x: number, scale: number, offset: number, y: number, mean: number, variance: number,
    n: number, h: number, w: number, c: number, epsilon: number): string;
  batchNormTrainingGrad(heap: ArrayBuffer, x: number, dy: number, scale: number, mean: number, variance: number,
    dx: number, dscale: number, doffset: number, n: number, h: number, w: number, c: number, epsilon: number): string;
  sgdMomentum(heap: ArrayBuffer, w: number, g: number, v: number, n: number, learningRate: number, momentum: number, weightDecay: number): void;
}

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
/** Where `npm install` leaves the addon; INVLAB_NATIVE_BINDING overrides (a build elsewhere). */
export const ADDON_PATH = process.env.INVLAB_NATIVE_BINDING ?? path.join(ROOT, 'native', 'build', 'Release', 'invlab_native.node');
/** Written by scripts/build-native.mjs when it could not build the addon: the one-line reason. */
const UNAVAILABLE_NOTE = path.join(ROOT, 'native', 'build', 'UNAVAILABLE');

let loaded: { addon: NativeAddon } | { reason: string } | null = null;

function load(): { addon: NativeAddon } | { reason: string } {
  if (process.env.INVLAB_NATIVE === '0') return { reason: 'INVLAB_NATIVE=0' };
  if (!fs.existsSync(ADDON_PATH)) {
    const note = fs.existsSync(UNAVAILABLE_NOTE) ? fs.readFileSync(UNAVAILABLE_NOTE, 'utf8').trim() : '';
    return { reason: note || `the oneDNN addon is not built (${path.relative(ROOT, ADDON_PATH)} missing; run \`npm run build:native\`)` };
  }
  try {
    const addon = createRequire(import.meta.url)(ADDON_PATH) as NativeAddon;
    addon.info();
    return { addon };
  } catch (e) {
    return { reason: `the oneDNN addon does not load: ${(e as Error).message.split('\n')[0]}` };
  }
}

/** The addon, or null (then `nativeUnavailableReason()` says why). */
export function nativeAddon(): NativeAddon | null {
  loaded ??= load();
  return 'addon' in loaded ? loaded.addon : null;
}

export function nativeUnavailableReason(): string | null {
  loaded ??= load();
  return 'reason' in loaded ? loaded.reason : null;
}
