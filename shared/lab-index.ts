// The Runs view's index of the lab: one row per experiment with its headline metrics, its
// tags and note, and the spec fields a parallel-coordinates view plots against results.
import type { BackendId, TransformId } from './ids';
import type { ExperimentSummary } from './results';

export interface ExperimentAnnotation {
  experimentId: string;
  tags: string[];
  note: string;
  updatedAt: string | null;
}

/** Accuracies are fractions (as stored); invariance in [0, 1]. null: nothing finished yet. */
export interface ExperimentIndexRow extends Omit<ExperimentSummary, 'datasetId' | 'jobs'> {
  jobs: ExperimentSummary['jobs'] & { running: number };
  /** Backends the train jobs ran on (most jobs first). */
  backend: BackendId | null;
  /** Wall time from the first job's start to the last one's end. */
  durationSeconds: number | null;
  /** Mean clean accuracy of the clean networks (seen count 0). */
  clean: number | null;
  /** Mean within / across over the experiment's networks, per transformation and overall. */
  within: number | null;
  across: number | null;
  perTransform: Partial<Record<TransformId, { within: number | null; across: number | null; invariance: number | null }>>;
  /** Mean I_k over analysed networks. */
  invariance: number | null;
  /** Why there is no mean I_k, in a sentence (null when there is one). */
  invarianceWhy: string | null;
  /** Pearson r of mean I_k against across-category accuracy over the analysed networks (all transformations). */
  r: number | null;
  spec: { epochs: number; learningRate: number; batchSize: number; seeds: number; seenCounts: number; trainPerClass: number | null; imageSize: number | null; classes: number };
  tags: string[];
  note: string;
}

export type ExperimentControl = 'run' | 'pause' | 'cancel';
