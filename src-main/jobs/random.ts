// A small seeded generator for the seen-set permutation (reproducible from the stored seed).
import { createHash } from 'node:crypto';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniformly random permutation of 0..n-1 (Fisher-Yates), determined by (key, seed). */
export function seededPermutation(n: number, key: string, seed: number): number[] {
  const h = createHash('sha1').update(`${key}:${seed}`).digest();
  const next = mulberry32(h.readUInt32LE(0));
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [p[i], p[j]] = [p[j]!, p[i]!];
  }
  return p;
}
