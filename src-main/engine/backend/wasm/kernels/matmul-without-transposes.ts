// Shared by the BatchMatMul and _FusedMatMul kernels.
import type { TensorInfo } from '@tensorflow/tfjs';
import { dispose, stockKernel, swapLastTwo, type WasmKernel } from '../kernel';

/**
 * Materialises transposed operands (a cheap copy) so the product itself runs on the fast
 * untransposed path; dense-layer gradients always ask for a transposed product.
 */
export function withoutTransposes(name: string): WasmKernel {
  return ({ inputs, backend, attrs }) => {
    const { transposeA, transposeB } = attrs as { transposeA?: boolean; transposeB?: boolean };
    const original = stockKernel(name);
    if (!transposeA && !transposeB) return original({ inputs, backend, attrs });
    const temporaries: TensorInfo[] = [];
    const a = transposeA ? swapLastTwo(backend, inputs.a) : inputs.a;
    const b = transposeB ? swapLastTwo(backend, inputs.b) : inputs.b;
    if (transposeA) temporaries.push(a);
    if (transposeB) temporaries.push(b);
    const out = original({ inputs: { ...inputs, a, b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
    dispose(backend, ...temporaries);
    return out;
  };
}

