// The per-job training checkpoint (one file, replaced atomically): weights, momentum buffers,
// the best-validation weights, where training stands (epochs done, steps into the next one)
// and the epoch history. A run killed at any moment resumes from the last one written.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EpochRecord } from '../../../shared/results';
import type { NetworkId } from '../../../shared/ids';
import type { NetworkOptions } from '../models/index';
import { readArrayFile, writeArrayFile, type NamedArray } from '../models/array-file';
import type { OptimizerState } from './trainer';

export const CHECKPOINT_FILE = 'checkpoint.ckpt';

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

export async function writeCheckpoint(workDir: string, c: Checkpoint): Promise<void> {
  const momentum: NamedArray[] = c.optimizer.names.map((name, i) => ({
    name, shape: c.optimizer.shapes[i]!, data: c.optimizer.values[i]!,
  }));
  await writeArrayFile(checkpointPath(workDir), c.meta, { weights: c.weights, momentum, best: c.best });
}

/** The checkpoint in `workDir`, or null when there is none. A corrupt file throws, naming it. */
export async function readCheckpoint(workDir: string): Promise<Checkpoint | null> {
  const path = checkpointPath(workDir);
  if (!existsSync(path)) return null;
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
