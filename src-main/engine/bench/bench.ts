// Training-throughput benchmark (issue 3): the same network, data size, optimiser and
// per-image standardisation as ../shared/bench/torch_reference.py, on random data (the
// arithmetic does not depend on the values), timed over one epoch after a warm-up epoch.
// With several workers, each worker thread trains its own network at the same time (the
// "full pool" number) and the images of all workers count.
import * as os from 'node:os';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import type { NetworkId } from '../../../shared/ids';
import { NETWORK_IDS } from '../../../shared/ids';
import { initBackend, type BackendPreference } from '../backend';
import { buildNetwork } from '../models';
import { createTrainer } from '../train/trainer';
import { standardize } from '../transforms/standardize';

export interface BenchOptions {
  net: NetworkId;
  images: number;
  size: number;
  channels: number;
  classes: number;
  batch: number;
  backend: BackendPreference;
  /** Worker threads training concurrently; 1 runs in this thread. */
  workers: number;
  seed: number;
}

export const DEFAULT_BENCH: BenchOptions = {
  net: 'labnet', images: 2048, size: 32, channels: 3, classes: 40, batch: 32, backend: 'auto', workers: 1, seed: 0,
};

/** What one network's timed epoch measured. */
export interface WorkerMeasure {
  backend: string;
  backendReason: string;
  images: number;
  seconds: number;
  /** CPU seconds of the process during the epoch: meaningful with one worker only. */
  cpuSeconds: number;
  /** Live tensors after the timed epoch minus after the warm-up epoch: 0 means no leak. */
  tensorGrowth: number;
  finalLoss: number;
}

/** The one JSON line `invlab bench --json` prints. */
export interface BenchResult {
  net: NetworkId;
  backend: string;
  backend_reason: string;
  images: number;
  size: number;
  classes: number;
  batch: number;
  workers: number;
  /** Wall seconds of the timed epoch (the slowest worker's). */
  seconds: number;
  /** All workers' images / the slowest worker's seconds. */
  images_per_s: number;
  per_worker_images_per_s: number[];
  /** images / CPU seconds (one worker only): a load-independent view on a busy machine. */
  images_per_cpu_s: number | null;
  peak_rss_mb: number;
  tensor_growth: number;
  tfjs: string;
  node: string;
  cpus: number;
  date: string;
}

export function checkBenchOptions(o: BenchOptions): void {
  if (!(NETWORK_IDS as readonly string[]).includes(o.net)) throw new Error(`bench: --net must be one of ${NETWORK_IDS.join(', ')}, got "${o.net}"`);
  const int = (name: keyof BenchOptions, min: number) => {
    const v = o[name] as number;
    if (!Number.isInteger(v) || v < min) throw new Error(`bench: --${name} must be an integer >= ${min}, got ${v}`);
  };
  int('images', 1);
  int('size', 8);
  int('channels', 1);
  int('classes', 2);
  int('batch', 1);
  int('workers', 1);
  if (o.batch > o.images) throw new Error(`bench: --batch (${o.batch}) is larger than --images (${o.images})`);
}

/**
 * Trains one network for a warm-up epoch, calls `ready` (a barrier when several workers run),
 * then times one epoch.
 */
export async function measureOneNetwork(o: BenchOptions, ready: () => Promise<void> = async () => {}): Promise<WorkerMeasure> {
  const info = await initBackend(o.backend);
  const net = buildNetwork(o.net, { imageSize: o.size, channels: o.channels, classes: o.classes, seed: o.seed });
  const trainer = createTrainer(net, { learningRate: 0.01, momentum: 0.9, weightDecay: 5e-4 });
  // torch_reference.py: x = rand * 255, integer labels in [0, classes).
  const pixels = tf.randomUniform([o.images, o.size, o.size, o.channels], 0, 255, 'float32', o.seed + 1);
  const labels = tf.randomUniform([o.images], 0, o.classes, 'int32', o.seed + 2);
  let step = 0;
  let lastLoss = NaN;
  const epoch = () => {
    for (let start = 0; start < o.images; start += o.batch) {
      const n = Math.min(o.batch, o.images - start);
      const [xb, yb] = tf.tidy(() => [
        standardize(pixels.slice([start, 0, 0, 0], [n, -1, -1, -1]) as tf.Tensor4D),
        labels.slice([start], [n]) as tf.Tensor1D,
      ]);
      lastLoss = trainer.trainStep(xb as tf.Tensor4D, yb as tf.Tensor1D, step++).loss;
      xb.dispose();
      yb.dispose();
    }
  };
  try {
    epoch();
    const tensorsAfterWarmUp = tf.memory().numTensors;
    await ready();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    epoch();
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    return {
      backend: info.backend,
      backendReason: info.reason,
      images: o.images,
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      tensorGrowth: tf.memory().numTensors - tensorsAfterWarmUp,
      finalLoss: lastLoss,
    };
  } finally {
    trainer.dispose();
    net.model.dispose();
    pixels.dispose();
    labels.dispose();
  }
}

/** Messages between runBench and bench-worker.ts. */
export type BenchWorkerMessage =
  | { type: 'ready' }
  | { type: 'done'; measure: WorkerMeasure }
  | { type: 'error'; message: string };

const WORKER_BOOTSTRAP = new URL('./bench-worker-bootstrap.mjs', import.meta.url);

async function measureInWorkers(o: BenchOptions): Promise<WorkerMeasure[]> {
  const workers = Array.from({ length: o.workers }, (_, i) => new Worker(WORKER_BOOTSTRAP, { workerData: { ...o, seed: o.seed + i } }));
  let readyCount = 0;
  try {
    return await Promise.all(workers.map((w) => new Promise<WorkerMeasure>((resolve, reject) => {
      w.on('message', (m: BenchWorkerMessage) => {
        if (m.type === 'ready') {
          // Start every timed epoch together, so the epochs really run concurrently.
          if (++readyCount === workers.length) workers.forEach((x) => x.postMessage('go'));
        } else if (m.type === 'done') resolve(m.measure);
        else reject(new Error(`bench worker: ${m.message}`));
      });
      w.on('error', reject);
      w.on('exit', (code) => { if (code !== 0) reject(new Error(`bench worker exited with code ${code}`)); });
    })));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

export async function runBench(options: Partial<BenchOptions> = {}): Promise<BenchResult> {
  const o: BenchOptions = { ...DEFAULT_BENCH, ...options };
  checkBenchOptions(o);
  const measures = o.workers === 1 ? [await measureOneNetwork(o)] : await measureInWorkers(o);
  const seconds = Math.max(...measures.map((m) => m.seconds));
  const images = measures.reduce((s, m) => s + m.images, 0);
  const round = (v: number, d = 1) => Math.round(v * 10 ** d) / 10 ** d;
  // Rates: one decimal, but three significant digits for slow networks (alexnet: ~0.1/s).
  const rate = (v: number) => (v >= 10 ? round(v) : Number(v.toPrecision(3)));
  return {
    net: o.net,
    backend: measures[0].backend,
    backend_reason: measures[0].backendReason,
    images: o.images,
    size: o.size,
    classes: o.classes,
    batch: o.batch,
    workers: o.workers,
    seconds: round(seconds, 3),
    images_per_s: rate(images / seconds),
    per_worker_images_per_s: measures.map((m) => rate(m.images / m.seconds)),
    images_per_cpu_s: o.workers === 1 ? rate(images / measures[0].cpuSeconds) : null,
    peak_rss_mb: round(process.resourceUsage().maxRSS / 1024, 0),
    tensor_growth: Math.max(...measures.map((m) => m.tensorGrowth)),
    tfjs: tf.version.tfjs,
    node: process.version,
    cpus: os.availableParallelism(),
    date: new Date().toISOString(),
  };
}
