// The per-job training checkpoint (one file, replaced atomically): weights, momentum buffers,
// the best-validation weights, where training stands (epochs done, steps into the next one)
// and the epoch history. A run killed at any moment resumes from the last one written.
import { existsSync, linkSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { EpochRecord } from '../../../shared/results';
import type { NetworkId } from '../../../shared/ids';
import type { NetworkOptions } from '../models/index';
import { readArrayFile, writeArrayFile, type NamedArray } from '../models/array-file';
import type { OptimizerState } from './trainer';

export const CHECKPOINT_FILE = 'checkpoint.ckpt';
/** The checkpoint before the last one: what a corrupt last checkpoint falls back to. */
export const PREVIOUS_CHECKPOINT_FILE = 'checkpoint.prev.ckpt';

/** Running totals of the epoch in progress (so a mid-epoch pause resumes them). */
export interface PartialEpoch {
  lossSum: number;
  correct: number;
  images: number;
  /** Training seconds spent on this epoch so far. */
  seconds: number;
}

export interface CheckpointMeta {
  format: 'invlab-checkpoint';
  version: 1;
  /** What must match for a checkpoint to be resumed (see trainingFingerprint). */
  fingerprint: string;
  network: NetworkId;
  options: NetworkOptions;
  epochsDone: number;
  /** Steps already done in epoch epochsDone + 1 (0 at an epoch boundary). */
  stepsDone: number;
  partial: PartialEpoch;
  bestEpoch: number;
  bestValAccuracy: number;
  history: Omit<EpochRecord, 'jobId'>[];
}

export interface Checkpoint {
  meta: CheckpointMeta;
  weights: NamedArray[];
  optimizer: OptimizerState;
  /** Best-validation weights so far (empty before the first epoch ends). */
  best: NamedArray[];
}

export function checkpointPath(workDir: string): string {
  return join(workDir, CHECKPOINT_FILE);
}

/**
 * Writes the checkpoint atomically and keeps the one before it as checkpoint.prev.ckpt (a
 * hard link, so no copy): if the newest is ever found corrupt, training restarts from there.
 */
export async function writeCheckpoint(workDir: string, c: Checkpoint): Promise<void> {
  const momentum: NamedArray[] = c.optimizer.names.map((name, i) => ({
    name, shape: c.optimizer.shapes[i]!, data: c.optimizer.values[i]!,
  }));
  const cur = checkpointPath(workDir);
  if (existsSync(cur)) {
    const prev = join(workDir, PREVIOUS_CHECKPOINT_FILE);
    const tmp = `${prev}.link-${process.pid}`;
    rmSync(tmp, { force: true });
    linkSync(cur, tmp);
    renameSync(tmp, prev);
  }
  await writeArrayFile(cur, c.meta, { weights: c.weights, momentum, best: c.best });
}

/**
 * The newest good checkpoint in `workDir`, or null when there is none. A corrupt newest
 * checkpoint (checksum mismatch, truncated) falls back to the previous one; `warning` then
 * says so, once. When both are bad it throws, naming the file and the cause.
 */
export async function readCheckpoint(workDir: string): Promise<(Checkpoint & { warning?: string }) | null> {
  const path = checkpointPath(workDir);
  const prev = join(workDir, PREVIOUS_CHECKPOINT_FILE);
  if (!existsSync(path)) return existsSync(prev) ? readOne(prev) : null;
  try {
    return await readOne(path);
  } catch (e) {
    if (!existsSync(prev)) throw e;
    let older: Checkpoint;
    try {
      older = await readOne(prev);
    } catch {
      throw e;
    }
    return { ...older, warning: `${(e as Error).message}; resuming from the previous checkpoint (${older.meta.epochsDone} epoch(s) done) instead` };
  }
}

async function readOne(path: string): Promise<Checkpoint> {
  const file = await readArrayFile<CheckpointMeta>(path);
  if (file.meta?.format !== 'invlab-checkpoint' || file.meta.version !== 1) {
    throw new Error(`${path}: not a version-1 training checkpoint`);
  }
  const momentum = file.groups.momentum ?? [];
  return {
    meta: file.meta,
    weights: file.groups.weights ?? [],
    optimizer: { names: momentum.map((m) => m.name), shapes: momentum.map((m) => m.shape), values: momentum.map((m) => m.data) },
    best: file.groups.best ?? [],
  };
}
