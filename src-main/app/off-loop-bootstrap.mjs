// Entry of an off-loop task (src-main/app/off-loop.ts): register tsx in this thread (a worker
// does not inherit the parent's module hooks), load the task module, run it, post the result.
import { register } from 'tsx/esm/api';
import { parentPort, workerData } from 'node:worker_threads';

register();
try {
  const mod = await import(workerData.module);
  const res = await mod.run(workerData.input, (m) => parentPort.postMessage({ type: 'message', m }));
  parentPort.postMessage({ type: 'done', res });
} catch (e) {
  const o = e && typeof e === 'object' ? e : {};
  parentPort.postMessage({
    type: 'error',
    error: { name: o.name ?? 'Error', message: o.message ?? String(e), code: o.code, errno: o.errno, path: o.path, fields: o.fields },
  });
}
