// Resampling of raw square uint8 images in plain JS, for importers that already hold raw
// pixels (IDX): tens of thousands of tiny images are much faster here than one sharp call each.
// Separable triangle (bilinear) filter whose support widens when shrinking, as PIL and
// sharp do, so downscaling averages instead of aliasing.

interface Taps {
  start: Int32Array;
  count: Int32Array;
  weights: Float32Array;
  maxTaps: number;
}

function taps(srcSize: number, dstSize: number): Taps {
  const scale = srcSize / dstSize;
  const support = Math.max(1, scale);
  const maxTaps = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(dstSize), count = new Int32Array(dstSize);
  const weights = new Float32Array(dstSize * maxTaps);
  for (let i = 0; i < dstSize; i++) {
    const centre = (i + 0.5) * scale;
    const lo = Math.max(0, Math.floor(centre - support)), hi = Math.min(srcSize, Math.ceil(centre + support));
    let sum = 0;
    const n = Math.min(maxTaps, hi - lo);
    for (let k = 0; k < n; k++) {
      const w = Math.max(0, 1 - Math.abs((lo + k + 0.5 - centre) / support));
      weights[i * maxTaps + k] = w;
      sum += w;
    }
    for (let k = 0; k < n; k++) weights[i * maxTaps + k]! /= sum || 1;
    start[i] = lo;
    count[i] = n;
  }
  return { start, count, weights, maxTaps };
}

/** A reusable resampler from srcSize x srcSize to dstSize x dstSize, `channels` interleaved. */
export function makeSquareResampler(srcSize: number, dstSize: number, channels: number) {
  const t = taps(srcSize, dstSize);
  const tmp = new Float32Array(srcSize * dstSize * channels);
  return (src: Uint8Array, srcOffset: number, dst: Uint8Array, dstOffset: number): void => {
    // Horizontal pass: srcSize rows x dstSize columns.
    for (let y = 0; y < srcSize; y++) {
      for (let x = 0; x < dstSize; x++) {
        const s = t.start[x]!, n = t.count[x]!, wo = x * t.maxTaps;
        for (let c = 0; c < channels; c++) {
          let acc = 0;
          for (let k = 0; k < n; k++) acc += t.weights[wo + k]! * src[srcOffset + (y * srcSize + s + k) * channels + c]!;
          tmp[(y * dstSize + x) * channels + c] = acc;
        }
      }
    }
    // Vertical pass.
    for (let y = 0; y < dstSize; y++) {
      const s = t.start[y]!, n = t.count[y]!, wo = y * t.maxTaps;
      for (let x = 0; x < dstSize; x++) {
        for (let c = 0; c < channels; c++) {
          let acc = 0;
          for (let k = 0; k < n; k++) acc += t.weights[wo + k]! * tmp[((s + k) * dstSize + x) * channels + c]!;
          dst[dstOffset + (y * dstSize + x) * channels + c] = acc <= 0 ? 0 : acc >= 255 ? 255 : Math.round(acc);
        }
      }
    }
  };
}

/** Copies the centred square of a rows x cols image (for non-square sources). */
export function centreCropSquare(src: Uint8Array, srcOffset: number, rows: number, cols: number, channels: number, dst: Uint8Array, dstOffset: number): void {
  const side = Math.min(rows, cols);
  const y0 = Math.floor((rows - side) / 2), x0 = Math.floor((cols - side) / 2);
  for (let y = 0; y < side; y++) {
    const from = srcOffset + ((y0 + y) * cols + x0) * channels;
    dst.set(src.subarray(from, from + side * channels), dstOffset + y * side * channels);
  }
}
