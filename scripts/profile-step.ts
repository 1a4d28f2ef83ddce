// Where a training step's time goes, kernel by kernel (docs/performance.md): wraps every kernel
// registered for the backend with a timer, trains `steps` steps of a network on one random
// batch after a warm-up, and prints milliseconds per step for each kernel and input shapes,
// largest first, then the time outside kernels (tape, dispatch, JS).
// Usage: npx tsx scripts/profile-step.ts [--net labnet] [--size 32] [--batch 32] [--steps 64] [--backend wasm] [--cpu]
// --cpu times in CPU seconds of this process instead of wall time: on a machine other work is
// loading, wall times stretch with the load, CPU times much less (one oneDNN thread assumed).
import * as tf from '@tensorflow/tfjs';
import { parseArgs } from 'node:util';
import { initBackend } from '../src-main/engine/backend/index';
import { buildNetwork } from '../src-main/engine/models/index';
import { createTrainer } from '../src-main/engine/train/trainer';
import type { NetworkId } from '../shared/ids';

const { values: o } = parseArgs({
  options: {
    net: { type: 'string', default: 'labnet' },
    size: { type: 'string', default: '32' },
    batch: { type: 'string', default: '32' },
    classes: { type: 'string', default: '40' },
    steps: { type: 'string', default: '64' },
    backend: { type: 'string', default: 'wasm' },
    cpu: { type: 'boolean', default: false },
  },
});
const size = Number(o.size), batch = Number(o.batch), classes = Number(o.classes), steps = Number(o.steps);
const info = await initBackend(o.backend as 'wasm');
const now = o.cpu ? () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; } : () => performance.now();
const tfBackend = tf.getBackend(); // 'wasm' for native too (its kernels run on the wasm heap)

const times = new Map<string, { ms: number; calls: number }>();
for (const config of tf.getKernelsForBackend(tfBackend)) {
  const run = config.kernelFunc;
  tf.unregisterKernel(config.kernelName, tfBackend);
  tf.registerKernel({
    ...config,
    kernelFunc: (args) => {
      const t0 = now();
      const out = run(args);
      const ms = now() - t0;
      const shapes = Object.values(args.inputs).map((t) => (t as tf.TensorInfo | undefined)?.shape ?? null);
      const key = `${config.kernelName} ${JSON.stringify(shapes)}`;
      const e = times.get(key) ?? { ms: 0, calls: 0 };
      e.ms += ms;
      e.calls++;
      times.set(key, e);
      return out;
    },
  });
}

const net = buildNetwork(o.net as NetworkId, { imageSize: size, channels: 3, classes, seed: 1 });
const trainer = createTrainer(net, { learningRate: 0.01, momentum: 0.9, weightDecay: 5e-4 });
const x = tf.randomNormal([batch, size, size, 3]) as tf.Tensor4D;
const y = tf.randomUniform([batch], 0, classes, 'int32') as tf.Tensor1D;
for (let i = 0; i < 10; i++) trainer.trainStep(x, y, i);
times.clear();
const t0 = now();
for (let i = 0; i < steps; i++) trainer.trainStep(x, y, i);
const total = (now() - t0) / steps;

console.log(`${o.net} ${size}x${size}, batch ${batch}, ${info.backend}: ${total.toFixed(1)} ${o.cpu ? 'CPU ' : ''}ms per step, ${(batch / total * 1000).toFixed(1)} images/s`);
let inKernels = 0;
for (const [key, e] of [...times].sort((a, b) => b[1].ms - a[1].ms)) {
  inKernels += e.ms / steps;
  if (e.ms / steps >= 0.05) console.log(`${(e.ms / steps).toFixed(2).padStart(8)} ms  ${(e.calls / steps).toFixed(0).padStart(3)}x  ${key}`);
}
console.log(`${inKernels.toFixed(1).padStart(8)} ms in kernels, ${(total - inKernels).toFixed(1)} ms outside`);
