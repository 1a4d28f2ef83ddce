// Regenerates src-main/engine/backend/simd/kernels-wasm.ts from kernels.wat.
// Usage: npm run build:simd
import { writeFile } from 'node:fs/promises';
import { compileKernels, GENERATED_PATH, generatedSource } from './simd-wat';

const bytes = await compileKernels();
await writeFile(GENERATED_PATH, generatedSource(bytes));
console.log(`${GENERATED_PATH}: ${bytes.length} bytes of wasm`);
