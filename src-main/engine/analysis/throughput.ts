// Throughput of the analysis core (computeInvariance), in neuron-image pairs per second, on
// synthetic ReLU-like activations: what `invlab bench` and docs/analysis.md report.
import { activationMatrix } from './activations';
import { computeInvariance } from './invariance';

export interface CoreThroughput {
  images: number;
  neurons: number;
  tau: number;
  /** Best of `repeats` runs, wall clock, input checks included. */
  seconds: number;
  /** Best of `repeats` runs, CPU time of this process (less disturbed by other load). */
  cpuSeconds: number;
  /** neurons x images / seconds (wall clock). */
  pairsPerSecond: number;
  /** neurons x images / cpuSeconds. */
  pairsPerCpuSecond: number;
}

/**
 * Time computeInvariance (checks, maxima, A_k, h, seen / unseen split, active counts) on a
 * [images, neurons] pair where about 70% of activity is 0, as after a ReLU, and the
 * transformed activity is correlated with the clean one.
 */
export function measureCoreThroughput(images = 2000, neurons = 4096, repeats = 5, tau = 0.1): CoreThroughput {
  let s = 12345;
  const next = () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
  const f = new Float32Array(images * neurons);
  const g = new Float32Array(images * neurons);
  for (let i = 0; i < f.length; i++) {
    f[i] = next() < 0.7 ? 0 : 4 * next();
    g[i] = next() < 0.5 ? f[i] * (0.5 + next()) : (next() < 0.7 ? 0 : 4 * next());
  }
  const mask = new Uint8Array(images);
  for (let i = 0; i < images; i += 2) mask[i] = 1;
  const clean = activationMatrix(f, images, neurons);
  const transformed = activationMatrix(g, images, neurons);
  let best = Infinity;
  let bestCpu = Infinity;
  for (let r = 0; r < repeats; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    computeInvariance(clean, transformed, { tau, seenMask: mask });
    best = Math.min(best, (performance.now() - t0) / 1000);
    const c = process.cpuUsage(c0);
    bestCpu = Math.min(bestCpu, (c.user + c.system) / 1e6);
  }
  const pairs = images * neurons;
  return { images, neurons, tau, seconds: best, cpuSeconds: bestCpu, pairsPerSecond: pairs / best, pairsPerCpuSecond: pairs / bestCpu };
}
