// The controlled app-vs-PyTorch comparison (docs/analysis.md, "The app and the PyTorch peer on
// the same experiment"). Trains the app's networks with the app's own training job
// (runTrainJob) and writes, per network, everything the peer needs to run the SAME experiment:
// the initial weights, the training images used, every step's batch (image indices in order)
// and which of its images were transformed, the validation images picked for the
// transformation, and the app's per-step losses and test numbers. `scripts/controlled-torch.py`
// replays them in PyTorch and prints the two side by side.
//
// Usage (INVLAB_HOME holds the dataset cache for built-in refs):
//   nice -n 10 npx tsx scripts/controlled-compare.ts --dataset builtin-s16-n375 --transform blur \
//     --param 1 --counts 0,5,20,30 --seeds 0 --per 300 --epochs 2 --lr 0.05 --out /tmp/cc
//   nice -n 10 /usr/bin/python3 scripts/controlled-torch.py /tmp/cc
import { mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { homedir } from 'node:os';
import { parseArgs } from 'node:util';
import { initBackend } from '../src-main/engine/backend/index';
import { ensureBuiltinDataset, parseBuiltinRef } from '../src-main/engine/data/index';
import { loadDataset } from '../src-main/engine/data/format';
import { buildNetwork } from '../src-main/engine/models/index';
import { getWeights } from '../src-main/engine/models/weights';
import { runTrainJob, subsampleIndices, validationPick } from '../src-main/engine/train/run-train-job';
import { seededPermutation } from '../src-main/jobs/random';
import { seenCategoriesFor } from '../src-main/jobs/expand';
import type { StepTrace, TrainJobInput } from '../src-main/engine/types';
import type { TransformId } from '../shared/ids';
import { paramSpecs } from '../shared/transforms/params';

const { values: o } = parseArgs({
  options: {
    dataset: { type: 'string', default: 'builtin-s16-n375' },
    transform: { type: 'string', default: 'blur' },
    param: { type: 'string', default: '1' },
    counts: { type: 'string', default: '0,5,20,30' },
    seeds: { type: 'string', default: '0' },
    per: { type: 'string', default: '300' },
    epochs: { type: 'string', default: '2' },
    lr: { type: 'string', default: '0.05' },
    batch: { type: 'string', default: '32' },
    backend: { type: 'string', default: 'auto' },
    out: { type: 'string', default: '/tmp/controlled-compare' },
  },
});

const backend = await initBackend(o.backend as 'auto');
const builtin = parseBuiltinRef(o.dataset!);
const datasetDir = builtin
  ? (await ensureBuiltinDataset(join(process.env.INVLAB_HOME ?? join(homedir(), '.invlab'), 'datasets'), builtin)).dir
  : resolve(o.dataset!);
if (!existsSync(join(datasetDir, 'meta.json'))) throw new Error(`${datasetDir}: not a dataset folder (no meta.json)`);
const ds = await loadDataset(datasetDir);
const classes = ds.meta.classes.length;
const transformId = o.transform as TransformId;
const paramName = paramSpecs(transformId)[0]?.name;
const transform = { id: transformId, params: paramName ? { [paramName]: Number(o.param) } : {} };
const per = Number(o.per), epochs = Number(o.epochs), lr = Number(o.lr), batchSize = Number(o.batch);
const out = resolve(o.out!);
process.stdout.write(`backend ${backend.backend}; dataset ${datasetDir} (${classes} categories, ${ds.meta.size} px); ${transformId} ${JSON.stringify(transform.params)}\n`);

const f32 = (a: Float32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

for (const seed of o.seeds!.split(',').map(Number)) {
  const order = seededPermutation(classes, 'controlled-compare', seed);
  for (const k of o.counts!.split(',').map((c) => (c === 'all' ? 'all' as const : Number(c)))) {
    const seen = seenCategoriesFor(order, k);
    const dir = join(out, `s${seed}-k${k}`);
    await mkdir(join(dir, 'init'), { recursive: true });
    const input: TrainJobInput = {
      jobId: `controlled-s${seed}-k${k}`, datasetDir, network: 'labnet', imageSize: ds.meta.size,
      transform: seen.length > 0 ? transform : null, seenCategories: seen, seed, epochs, learningRate: lr,
      batchSize, momentum: 0.9, weightDecay: 5e-4, trainPerClass: per, workDir: join(dir, 'app-work'),
      evalTransforms: [transform],
    };
    // The network runTrainJob builds: the same builder, options and seed.
    const net = buildNetwork('labnet', { imageSize: ds.meta.size, channels: ds.meta.channels, classes, seed });
    const weights = getWeights(net).map((w) => ({ name: w.name, shape: w.shape, file: `init/${w.name.replace(/\//g, '__')}.f32`, data: w.data }));
    net.model.dispose();
    for (const w of weights) await writeFile(join(dir, w.file), f32(w.data));

    const steps: StepTrace[] = [];
    const t0 = performance.now();
    const result = await runTrainJob(input, {
      progress: () => {}, epoch: () => {}, log: () => {}, control: () => 'run',
      trace: (t) => steps.push(t),
    });
    if ('stopped' in result) throw new Error('stopped');
    const seconds = (performance.now() - t0) / 1000;
    const ev = result.evaluation;

    const flat = (f: (t: StepTrace) => ArrayLike<number>) => steps.flatMap((t) => Array.from(f(t)));
    await writeFile(join(dir, 'steps.i32'), new Uint8Array(Int32Array.from(flat((t) => t.indices)).buffer));
    await writeFile(join(dir, 'picked.u8'), Uint8Array.from(flat((t) => t.picked)));
    await writeFile(join(dir, 'app-losses.f32'), f32(Float32Array.from(steps, (t) => t.loss)));
    const meta = {
      datasetDir, size: ds.meta.size, channels: ds.meta.channels, classes, backend: backend.backend,
      transform, seen, seed, seenCount: k, epochs, learningRate: lr, momentum: 0.9, weightDecay: 5e-4, batchSize,
      trainIndices: subsampleIndices(ds.train, classes, per, seed),
      valPick: Array.from(validationPick(ds.val, new Set(seen), seed)),
      stepEpochs: steps.map((t) => t.epoch), stepSizes: steps.map((t) => t.indices.length),
      weights: weights.map(({ name, shape, file }) => ({ name, shape, file })),
      app: {
        seconds, bestEpoch: ev.bestEpoch, valAccuracy: ev.valAccuracy, clean: ev.cleanAccuracy,
        within: ev.within, across: k === 0 ? ev.byTransform[transformId] ?? null : ev.across, transformed: ev.transformedAccuracy,
        unseenAsSeen: ev.quadrants?.unseenAsSeen != null ? ev.quadrants.unseenAsSeen / 100 : null,
        acrossAmongUnseen: ev.restricted?.across?.accuracy ?? null,
      },
    };
    await writeFile(join(dir, 'meta.json'), JSON.stringify(meta));
    const pct = (v: number | null | undefined) => (v == null ? '   - ' : (100 * v).toFixed(1).padStart(5));
    process.stdout.write(`seed ${seed} seen ${String(k).padStart(3)}: app within ${pct(ev.within)} across ${pct(meta.app.across)} clean ${pct(ev.cleanAccuracy)} ` +
      `loss step1 ${steps[0]!.loss.toFixed(4)} last ${steps.at(-1)!.loss.toFixed(4)} (${seconds.toFixed(0)} s) -> ${dir}\n`);
  }
}
