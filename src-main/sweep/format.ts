// The sweep folder: what `invlab sweep submit` writes and every array task reads. It is
// self-contained (spec, dataset copy or reference, one manifest entry per array index, the
// sbatch scripts), so a compute node needs nothing else and never opens the lab's database.
//
//   <dir>/sweep.json          the manifest (format, version, experiment, jobs by array index, checksum)
//   <dir>/submission.json     what sbatch answered: the Slurm job id of each array, its dependency
//   <dir>/dataset/            the dataset copy (or manifest.dataset.dir names a shared one)
//   <dir>/slurm/*.sbatch      one array script per dependency level; slurm/submit.sh chains them by hand
//   <dir>/tasks/<job-id>/     one folder per job: state.json, result.json, epochs.json, task.log, checkpoints, weights
//   <dir>/logs/               Slurm's stdout/stderr per array task
//   <dir>/README.md           what is in the folder and how to use it
import path from 'node:path';
import type { DatasetSummary, EpochRecord, JobProgress } from '../../shared/results';
import type { ExperimentSpec } from '../../shared/spec';
import type { BackendPreference } from '../engine/backend';
import type { NewJob } from '../store';
import { canonicalJson } from '../jobs/ids';
import { readJson, sha256 } from './files';

export const SWEEP_FORMAT = 'invlab-sweep';
/** Bumped when the folder layout or a file's meaning changes; a folder of another version is refused. */
export const SWEEP_VERSION = 1;
export const MANIFEST_FILE = 'sweep.json';
export const SUBMISSION_FILE = 'submission.json';

/** A job as the store holds it (less what is local to one history), with its place in the arrays. */
export interface ManifestJob extends Omit<NewJob, 'experimentId' | 'workDir'> {
  /** The array index (SLURM_ARRAY_TASK_ID) that runs this job. */
  index: number;
  /** Dependency level: 0 needs nothing, level k needs only jobs of levels < k; one array per level. */
  level: number;
}

export interface SlurmOptions {
  partition?: string;
  time?: string;
  cpus: number;
  mem?: string;
  gpus?: number;
  maxParallel?: number;
  account?: string;
  sbatchArgs: string[];
}

export interface SweepManifest {
  format: typeof SWEEP_FORMAT;
  version: number;
  invlabVersion: string;
  sweepId: string;
  createdAt: string;
  experiment: { id: string; name: string; datasetId: string; spec: ExperimentSpec; specKey: string; seenOrders: Record<string, number[]> };
  /** `dir` relative to the sweep folder (a copy) or absolute (a reference to a shared folder). */
  dataset: { summary: DatasetSummary; dir: string; copied: boolean };
  backend: BackendPreference;
  /** How array tasks start invlab: node and bin/invlab.mjs of the submitting installation (on the shared file system). */
  command: { node: string; bin: string };
  slurm: SlurmOptions;
  jobs: ManifestJob[];
  /** sha256 of the canonical JSON of everything above: a hand edit is detected. */
  checksum: string;
}

export interface SubmittedArray { level: number; script: string; slurmJobId: string; indices: number[]; dependency: string | null }
export interface Submission { cluster: string | null; submittedAt: string; arrays: SubmittedArray[] }

export type TaskStatus = 'running' | 'interrupted' | 'done' | 'failed';

/** tasks/<job-id>/state.json, rewritten atomically as the task moves. */
export interface TaskState {
  jobId: string;
  index: number;
  status: TaskStatus;
  attempts: number;
  backend: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** Seconds summed over attempts. */
  seconds: number;
  error: string | null;
  progress: JobProgress | null;
  slurm: { cluster: string | null; jobId: string | null; arrayJobId: string | null; arrayTaskId: string | null; node: string | null; restarts: number };
  log: string;
  /** sha256 of result.json, written last when status is 'done'. */
  resultSha256: string | null;
}

export interface TaskEpochs { epochs: Omit<EpochRecord, 'jobId'>[] }

export class SweepError extends Error {
  override name = 'SweepError';
  readonly code = 'bad-input';
}

export function manifestChecksum(m: Omit<SweepManifest, 'checksum'> & { checksum?: string }): string {
  const { checksum: _, ...rest } = m;
  return sha256(canonicalJson(rest));
}

export const taskDir = (dir: string, jobId: string) => path.join(dir, 'tasks', jobId);
export const datasetDirOf = (dir: string, m: SweepManifest) => path.resolve(dir, m.dataset.dir);

/** Reads and checks sweep.json: format, version and checksum, each with a message saying what to do. */
export function readManifest(dir: string): SweepManifest {
  const file = path.join(dir, MANIFEST_FILE);
  let m: SweepManifest;
  try {
    m = readJson<SweepManifest>(file, 'sweep manifest');
  } catch (e) {
    throw new SweepError(`${(e as Error).message}${(e as Error).message.includes('missing') ? ` (is ${dir} a sweep folder written by \`invlab sweep submit\`?)` : ''}`);
  }
  if (m?.format !== SWEEP_FORMAT) throw new SweepError(`${file} is not an Invariance Lab sweep manifest (format ${JSON.stringify(m?.format)})`);
  if (m.version !== SWEEP_VERSION) {
    throw new SweepError(`${file} was written by invlab ${m.invlabVersion ?? '?'} in sweep format ${m.version}; this invlab reads format ${SWEEP_VERSION}. ` +
      `Use the invlab version that submitted it, or submit the experiment again.`);
  }
  if (manifestChecksum(m) !== m.checksum) {
    throw new SweepError(`${file} was changed after it was written (checksum mismatch): its jobs may no longer match the experiment. ` +
      `Restore it, or submit the experiment again into a new folder.`);
  }
  return m;
}

export function jobByIndex(m: SweepManifest, index: number): ManifestJob {
  const j = m.jobs.find((x) => x.index === index);
  if (!j) throw new SweepError(`array index ${index} is not in sweep ${m.sweepId} (indices 0..${m.jobs.length - 1})`);
  return j;
}
