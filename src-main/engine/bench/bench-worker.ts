// One bench worker thread: trains its own network (measureOneNetwork) with its own tfjs
// backend instance, waiting for the parent's 'go' between warm-up and timed epoch.
import { parentPort, workerData } from 'node:worker_threads';
import { measureOneNetwork, type BenchOptions, type BenchWorkerMessage } from './bench';

const port = parentPort;
if (!port) throw new Error('bench-worker.ts must run in a worker thread');
const send = (m: BenchWorkerMessage) => port.postMessage(m);

const go = () => new Promise<void>((resolve) => {
  port.once('message', () => resolve());
  send({ type: 'ready' });
});

try {
  const measure = await measureOneNetwork(workerData as BenchOptions, go);
  send({ type: 'done', measure });
} catch (e) {
  send({ type: 'error', message: e instanceof Error ? e.message : String(e) });
}
port.close();
