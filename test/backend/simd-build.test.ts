// The committed wasm bytes (simd/kernels-wasm.ts) are exactly what simd/kernels.wat compiles to,
// so the source that is read and the code that runs can never drift apart.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { compileKernels, GENERATED_PATH, generatedSource } from '../../scripts/simd-wat';

describe('SIMD kernels build', () => {
  it('kernels-wasm.ts holds the compiled kernels.wat (else run `npm run build:simd`)', async () => {
    const bytes = await compileKernels();
    expect(await readFile(GENERATED_PATH, 'utf8')).toBe(generatedSource(bytes));
  });

  it('the module validates in this engine, SIMD included', async () => {
    expect(WebAssembly.validate(await compileKernels())).toBe(true);
  });
});
