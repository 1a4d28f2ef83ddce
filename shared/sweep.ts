// Sweeps on a Slurm cluster (docs/cluster.md): the shapes the CLI's --json, the service and
// the renderer share. Pure types.
import type { JobKind } from './results';

/** The Slurm resources of each array task (the designer's "Run on a Slurm cluster" fields). */
export interface SweepSlurmOptions {
  partition?: string;
  /** Slurm time: 30:00, 02:00:00, 1-12:00:00. */
  time?: string;
  cpus?: number;
  /** Slurm memory: 4G, 2000M. */
  mem?: string;
  gpus?: number;
  maxParallel?: number;
  account?: string;
  /** More #SBATCH lines, e.g. "--qos=long". */
  sbatchArgs?: string[];
}

export interface SweepLevel { level: number; array: string; jobs: number; kinds: string[]; dependency: string | null; slurmJobId: string | null }

export interface SweepSubmitResult {
  sweepId: string;
  experimentId: string;
  experimentName: string;
  dir: string;
  jobs: number;
  levels: SweepLevel[];
  /** Slurm's ClusterName; null for a dry run or when it could not be asked. */
  cluster: string | null;
  dryRun: boolean;
  /** What to run by hand to submit a dry run. */
  submitScript: string;
}

export type SweepJobState = 'pending' | 'running' | 'interrupted' | 'done' | 'failed';

export interface SweepJobStatus {
  index: number;
  jobId: string;
  kind: JobKind;
  state: SweepJobState;
  /** Why it is pending / failed / interrupted, when known. */
  reason: string | null;
  slurmJobId: string | null;
  slurmState: string | null;
  node: string | null;
  attempts: number;
  log: string | null;
  progress: { epoch: number; epochs: number; step: number; steps: number } | null;
}

export interface SweepStatus {
  sweepId: string;
  experimentId: string;
  experimentName: string;
  dir: string;
  cluster: string | null;
  submitted: boolean;
  /** Which Slurm commands answered (squeue, scontrol, sacct); empty when none is on PATH. */
  slurmSources: string[];
  counts: Record<SweepJobState, number>;
  jobs: SweepJobStatus[];
  /** Jobs already in the run history (collected); only when asked through the service. */
  collected?: number;
}

export interface SweepCollectResult {
  sweepId: string;
  experimentId: string;
  /** Jobs imported by this collect. */
  imported: string[];
  /** Jobs imported by an earlier collect (skipped). */
  alreadyCollected: number;
  /** Jobs the cluster ran and that failed (recorded as failed, with their error). */
  failed: { jobId: string; error: string }[];
  /** Jobs not finished yet (pending, running, interrupted). */
  notFinished: number;
  /** Task folders that could not be read: named, not imported. */
  problems: { jobId: string; message: string }[];
}

/** A sweep the history knows (submitted from this history, or collected into it). */
export interface SweepSummary {
  sweepId: string;
  experimentId: string;
  experimentName: string;
  dir: string;
  cluster: string | null;
  createdAt: string;
  jobs: number;
  collected: number;
}
