// Disk full with the real CLI and the real trainer (labnet on a small built-in dataset, a few
// seconds of training), on a 30 MB tmpfs as the data folder:
//   - `invlab run`: the job that cannot write its checkpoint is failed with ENOSPC and the
//     path, its temporary files are gone, the queue stops and the command exits 1 with one
//     closing line (no stack trace, no "internal error"), the database is intact; once space
//     is freed, the same command resumes the job from its last good checkpoint;
//   - `invlab report` on a full disk: exit 1 naming ENOSPC and the file, no 0-byte or
//     half-written file left; once space is freed the same command writes the report.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureBuiltinDataset } from '../../src-main/engine/data';
import { readCheckpoint } from '../../src-main/engine/train/checkpoint';
import { Store } from '../../src-main/store';
import { invlab } from '../cli/helpers';
import { TMPFS_UNAVAILABLE, expectWholeFiles, listFiles, mountTmpfs, type Tmpfs } from './tmpfs';

const EPOCHS = 4;
const esc = (s: string) => s.replace(/[/.\\[\]()]/g, '\\$&');

let fsys: Tmpfs | null = null;
let outside = '';
afterEach(() => {
  fsys?.unmount();
  fsys = null;
  if (outside) fs.rmSync(outside, { recursive: true, force: true });
});

function state(db: string) {
  const store = new Store(db);
  try {
    const job = store.jobs.list().find((j) => j.kind === 'train')!;
    return {
      job,
      epochs: store.epochs.byJob(job.id).map((e) => e.epoch),
      running: store.jobs.list().filter((j) => j.status === 'running').length,
      integrity: store.db.pragma('integrity_check', { simple: true }),
      experiment: store.experiments.list()[0]!.id,
    };
  } finally {
    store.close();
  }
}

/** A lab on a fresh 30 MB tmpfs; the dataset and the spec live off it, so only the lab's own writes fill it. */
async function labOnTmpfs(epochs: number) {
  fsys = mountTmpfs(30);
  const home = path.join(fsys.dir, 'lab');
  const db = path.join(home, 'invlab.db');
  outside = fs.mkdtempSync(path.join(os.tmpdir(), 'invlab-full-cli-'));
  const { dir, summary } = await ensureBuiltinDataset(outside, { perClass: 10 });
  const store = new Store(db);
  store.datasets.save(summary, dir);
  store.close();
  const spec = path.join(outside, 'spec.json');
  fs.writeFileSync(spec, JSON.stringify({ dataset: summary.id, transformations: ['rot90'], seenCounts: [0], epochs, batchSize: 32, analysis: { enabled: false } }));
  return { fsys, home, db, args: ['run', spec, '--db', db, '--workers', '1'] };
}

function expectNoCrash(stderr: string): void {
  expect(stderr).not.toMatch(/internal error|SqliteError|^\s+at /m);
}

describe.skipIf(TMPFS_UNAVAILABLE !== null)(`disk full through the CLI${TMPFS_UNAVAILABLE ? ` (skipped: ${TMPFS_UNAVAILABLE})` : ''}`, () => {
  it('run: the job fails naming ENOSPC and the checkpoint, the queue stops, the same command resumes; report: ENOSPC named, only whole files', { timeout: 300_000 }, async () => {
    const { fsys, home, db, args } = await labOnTmpfs(EPOCHS);

    // The queue takes 4 MiB back as its reserve; a labnet checkpoint is 1.6 MB, best.weights
    // 0.55 MB, and a new checkpoint is written beside the previous one: the first epoch's files
    // fit, the second's do not.
    fsys.fill(8500 * 1024);
    const first = await invlab(args);
    expect(first.code, first.stderr).toBe(1);
    expectNoCrash(first.stderr);
    const failed = state(db);
    // Whichever of the epoch's two files (the new best weights, the checkpoint) no longer fits.
    const message = failed.job.error!;
    expect(failed.job.status).toBe('failed');
    expect(message).toMatch(new RegExp(`^cannot write ${esc(failed.job.workDir)}/(checkpoint\\.ckpt|best\\.weights): no space left on the device \\(ENOSPC\\)\\. Nothing finished was lost; free space in ${esc(home)} and run the same command again to resume from the last checkpoint$`));
    expect(first.stderr).toContain(`FAILED ${failed.job.id}: ${message}\n`);
    expect(first.stderr.trimEnd().split('\n').at(-1)).toBe(`invlab: the queue stopped: ${message}`);
    expect(first.stderr.split(message).length - 1).toBe(2); // the FAILED line and the closing line, nothing else
    expect(failed.running).toBe(0);
    expect(failed.integrity).toBe('ok');
    // Nothing half-written: no temporary file, the last checkpoint whole and matching the history.
    expect(fs.readdirSync(failed.job.workDir).filter((n) => n.includes('.tmp') || n.includes('.link-'))).toEqual([]);
    const kept = await readCheckpoint(failed.job.workDir);
    expect(kept).not.toBeNull();
    const done = kept!.meta.epochsDone;
    expect(done).toBeGreaterThanOrEqual(1);
    expect(done).toBeLessThan(EPOCHS);
    expect(failed.epochs).toEqual(Array.from({ length: done }, (_, i) => i + 1));

    // Space freed: the same command resumes from that checkpoint and finishes.
    fsys.unfill();
    const second = await invlab(args);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(new RegExp(`${esc(failed.job.id)}: resuming from checkpoint: ${done} of ${EPOCHS} epoch`));
    const after = state(db);
    expect(after.job.status).toBe('done');
    expect(after.epochs).toEqual(Array.from({ length: EPOCHS }, (_, i) => i + 1));
    expect(after.integrity).toBe('ok');

    // `invlab report` on a disk with 100 KB left: the first SVG fits, its PNG does not.
    const out = path.join(fsys.dir, 'report');
    const report = ['report', after.experiment, '--db', db, '--out', out, '--format', 'svg,png,csv'];
    fsys.fill(100 * 1024);
    const full = await invlab(report);
    expect(full.code, full.stderr).toBe(1);
    expectNoCrash(full.stderr);
    expect(full.stderr.trimEnd().split('\n').at(-1)).toMatch(new RegExp(`^invlab: cannot write ${esc(out)}/[a-z-]+\\.(svg|png|csv): no space left on the device \\(ENOSPC\\)$`));
    const files = expectWholeFiles(out);
    fsys.unfill();
    const ok = await invlab(report);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(new RegExp(`^wrote \\d+ files to ${esc(out)}`));
    expect(listFiles(out).length).toBeGreaterThan(files.length);
    expect(state(db).integrity).toBe('ok');
  });

  it('a disk full to the last byte before `invlab run` starts: exit 1 naming ENOSPC and the database; once space is freed the same command runs', { timeout: 300_000 }, async () => {
    const { fsys, db, args } = await labOnTmpfs(1);
    fsys.fill(0);
    const full = await invlab(args);
    expect(full.code, full.stderr).toBe(1);
    expectNoCrash(full.stderr);
    expect(full.stderr.trimEnd()).toBe(`invlab: cannot write the history database ${db}: no space left on the device (ENOSPC)`);
    fsys.unfill();
    const ok = await invlab(args);
    expect(ok.code, ok.stderr).toBe(0);
    expect(state(db)).toMatchObject({ integrity: 'ok', running: 0, epochs: [1] });
  });
});
