// A real sweep on the local single-node Slurm cluster (scripts/slurm-local.sh): a clean
// network, a calibration, 2 trainings and their analyses submitted as arrays with afterok
// dependencies; one training scancel'ed mid-training and requeued (it resumes from its
// checkpoint); a task folder damaged and then repaired; collected three times (idempotent,
// partial); and the collected experiment equal to the same experiment run locally.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentDetail } from '../../shared/results';
import type { ExperimentSpecInput } from '../../shared/spec';
import { createLabService } from '../../src-main/app';
import type { SweepStatus } from '../../src-main/sweep/status';
import { tempDir } from '../store/helpers';
import { invlab } from '../cli/helpers';
import { slurm, slurmUnavailable, startCluster, type Cluster } from './cluster';

const unavailable = slurmUnavailable();
if (unavailable) console.warn(`skipping the Slurm sweep test: ${unavailable}`);

const root = tempDir('invlab-sweep-');
const homeCluster = path.join(root, 'cluster-home');
const homeLocal = path.join(root, 'local-home');
const dbCluster = path.join(homeCluster, 'invlab.db');
const dbLocal = path.join(homeLocal, 'invlab.db');
const sweepDir = path.join(root, 'sweep');
const specFile = path.join(root, 'spec.json');
// 100 images per category, not 30: an epoch must outlast the time scancel takes to reach the
// task (at 30, an epoch took 0.25 s on an AVX-512 machine and the training was over first).
const SPEC: ExperimentSpecInput = {
  dataset: 'builtin-s16-n100', network: 'labnet', transformations: ['blur'], seenCounts: [0, 5, 'all'], seeds: [0],
  epochs: 2, learningRate: 0.05, batchSize: 16, calibrationTarget: 0.6,
  analysis: { enabled: true, tau: 0.5, layerwise: false, maxUnits: 64 },
};

let cluster: Cluster | null = null;
let experimentId = '';

beforeAll(async () => {
  if (unavailable) return;
  cluster = startCluster(path.join(root, 'slurm'));
  fs.mkdirSync(homeCluster, { recursive: true });
  fs.writeFileSync(specFile, JSON.stringify(SPEC));
  // The experiment is created (not run) once, then the history is copied: the sweep and the
  // local run share the experiment id, hence the seen sets, which are drawn per experiment.
  const service = createLabService({ dbPath: dbCluster });
  try {
    experimentId = (await service.call('experiments.create', { spec: SPEC, start: false })).id;
  } finally {
    await service.close();
  }
  fs.cpSync(homeCluster, homeLocal, { recursive: true });
});

afterAll(() => {
  cluster?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

const env = () => cluster!.env;
const status = async (): Promise<SweepStatus> => {
  const r = await invlab(['sweep', 'status', sweepDir, '--json'], { env: env() });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as SweepStatus;
};
async function until<T>(what: string, f: () => Promise<T | null | undefined | false>, timeoutMs: number, everyMs = 1000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** runs show --json without what differs by where and when a job ran. */
function content(d: ExperimentDetail) {
  return {
    ...d, finishedAt: null, status: d.status,
    jobList: d.jobList.map(({ startedAt: _s, finishedAt: _f, attempts: _a, cluster: _c, progress: _p, ...j }) => j),
    evaluations: d.evaluations.map((e) => ({ ...e, valAccuracy: null, cleanAccuracy: null, within: null, across: null, transformedAccuracy: null, byTransform: null, quadrants: null, cleanSeen: null, cleanUnseen: null })),
    analyses: d.analyses.map((a) => ({ jobId: a.jobId, networkJobId: a.networkJobId, transform: a.transform, seenCount: a.seenCount, layer: a.layer, tau: a.tau })),
    calibrations: d.calibrations.map((c) => ({ ...c, curve: c.curve.length })),
    correlations: null,
    summary: undefined,
  };
}

describe.skipIf(!!unavailable)('a sweep on the local Slurm cluster', () => {
  it('runs as arrays with dependencies, survives scancel + requeue, collects idempotently and equals a local run', { timeout: 900_000 }, async () => {
    // 1. Submit the experiment (by id: it has not run).
    const sub = await invlab(['sweep', 'submit', experimentId, '--slurm', '--dir', sweepDir, '--cpus', '1', '--mem', '1G', '--max-parallel', '2', '--db', dbCluster], { env: env() });
    expect(sub.code, sub.stderr).toBe(0);
    expect(sub.stdout).toMatch(/7 jobs/);
    expect(sub.stdout).toMatch(/afterok:\d+_0/);
    const manifest = JSON.parse(fs.readFileSync(path.join(sweepDir, 'sweep.json'), 'utf8')) as { jobs: { id: string; index: number; level: number }[] };
    const target = manifest.jobs.find((j) => j.id.endsWith('-train-blur-all-s0'))!;
    const submission = JSON.parse(fs.readFileSync(path.join(sweepDir, 'submission.json'), 'utf8')) as { arrays: { slurmJobId: string; level: number }[] };
    const targetSlurm = `${submission.arrays.find((a) => a.level === target.level)!.slurmJobId}_${target.index}`;
    // The local queue never takes jobs that are on the cluster.
    const listed = await invlab(['runs', 'list', '--json', '--db', dbCluster]);
    expect(JSON.parse(listed.stdout)[0]).toMatchObject({ id: experimentId, status: 'queued' });

    // 2. The same experiment run locally (in the copied history), while the cluster works.
    const local = invlab(['run', specFile, '--db', dbLocal, '--workers', '1']);

    // 3. scancel the 'all' training once its first epoch is done, mid-way through the second.
    const epochsFile = path.join(sweepDir, 'tasks', target.id, 'epochs.json');
    // Looked for often: the second epoch is the whole window for the cancel to land in.
    await until('the first epoch of the training', async () => fs.existsSync(epochsFile), 400_000, 50);
    slurm(cluster!, 'scancel', [targetSlurm]);
    const stateFile = path.join(sweepDir, 'tasks', target.id, 'state.json');
    const interrupted = await until('the cancelled task to save its checkpoint', async () => {
      const s = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as { status: string; error: string | null };
      if (s.status === 'done') throw new Error('the training finished its second epoch before scancel reached it: the test needs longer epochs on this machine');
      return s.status === 'interrupted' ? s : null;
    }, 60_000, 200);
    expect(interrupted.error).toMatch(/SIGTERM/);
    expect(fs.existsSync(path.join(sweepDir, 'tasks', target.id, 'checkpoint.ckpt'))).toBe(true);
    const mid = await status();
    expect(mid.jobs.find((j) => j.jobId === target.id)!.state).toBe('interrupted');
    // A partial collect: what is done so far, nothing of the interrupted job.
    const partial = await invlab(['sweep', 'collect', sweepDir, '--json', '--db', dbCluster], { env: env() });
    expect(partial.code, partial.stderr).toBe(0);
    expect((JSON.parse(partial.stdout) as { imported: string[] }).imported).not.toContain(target.id);

    // 4. Requeue it (Slurm holds a requeued job back for a while; start it now).
    slurm(cluster!, 'scontrol', ['requeue', targetSlurm]);
    slurm(cluster!, 'scontrol', ['update', `JobId=${targetSlurm}`, 'StartTime=now']);
    const final = await until('every job of the sweep to finish', async () => {
      const s = await status();
      if (s.counts.failed > 0) throw new Error(`failed: ${JSON.stringify(s.jobs.filter((j) => j.state === 'failed'))}`);
      return s.counts.done === 7 ? s : null;
    }, 600_000);
    expect(final.jobs.every((j) => j.node)).toBe(true);
    const log = fs.readFileSync(path.join(sweepDir, 'tasks', target.id, 'task.log'), 'utf8');
    expect(log).toMatch(/resuming from checkpoint: 1 of 2 epoch\(s\) done/);
    expect(log).toMatch(/attempt 2/);

    // 5. A half-written task folder is named and left out, with everything that needs it.
    const analyse = manifest.jobs.find((j) => j.id.endsWith('-analyse-blur-all-s0'))!;
    const resultFile = path.join(sweepDir, 'tasks', analyse.id, 'result.json');
    const good = fs.readFileSync(resultFile);
    fs.writeFileSync(resultFile, good.subarray(0, good.length >> 1));
    const damaged = await invlab(['sweep', 'collect', sweepDir, '--json', '--db', dbCluster], { env: env() });
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toMatch(new RegExp(`not imported: ${analyse.id}: .*result\\.json does not match the checksum`));
    expect((JSON.parse(damaged.stdout) as { imported: string[] }).imported).toContain(target.id);
    const half = JSON.parse((await invlab(['runs', 'show', experimentId, '--json', '--db', dbCluster])).stdout) as ExperimentDetail;
    expect(half.jobList.find((j) => j.id === analyse.id)!.status).toBe('queued');
    expect(half.analyses.map((a) => a.jobId)).not.toContain(analyse.id);
    fs.writeFileSync(resultFile, good);

    // 6. Collect the rest, then once more: nothing new.
    const second = await invlab(['sweep', 'collect', sweepDir, '--json', '--db', dbCluster], { env: env() });
    expect(second.code, second.stderr).toBe(0);
    const secondJson = JSON.parse(second.stdout) as { imported: string[]; alreadyCollected: number };
    expect(secondJson.imported).toEqual([analyse.id]);
    const third = await invlab(['sweep', 'collect', sweepDir, '--json', '--db', dbCluster], { env: env() });
    expect(JSON.parse(third.stdout)).toMatchObject({ imported: [], alreadyCollected: 7, notFinished: 0 });

    // 7. The collected experiment looks like the local one.
    const lr = await local;
    expect(lr.code, lr.stderr).toBe(0);
    const show = async (db: string) => JSON.parse((await invlab(['runs', 'show', experimentId, '--json', '--db', db])).stdout) as ExperimentDetail;
    const [remote, here] = [await show(dbCluster), await show(dbLocal)];
    expect(remote.status).toBe('done');
    expect(content(remote)).toEqual(content(here));
    for (const j of remote.jobList) {
      expect(j.cluster, j.id).toMatchObject({ name: 'invlab-local', node: expect.any(String), slurmJobId: expect.stringMatching(/^\d+_\d+$/) });
    }
    expect(remote.jobList.find((j) => j.id === target.id)!.attempts).toBe(2);
    // Accuracies agree within the backend's non-determinism (docs/cluster.md).
    let maxDiff = 0;
    for (const e of remote.evaluations) {
      const l = here.evaluations.find((x) => x.jobId === e.jobId && x.transform === e.transform)!;
      for (const k of ['cleanAccuracy', 'valAccuracy', 'transformedAccuracy'] as const) maxDiff = Math.max(maxDiff, Math.abs((e[k] ?? 0) - (l[k] ?? 0)));
      for (const k of ['cleanAccuracy', 'valAccuracy', 'transformedAccuracy'] as const) expect(Math.abs((e[k] ?? 0) - (l[k] ?? 0)), `${e.jobId} ${k}`).toBeLessThanOrEqual(0.01);
      if (e.within !== null) expect(Math.abs(e.within - l.within!)).toBeLessThanOrEqual(0.01);
      if (e.across !== null) expect(Math.abs(e.across - l.across!)).toBeLessThanOrEqual(0.01);
    }
    for (const a of remote.analyses) {
      const l = here.analyses.find((x) => x.jobId === a.jobId)!;
      expect(Math.abs(a.all.mean! - l.all.mean!), a.jobId).toBeLessThanOrEqual(0.01);
    }
    console.log(`sweep vs local: largest accuracy difference ${maxDiff}`);
    // The app's view of the sweep goes through the service, like every other call.
    const service = createLabService({ dbPath: dbCluster });
    try {
      expect(await service.call('sweeps.list', undefined)).toMatchObject([{ experimentId, dir: sweepDir, cluster: 'invlab-local', jobs: 7, collected: 7 }]);
      expect(await service.call('sweeps.status', { dir: sweepDir })).toMatchObject({ experimentId, collected: 7, counts: { done: 7 } });
      expect(await service.call('sweeps.collect', { dir: sweepDir })).toMatchObject({ imported: [], alreadyCollected: 7 });
    } finally {
      await service.close();
    }
    // The networks learned (chance is 1/40).
    expect(remote.evaluations.find((e) => e.transform === null)!.cleanAccuracy).toBeGreaterThan(2 / 40);
  });
});
