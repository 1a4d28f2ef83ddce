// Registry-driven checks of the wasm training kernels (as tfjs-backend-wasm's
// register_all_kernels.ts): every kernel file is in the one list, every listed kernel is
// registered on wasm in place of the stock one, and a kernel name tfjs does not know fails.
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { WasmKernelConfig } from '../../src-main/engine/backend/wasm/kernel';
import { registerWasmTrainingKernels, WASM_KERNEL_CONFIGS } from '../../src-main/engine/backend/wasm/register';

const DIR = path.resolve(__dirname, '../../src-main/engine/backend/wasm/kernels');

describe('the wasm kernel registry', () => {
  it('lists every kernel file of wasm/kernels/ once, named after its tfjs kernel', async () => {
    const files = fs.readdirSync(DIR).filter((f) => /^[A-Z_][A-Za-z0-9]*\.ts$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const mod = (await import(path.join(DIR, f))) as Record<string, WasmKernelConfig>;
      const configs = Object.values(mod).filter((v) => v && typeof v === 'object' && 'kernelFunc' in v);
      expect(configs, `${f} exports one WasmKernelConfig`).toHaveLength(1);
      expect(configs[0]!.kernelName, `${f} is named after its kernel`).toBe(f.slice(0, -3));
      expect(WASM_KERNEL_CONFIGS, `${f} is not in the list of wasm/register.ts`).toContain(configs[0]);
    }
    expect(new Set(WASM_KERNEL_CONFIGS.map((k) => k.kernelName)).size).toBe(WASM_KERNEL_CONFIGS.length);
  });

  it('registers each listed kernel for wasm in place of the stock one', async () => {
    registerWasmTrainingKernels();
    for (const k of WASM_KERNEL_CONFIGS) {
      expect(tf.getKernel(k.kernelName, 'wasm')?.kernelFunc, k.kernelName).toBe(k.kernelFunc);
      for (const name of k.uses ?? []) expect(tf.getKernel(name, 'wasm'), `${k.kernelName} uses ${name}`).toBeDefined();
    }
  });
});
