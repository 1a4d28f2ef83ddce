// Flipped bytes in each kind of file the product writes and reads back (weights and training
// checkpoints: corruption.test.ts; sweep manifests and task results: test/sweep). Each is
// refused with a message naming the file, or (a cache of finished stages) recomputed, said
// once; nothing else is changed, and the product repairs or rebuilds what it can.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { createLabService } from '../../src-main/app';
import { DatasetLoadError, ensureBuiltinDataset, importDataset, loadDataset } from '../../src-main/engine/data';
import { checkpointPath, readCheckpoint, writeCheckpoint } from '../../src-main/engine/analysis/checkpoint';
import { runTrainJob } from '../../src-main/engine/train/index';
import type { AnalyseJobInput } from '../../src-main/engine/types';
import { DatabaseDamagedError, Store } from '../../src-main/store';
import { fakeDataset } from '../store/helpers';
import { BIN, ROOT } from '../cli/helpers';

const roots: string[] = [];
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'invlab-flip-'));
  roots.push(d);
  return d;
}
afterAll(() => { for (const d of roots) fs.rmSync(d, { recursive: true, force: true }); });

/** Changes the byte at `at` (default: the middle) to a different value. */
function flip(file: string, at?: number): void {
  const buf = fs.readFileSync(file);
  const i = at ?? Math.floor(buf.length / 2);
  buf[i] = buf[i]! ^ 0x10;
  fs.writeFileSync(file, buf);
}

const digest = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const esc = (s: string) => s.replace(/[/.\\[\]()]/g, '\\$&');

async function loadFailure(dir: string): Promise<DatasetLoadError> {
  const e = await loadDataset(dir).then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(DatasetLoadError);
  return e as DatasetLoadError;
}

describe('dataset files', () => {
  it('one flipped byte in any pixel or label file is refused naming the file; generating again repairs it', async () => {
    const cache = tmp();
    const { dir } = await ensureBuiltinDataset(cache, { perClass: 4, size: 16 });
    const good = await loadDataset(dir);
    for (const name of ['train.u8', 'val.u8', 'test.u8', 'train.labels.i32', 'val.labels.i32', 'test.labels.i32']) {
      const file = path.join(dir, name);
      const before = fs.readFileSync(file);
      // A label byte: the low byte of one label, so the value stays a valid category.
      flip(file, name.endsWith('.i32') ? 4 : undefined);
      const e = await loadFailure(dir);
      expect(e.file).toBe(file);
      expect(e.message).toBe(`${file}: checksum mismatch: its bytes changed after it was written (flipped bytes: a failing disk, a bad copy, or an edit); the dataset is damaged, import it again to repair it`);
      fs.writeFileSync(file, before);
    }
    // Damaged again: the built-in generator sees it and writes a good copy instead of reusing it.
    flip(path.join(dir, 'train.u8'));
    await ensureBuiltinDataset(cache, { perClass: 4, size: 16 });
    expect(Array.from((await loadDataset(dir)).train.pixels)).toEqual(Array.from(good.train.pixels));
  });

  it('meta.json: a changed category name is refused (the JSON still parses), a torn file names the cause', async () => {
    const { dir } = await ensureBuiltinDataset(tmp(), { perClass: 4, size: 16 });
    const file = path.join(dir, 'meta.json');
    const text = fs.readFileSync(file, 'utf8');
    const first = (JSON.parse(text) as { classes: string[] }).classes[0]!;
    fs.writeFileSync(file, text.replace(`"${first}"`, `"${first.slice(0, -1)}${first.endsWith('x') ? 'y' : 'x'}"`));
    expect(fs.readFileSync(file, 'utf8')).not.toBe(text);
    expect((await loadFailure(dir)).message).toBe(`${file}: checksum mismatch: its bytes changed after it was written (a field was edited or a byte flipped); the dataset is damaged, import it again to repair it`);
    fs.writeFileSync(file, text.slice(0, 200));
    expect((await loadFailure(dir)).message).toMatch(new RegExp(`^${esc(file)}: not valid JSON`));
  });

  it('a re-import of a folder replaces a damaged copy instead of reusing it', async () => {
    const src = tmp();
    for (const [cat, v] of [['a', 30], ['b', 200]] as const) {
      fs.mkdirSync(path.join(src, cat));
      for (let i = 0; i < 6; i++) {
        fs.writeFileSync(path.join(src, cat, `${i}.png`), await sharp(Buffer.alloc(16 * 16 * 3, v + 3 * i), { raw: { width: 16, height: 16, channels: 3 } }).png().toBuffer());
      }
    }
    const cache = tmp();
    const first = await importDataset(src, { cacheRoot: cache, size: 16 });
    const good = fs.readFileSync(path.join(first.dir, 'train.u8'));
    flip(path.join(first.dir, 'train.u8'));
    const again = await importDataset(src, { cacheRoot: cache, size: 16 });
    expect(again.reused).toBe(false);
    expect(again.dir).toBe(first.dir);
    expect(fs.readFileSync(path.join(again.dir, 'train.u8')).equals(good)).toBe(true);
    await loadDataset(again.dir);
  });

  it('the real trainer refuses a damaged dataset before training, naming the file', async () => {
    const { dir } = await ensureBuiltinDataset(tmp(), { perClass: 4, size: 16 });
    flip(path.join(dir, 'train.u8'));
    const workDir = tmp();
    const err = await runTrainJob({
      jobId: 'flip', datasetDir: dir, network: 'labnet', imageSize: 16, transform: null, seenCategories: [], seed: 1, epochs: 1,
      learningRate: 0.01, batchSize: 16, momentum: 0.9, weightDecay: 5e-4, workDir, evalTransforms: [],
    }, { progress: () => {}, epoch: () => {}, log: () => {}, control: () => 'run' }).then(() => null, (e: unknown) => e);
    expect((err as Error).message).toMatch(new RegExp(`^${esc(path.join(dir, 'train.u8'))}: checksum mismatch`));
    expect(fs.readdirSync(workDir)).toEqual([]); // nothing trained, nothing written
  });
});

describe('analysis stage checkpoint', () => {
  const input = (workDir: string) => ({
    jobId: 'an1', workDir, network: 'labnet', imageSize: 16, transform: null, seenCategories: [0], layer: null, tau: 'auto', maxUnits: 64, seed: 1, datasetDir: '/x',
  }) as unknown as AnalyseJobInput;

  it('a flipped digit (still valid JSON) is not used: the stages are computed again, said once', () => {
    const inp = input(tmp());
    const stages = { tauSearch: [{ tau: 0.5, clean: 0.8125, transformed: 0.625 }], searchedTau: 0.5 } as never;
    writeCheckpoint(inp, stages);
    expect(readCheckpoint(inp)).toEqual({ stages });
    const file = checkpointPath(inp);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('0.8125', '0.8126'));
    const r = readCheckpoint(inp);
    expect(r.stages).toEqual({});
    expect(r.warning).toBe(`${file} is corrupt (checksum mismatch: its bytes changed after it was written); its finished stages are computed again`);
    fs.writeFileSync(file, '{"key": "x", "sta');
    expect(readCheckpoint(inp).warning).toMatch(new RegExp(`^${esc(file)} is corrupt \\(not valid JSON`));
  });
});

describe('the history database', () => {
  function makeDb(): string {
    const db = path.join(tmp(), 'invlab.db');
    const store = new Store(db);
    store.datasets.save(fakeDataset(), path.join(path.dirname(db), 'datasets', 'ds1'));
    store.close(); // checkpoints the WAL into the file
    return db;
  }

  it('a flipped header byte: refused at open naming the file, through the service and the real CLI; the file is left as it was', () => {
    const db = makeDb();
    flip(db, 3); // "SQLite format 3"
    const before = digest(db);
    expect(() => new Store(db)).toThrow(DatabaseDamagedError);
    expect(() => createLabService({ dbPath: db, backend: 'cpu', workers: 1 })).toThrow(`the history database ${db} is damaged (file is not a database); it was left as it is.`);
    const cli = spawnSync(process.execPath, [BIN, 'runs', 'list', '--db', db], { cwd: ROOT, encoding: 'utf8' });
    expect(cli.status).toBe(1);
    expect(cli.stderr).toMatch(new RegExp(`^invlab: the history database ${esc(db)} is damaged \\(file is not a database\\); it was left as it is\\. Keep a copy of it, then rescue what it holds with \`sqlite3 ${esc(db)} \\.recover`));
    expect(cli.stderr).not.toMatch(/internal error|at .*\.ts:\d+/);
    expect(digest(db)).toBe(before);
  });

  it('a damaged table page: the request that reads it fails naming the file (code storage); the rest of the history still answers', async () => {
    const db = makeDb();
    const probe = new Store(db);
    const page = probe.db.pragma('page_size', { simple: true }) as number;
    const root = (probe.db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'datasets'").get() as { rootpage: number }).rootpage;
    probe.close();
    flip(db, (root - 1) * page); // the b-tree page type byte
    const s = createLabService({ dbPath: db, backend: 'cpu', workers: 1 });
    try {
      const err = await s.call('datasets.list', undefined).then(() => null, (e: unknown) => e);
      expect(err).toMatchObject({ code: 'storage' });
      expect((err as Error).message).toMatch(new RegExp(`^the history database ${esc(db)} is damaged \\(database disk image is malformed\\)`));
      expect(await s.call('experiments.list', undefined)).toEqual([]);
    } finally {
      await s.close();
    }
  });
});
