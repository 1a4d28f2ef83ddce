// `invlab sweep task` without Slurm (what each array task runs, started by hand here): SIGTERM
// mid-training saves a checkpoint and exits 143; run again it resumes from the checkpoint; a
// finished task is never run again; a task whose dependency has not run says so. Runs where
// Slurm is not installed too.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../store/helpers';
import { invlab } from '../cli/helpers';

const root = tempDir('invlab-sweep-task-');
const db = path.join(root, 'home', 'invlab.db');
const dir = path.join(root, 'sweep');
const specFile = path.join(root, 'spec.json');

beforeAll(async () => {
  // 100 images per category: the second epoch must outlast the signal's way to the training
  // (at 30 an epoch takes a quarter of a second on a fast machine).
  fs.writeFileSync(specFile, JSON.stringify({ dataset: 'builtin-s16-n100', transformations: ['blur'], seenCounts: [0], epochs: 2, batchSize: 16, analysis: { enabled: false } }));
  const r = await invlab(['sweep', 'submit', specFile, '--dir', dir, '--dry-run', '--db', db]);
  expect(r.code, r.stderr).toBe(0);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('a sweep task run by hand', () => {
  it('stops on SIGTERM with a checkpoint, resumes, and never runs twice', { timeout: 300_000 }, async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'sweep.json'), 'utf8')) as { jobs: { id: string; index: number }[] };
    const clean = manifest.jobs.find((j) => j.index === 0)!;
    const calibrate = manifest.jobs.find((j) => j.index === 1)!;
    const env = { SLURM_ARRAY_TASK_ID: '', SLURM_ARRAY_JOB_ID: '', SLURM_JOB_ID: '' };

    // The calibration needs the clean network, which has not run.
    const early = await invlab(['sweep', 'task', dir, '1'], { env });
    expect(early.code).toBe(1);
    expect(early.stdout).toMatch(new RegExp(`not run: it needs ${clean.id}, which is not started`));

    let sent = false;
    const first = await invlab(['sweep', 'task', dir, '0'], {
      env, onStdout: (all, child) => { if (!sent && /epoch 1:/.test(all)) { sent = true; child.kill('SIGTERM'); } },
    });
    expect(first.code, first.stderr).toBe(143);
    const state = JSON.parse(fs.readFileSync(path.join(dir, 'tasks', clean.id, 'state.json'), 'utf8')) as { status: string; attempts: number };
    expect(state).toMatchObject({ status: 'interrupted', attempts: 1 });
    expect(fs.existsSync(path.join(dir, 'tasks', clean.id, 'checkpoint.ckpt'))).toBe(true);

    const second = await invlab(['sweep', 'task', dir, '0'], { env });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/resuming from checkpoint: 1 of 2 epoch\(s\) done/);
    expect(second.stdout).not.toMatch(/epoch 1:/);
    expect(second.stdout).toMatch(/epoch 2:/);

    const third = await invlab(['sweep', 'task', dir, '0'], { env });
    expect(third.code).toBe(0);
    expect(third.stdout).toMatch(/already done .*; not run again/);
    const done = JSON.parse(fs.readFileSync(path.join(dir, 'tasks', clean.id, 'state.json'), 'utf8')) as { status: string; attempts: number; resultSha256: string };
    expect(done).toMatchObject({ status: 'done', attempts: 2 });
    expect(done.resultSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(calibrate).toBeTruthy();
  });
});
