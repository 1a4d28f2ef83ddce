// When the SIMD module's reduce_rows replaces XNNPACK's product (bias sums, small filter
// gradients), and the switch for A/B measurements: shared by the Sum and Conv2DBackpropFilter kernels.

/**
 * Filter gradients with at most this many patch values per position (kh*kw*ci) and bias sums run
 * in the SIMD module's reduce_rows instead of XNNPACK's product, which packs its right operand
 * (dy, as large as the layer's output) at 10-20 ns per value first. Measured faster for every K
 * up to 576 (labnet's conv3); beyond it the patch chunk outgrows the caches, untested.
 */
export const DIRECT_FILTER_GRAD_MAX_K = 576;

// Off switch for A/B measurements (INVLAB_SIMD_REDUCE=0): bias sums and filter gradients through
// XNNPACK, as before reduce_rows.
let directReductions = typeof process === 'undefined' || process.env.INVLAB_SIMD_REDUCE !== '0';

/** Turns the reduce_rows paths on or off (XNNPACK's product instead); returns the previous state. */
export function setDirectReductions(on: boolean): boolean {
  const previous = directReductions;
  directReductions = on;
  return previous;
}


export function directReductionsOn(): boolean {
  return directReductions;
}
