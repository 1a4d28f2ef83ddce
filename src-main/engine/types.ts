// Types passed between the engine's stages (dataset -> transform -> train -> evaluate -> analyse).
// Engine code runs inside worker threads and under plain Node; nothing here imports electron.
import type { BackendId, NetworkId, TransformId } from '../../shared/ids';
import type { DatasetSummary, EpochRecord, JobProgress, NetworkEvaluation, ConfusionMatrix, NetworkAnalysis } from '../../shared/results';
import type { TransformSpec } from '../../shared/spec';

/** Pixels of one split as stored: uint8 NHWC, row-major, [0,255]. */
export interface ImageSplit {
  pixels: Uint8Array;
  labels: Int32Array;
  count: number;
}

export interface LoadedDataset {
  meta: DatasetSummary;
  train: ImageSplit;
  val: ImageSplit;
  test: ImageSplit;
}

/** A transformation with every parameter resolved (calibrated values filled in). */
export interface ResolvedTransform {
  id: TransformId;
  params: Record<string, number>;
}

/** Everything one training job needs; a worker gets exactly this. */
export interface TrainJobInput {
  jobId: string;
  datasetDir: string;
  network: NetworkId;
  imageSize: number;
  /** null: the clean network (trained on x only). */
  transform: ResolvedTransform | null;
  /** Category indices whose training images are transformed with probability 0.5. */
  seenCategories: number[];
  seed: number;
  epochs: number;
  learningRate: number;
  batchSize: number;
  momentum: number;
  weightDecay: number;
  /** Absent: constant (engine/train/schedule.ts). */
  learningRateSchedule?: 'constant' | 'cosine';
  trainPerClass?: number;
  /** Folder for checkpoints (after every epoch) and the kept best weights. */
  workDir: string;
  /** Transformations to evaluate the kept network on (accuracy matrix row). */
  evalTransforms: ResolvedTransform[];
}

export interface TrainJobResult {
  evaluation: Omit<NetworkEvaluation, 'jobId' | 'seenCount'>;
  confusions: Omit<ConfusionMatrix, 'jobId'>[];
  /** Path of the kept (best validation) weights. */
  weightsPath: string;
}

export interface CalibrateJobInput {
  jobId: string;
  datasetDir: string;
  network: NetworkId;
  imageSize: number;
  /** The trained clean network's folder. */
  cleanWorkDir: string;
  transform: TransformSpec;
  /** Target accuracy; undefined: the chance rule of SPEC.md section 4. */
  target?: number;
  seed: number;
  /** 'learnable' also trains probe networks (below) and keeps the strongest learnable level; default 'paper'. */
  rule?: 'paper' | 'learnable';
  /** The experiment's training settings, for the learnable rule's probe networks (their budget is capped, shared/probe.ts). */
  probe?: {
    epochs: number; learningRate: number; batchSize: number; momentum: number; weightDecay: number;
    trainPerClass?: number;
    learningRateSchedule?: 'constant' | 'cosine';
    /** Folder for the probe networks (one sub-folder per strength). */
    workDir: string;
  };
}

export interface AnalyseJobInput {
  jobId: string;
  datasetDir: string;
  network: NetworkId;
  imageSize: number;
  workDir: string;
  transform: ResolvedTransform;
  seenCategories: number[];
  layer?: string;
  tau: number | 'auto';
  maxUnits: number;
  layerwise: boolean;
  seed: number;
}

export interface AnalyseJobResult {
  analysis: Omit<NetworkAnalysis, 'jobId' | 'seenCount' | 'seed' | 'transform'>;
  /** Per-neuron I_k (NaN where excluded), for violins; all / seen / unseen. */
  invariance: { all: Float32Array; seen: Float32Array; unseen: Float32Array };
  /** Active neurons per test image, and fraction of images each neuron is active for. */
  activePerImage: Float32Array;
  imagesPerNeuron: Float32Array;
}

/** Callbacks a running job gets; the worker turns them into protocol messages. */
export interface JobHooks {
  progress(p: JobProgress): void;
  epoch(e: Omit<EpochRecord, 'jobId'>): void;
  log(level: 'info' | 'warn' | 'error', message: string): void;
  /** Checked between steps: 'pause' and 'cancel' stop after saving a checkpoint. */
  control(): 'run' | 'pause' | 'cancel';
  /**
   * Optional, after every training step: which images it used and the loss. The controlled
   * comparison with PyTorch (scripts/controlled-compare.ts) replays these in the peer.
   */
  trace?(t: StepTrace): void;
}

/** One training step: indices into the job's training images, which were transformed, the loss. */
export interface StepTrace {
  epoch: number;
  step: number;
  indices: Int32Array;
  picked: Uint8Array;
  loss: number;
}

export interface BackendInfo {
  backend: BackendId;
  reason: string;
}
