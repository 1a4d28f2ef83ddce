// Disk full while training, on a 30 MB tmpfs as the data folder: the job that cannot write
// is failed with the cause and the path, its temporary files are removed, the queue stops
// (no crash, no job left 'running'), the database stays intact, and once space is freed the
// same command resumes the job from its last good checkpoint.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLabService, type LabService } from '../../src-main/app';
import { readCheckpoint } from '../../src-main/engine/train/checkpoint';
import { fakeDataset } from '../store/helpers';
import { TMPFS_UNAVAILABLE, mountTmpfs, type Tmpfs } from './tmpfs';

const RUNNERS = path.join(__dirname, 'fixtures', 'ckpt-runners.ts');
const SPEC = { dataset: 'ds1', transformations: ['rot90'], seenCounts: [0], epochs: 6, analysis: { enabled: false } };

let fsys: Tmpfs | null = null;
let services: LabService[] = [];
afterEach(async () => {
  for (const s of services) await s.close().catch(() => {});
  services = [];
  fsys?.unmount();
  fsys = null;
});

function open(home: string): LabService {
  const s = createLabService({ dbPath: path.join(home, 'invlab.db'), backend: 'cpu', workers: 1, runnersModule: RUNNERS });
  services.push(s);
  if (!s.store.datasets.get('ds1')) s.store.datasets.save(fakeDataset(), path.join(home, 'datasets', 'ds1'));
  return s;
}

async function runOnce(s: LabService) {
  const prepared = await s.runSpec(SPEC, { reuse: true, only: true });
  await s.start();
  await s.whenIdle();
  const job = s.store.jobs.byExperiment(prepared.experiment.id).find((j) => j.kind === 'train')!;
  return { job: s.store.jobs.get(job.id)!, queue: await s.runtime.queue() };
}

describe.skipIf(TMPFS_UNAVAILABLE !== null)(`disk full while training${TMPFS_UNAVAILABLE ? ` (skipped: ${TMPFS_UNAVAILABLE})` : ''}`, () => {
  it('fails the job with ENOSPC and the checkpoint path, keeps the last checkpoint, resumes after space is freed', async () => {
    fsys = mountTmpfs(30);
    const home = path.join(fsys.dir, 'lab');
    const s = open(home);
    await s.runSpec(SPEC, { reuse: true, only: true });
    await s.runtime.queue(); // workers up, space reserve made
    // Checkpoints grow 1.5 MB an epoch and need old + new during the rename: epoch 3 does not fit.
    fsys.fill(7 * 2 ** 20);
    const { job, queue } = await runOnce(s);
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(new RegExp(`^cannot write ${job.workDir.replace(/[/.]/g, '\\$&')}/checkpoint\\.ckpt: no space left on the device \\(ENOSPC\\)\\. Nothing finished was lost; free space in `));
    expect(queue.storageProblem()).toBe(job.error);
    // Nothing half-written: no temporary file, the previous checkpoint whole and readable.
    expect(fs.readdirSync(job.workDir).filter((n) => n.includes('.tmp'))).toEqual([]);
    const ck = await readCheckpoint(job.workDir);
    expect(ck!.meta.epochsDone).toBe(2);
    expect(ck!.weights[0]!.data.every((v) => v === 2)).toBe(true);
    expect(s.store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(s.store.epochs.byJob(job.id).map((e) => e.epoch)).toEqual([1, 2]);
    expect(s.store.jobs.list({}).filter((j) => j.status === 'running')).toEqual([]);
    await s.close();
    services = [];

    // Space freed: the same command resumes from epoch 2 and finishes.
    fsys.unfill();
    const again = open(home);
    const r = await runOnce(again);
    expect(r.job.status).toBe('done');
    expect(fs.readFileSync(path.join(r.job.workDir, 'resumed-from.txt'), 'utf8')).toBe('2');
    expect(again.store.epochs.byJob(r.job.id).map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(again.store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(r.queue.storageProblem()).toBeNull();
  });

  it('a disk full to the last byte before the job starts: the database write fails, the queue records it and stops', async () => {
    fsys = mountTmpfs(30);
    const home = path.join(fsys.dir, 'lab');
    const s = open(home);
    await s.runSpec(SPEC, { reuse: true, only: true });
    await s.runtime.queue();
    fsys.fill(0);
    const { job, queue } = await runOnce(s);
    expect(queue.storageProblem()).toMatch(/no space left on the device \(ENOSPC\)/);
    expect(job.status).toBe('failed');
    expect(job.error).toBe(queue.storageProblem());
    expect(fs.existsSync(job.workDir) ? fs.readdirSync(job.workDir).filter((n) => n.includes('.tmp')) : []).toEqual([]);
    expect(s.store.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
