// Flipped bytes in the files the product writes: weights and checkpoints carry a SHA-256, so a
// changed byte is refused like a truncated file (weights) or training restarts from the
// previous good checkpoint (said once in the job's log), never used silently.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArrayFileCorruptError, readArrayFile, writeArrayFile } from '../../src-main/engine/models/array-file';
import { CHECKPOINT_FILE, PREVIOUS_CHECKPOINT_FILE, readCheckpoint } from '../../src-main/engine/train/checkpoint';
import { BEST_WEIGHTS_FILE, loadTrainedNetwork, runTrainJob } from '../../src-main/engine/train/index';
import type { JobHooks, TrainJobInput } from '../../src-main/engine/types';
import { TOY_SIZE, useToyWorkspace } from '../train/toy-dataset';

const ws = useToyWorkspace('invlab-corrupt-');

/** Overwrite `n` bytes at `at` (default: the middle of the file) with random ones that differ. */
function clobber(file: string, n: number, at?: number): void {
  const buf = fs.readFileSync(file);
  const start = at ?? Math.floor(buf.length / 2);
  for (let i = 0; i < n; i++) buf[start + i] = (buf[start + i]! + 1 + Math.floor(Math.random() * 254)) & 0xff;
  fs.writeFileSync(file, buf);
}

function hooks(stopAfterEpochs?: number) {
  const logs: { level: string; m: string }[] = [];
  const epochs: number[] = [];
  const h: JobHooks = {
    progress: () => {}, epoch: (e) => epochs.push(e.epoch), log: (level, m) => logs.push({ level, m }),
    control: () => (stopAfterEpochs !== undefined && epochs.length >= stopAfterEpochs ? 'pause' : 'run'),
  };
  return { h, logs, epochs };
}

describe('checksummed array files', () => {
  it('refuses 64 changed bytes anywhere, naming the file', async () => {
    const f = path.join(ws.root, 'a.weights');
    await writeArrayFile(f, { x: 1 }, { weights: [{ name: 'w', shape: [4096], data: new Float32Array(4096).fill(0.5) }] });
    expect((await readArrayFile(f)).groups.weights![0]!.data[7]).toBe(0.5);
    clobber(f, 64);
    await expect(readArrayFile(f)).rejects.toThrow(new ArrayFileCorruptError(f, 'checksum mismatch: its bytes changed after it was written, or it is truncated'));
    // A truncated file is refused the same way.
    await writeArrayFile(f, { x: 1 }, { weights: [{ name: 'w', shape: [16], data: new Float32Array(16) }] });
    fs.truncateSync(f, fs.statSync(f).size - 10);
    await expect(readArrayFile(f)).rejects.toBeInstanceOf(ArrayFileCorruptError);
  });
});

describe('corruption in a real training job', () => {
  const input = (workDir: string, over: Partial<TrainJobInput> = {}): TrainJobInput => ({
    jobId: 'toy', datasetDir: ws.datasetDir, network: 'labnet', imageSize: TOY_SIZE, transform: null, seenCategories: [],
    seed: 3, epochs: 3, learningRate: 0.01, batchSize: 16, momentum: 0.9, weightDecay: 5e-4,
    workDir, evalTransforms: [], ...over,
  });

  it('a corrupt checkpoint resumes from the previous good one, said once; corrupt best weights are refused', async () => {
    const dir = path.join(ws.root, 'job');
    const first = hooks(2);
    const stopped = await runTrainJob(input(dir), first.h);
    expect('stopped' in stopped).toBe(true);
    expect(first.epochs).toEqual([1, 2]);
    expect(fs.existsSync(path.join(dir, PREVIOUS_CHECKPOINT_FILE))).toBe(true);
    const prev = (await readArrayFile<{ epochsDone: number; stepsDone: number }>(path.join(dir, PREVIOUS_CHECKPOINT_FILE))).meta;
    expect(prev.stepsDone).toBe(0);
    // 4 KiB overwritten inside the newest checkpoint.
    clobber(path.join(dir, CHECKPOINT_FILE), 4096);
    const second = hooks();
    const out = await runTrainJob(input(dir), second.h);
    expect('stopped' in out).toBe(false);
    const warnings = second.logs.filter((l) => l.level === 'warn' && l.m.includes('checksum mismatch'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.m).toBe(`${path.join(dir, CHECKPOINT_FILE)} is corrupt (checksum mismatch: its bytes changed after it was written, or it is truncated); resuming from the previous checkpoint (${prev.epochsDone} epoch(s) done) instead`);
    // Training went on from the previous good state, to the end.
    expect(second.epochs).toEqual([1, 2, 3].slice(prev.epochsDone));
    expect((await readCheckpoint(dir))!.meta.epochsDone).toBe(3);

    // 64 random bytes in best.weights: refused, naming the file, not used.
    const weights = path.join(dir, BEST_WEIGHTS_FILE);
    clobber(weights, 64);
    await expect(loadTrainedNetwork(dir)).rejects.toThrow(`${weights} is corrupt (checksum mismatch`);
  }, 180_000);
});
