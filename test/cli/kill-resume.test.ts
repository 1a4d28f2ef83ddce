// THE resume test: a real run (real engine, real workers) killed with SIGKILL right after the
// first epoch checkpoint of a train job, then started again with the same command. It must
// resume that job from its checkpoint, not re-run the finished one, and its networks must
// beat chance clearly.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentDetail } from '../../shared/results';
import { ensureBuiltinDataset } from '../../src-main/engine/data';
import { Store } from '../../src-main/store';
import { createLabService } from '../../src-main/app';
import { tempDir } from '../store/helpers';
import { invlab } from './helpers';

const home = tempDir('invlab-kill-');
const db = path.join(home, 'lab.db');
const specFile = path.join(home, 'spec.json');
const EPOCHS = 2;

beforeAll(async () => {
  // A small version of the built-in dataset (40 categories; 30 / 5 / 5 images per category).
  const { dir, summary } = await ensureBuiltinDataset(path.join(home, 'datasets'), { perClass: 30 });
  const store = new Store(db);
  store.datasets.save(summary, dir);
  store.close();
  fs.writeFileSync(specFile, JSON.stringify({
    dataset: summary.id, transformations: ['rot90'], seenCounts: [0, 'all'], epochs: EPOCHS,
    learningRate: 0.02, batchSize: 32, analysis: { enabled: false },
  }));
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

const args = ['run', specFile, '--db', db, '--workers', '1'];

function jobs() {
  const store = new Store(db);
  try {
    return Object.fromEntries(store.jobs.list().map((j) => [j.id.replace(/^[0-9a-f]{10}-/, ''), { ...j, epochs: store.epochs.byJob(j.id).map((e) => e.epoch) }]));
  } finally { store.close(); }
}

describe('a killed run', () => {
  it('resumes from its checkpoint, skips finished jobs, and learns', { timeout: 600_000 }, async () => {
    // 1. Kill -9 after the first epoch of the second train job (the clean network is done by then).
    const first = await invlab(args, {
      onStderr: (all, child) => { if (/epoch\s+\S+-train-rot90-all-s0 1:/.test(all)) child.kill('SIGKILL'); },
    });
    expect(first.signal).toBe('SIGKILL');
    const killed = jobs();
    expect(killed['train-clean-0-s0']).toMatchObject({ status: 'done', attempts: 1 });
    expect(killed['train-rot90-all-s0']).toMatchObject({ status: 'running', attempts: 1, epochs: [1] });
    const cleanFinished = killed['train-clean-0-s0']!.finishedAt;

    // 2. The same command again.
    const second = await invlab(args);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/resuming, 1\/2 jobs already done, 1 interrupted job\(s\) resume from their checkpoint/);
    expect(second.stderr).toMatch(new RegExp(`train-rot90-all-s0: resuming from checkpoint: 1 of ${EPOCHS} epoch`));
    expect(second.stderr).not.toMatch(/start\s+\S+-train-clean-0-s0/);
    const after = jobs();
    expect(after['train-clean-0-s0']).toMatchObject({ status: 'done', attempts: 1, finishedAt: cleanFinished });
    expect(after['train-rot90-all-s0']).toMatchObject({ status: 'done', attempts: 2, epochs: [1, 2] });
    // n = 1 network, within [its interval], no across, no unseen categories (so no quadrant I and
    // no restricted across) for 'all', then clean.
    expect(second.stdout).toMatch(/rot90\s+all\s+1\s+[\d.]+(?: \[[\d.]+, [\d.]+\])?\s+-\s+-\s+-\s+[\d.]+/);

    // 3. Once more: nothing left to run, nothing re-run.
    const third = await invlab(args);
    expect(third.code).toBe(0);
    expect(third.stderr).toMatch(/2\/2 jobs already done/);
    expect(jobs()['train-rot90-all-s0']!.attempts).toBe(2);

    // 4. The networks learned: clean accuracy well above chance (1/40).
    const show = await invlab(['runs', 'show', Object.values(after)[0]!.experimentId, '--json', '--db', db]);
    const detail = JSON.parse(show.stdout) as ExperimentDetail;
    const chance = 1 / detail.dataset.classes.length;
    const clean = detail.evaluations.find((e) => e.transform === null)!;
    expect(clean.cleanAccuracy).toBeGreaterThan(3 * chance);
    const all = detail.evaluations.find((e) => e.transform === 'rot90' && e.seenCount === 'all')!;
    expect(all.within).toBeGreaterThan(2 * chance);
    // The clean network is the count-0 point of the rot90 curve.
    const base = detail.evaluations.find((e) => e.transform === 'rot90' && e.seenCount === 0)!;
    expect(base).toMatchObject({ jobId: clean.jobId, within: null, across: clean.byTransform.rot90 });

    // 5. Confusion examples re-predict the test split exactly as the evaluation did.
    const service = createLabService({ dbPath: db, workers: 1 });
    try {
      const m = await service.call('results.confusion', { jobId: clean.jobId, condition: 'rot90' });
      const cells = m.counts.flatMap((row, t) => row.map((n, p) => ({ t, p, n }))).filter((c) => c.n > 0 && c.t !== c.p);
      const { t, p } = cells[0]!;
      const ex = await service.call('results.confusionExamples', { jobId: clean.jobId, condition: 'rot90', trueClass: t, predicted: p, limit: 50 });
      expect(ex.images).toHaveLength(m.counts[t]![p]!);
      expect(ex.images[0]).toMatch(/^data:image\/png;base64,/);
    } finally {
      await service.close();
    }
  });
});
