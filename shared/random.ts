// Seeded random numbers for the random transformations. Generated in JS (not tf.random*) so
// that a seed gives the same pixels on every backend, and because tf.randomNormal treats
// seed 0 as "no seed".

/** 32-bit mix (murmur3 finaliser) so nearby seeds give unrelated streams. */
function mix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Uniform generator on [0, 1) (sfc32) from any finite seed and a stream name. */
export function createRng(seed: number, stream: string): () => number {
  if (!Number.isFinite(seed)) throw new Error(`random seed must be a finite number (got ${seed})`);
  const whole = Math.trunc(seed);
  const lo = whole >>> 0;
  const hi = Math.floor(whole / 4294967296) >>> 0;
  let s = 0x9e3779b9;
  for (let i = 0; i < stream.length; i++) s = mix32(s ^ stream.charCodeAt(i));
  let a = mix32(lo ^ s);
  let b = mix32(hi ^ 0x6a09e667 ^ a);
  let c = mix32(s ^ 0xbb67ae85 ^ b);
  let d = 1;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next(); // discard the weakly mixed start
  return next;
}

/** A seed for callers that passed none: results then differ from call to call. */
export function freshSeed(): number {
  return Math.floor(Math.random() * 2 ** 52);
}

/** n independent N(0, sigma^2) samples (Box-Muller, both outputs used). */
export function gaussianArray(n: number, sigma: number, rng: () => number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const u1 = 1 - rng(); // (0, 1]: log stays finite
    const u2 = rng();
    const r = sigma * Math.sqrt(-2 * Math.log(u1));
    const a = 2 * Math.PI * u2;
    out[i] = r * Math.cos(a);
    if (i + 1 < n) out[i + 1] = r * Math.sin(a);
  }
  return out;
}
