// Shapes of stored results, as `invlab runs show --json`, the app and reports read them.
// Changing a field here changes docs/cli.md's stable JSON: add fields, never rename.
import type { BackendId, NetworkId, SeenCount, TransformId } from './ids';
import type { ExperimentSpec } from './spec';

export type JobKind = 'train' | 'calibrate' | 'analyse';
export type JobStatus = 'queued' | 'running' | 'paused' | 'done' | 'failed' | 'cancelled';
export type ExperimentStatus = 'queued' | 'running' | 'paused' | 'done' | 'failed' | 'cancelled';

export interface DatasetSummary {
  id: string;
  name: string;
  source: 'builtin' | 'idx' | 'folder';
  classes: string[];
  size: number;
  channels: 1 | 3;
  counts: { train: number; val: number; test: number };
  createdAt: string;
  /** Files skipped at import, with the reason for each. */
  importReport?: ImportReport;
}

export interface ImportReport {
  imported: number;
  skipped: { file: string; reason: string }[];
  warnings: string[];
}

export interface JobSummary {
  id: string;
  experimentId: string;
  kind: JobKind;
  /** null for the clean network (seen count 0), shared by all transformations of a seed. */
  transform: TransformId | null;
  seenCount: SeenCount;
  seed: number;
  status: JobStatus;
  attempts: number;
  backend: BackendId | null;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  /** Last reported progress, for the queue view. */
  progress: JobProgress | null;
  /** Only for jobs run on a Slurm cluster (`invlab sweep`, docs/cluster.md): where they ran, once collected. */
  cluster?: JobClusterInfo;
}

export interface JobClusterInfo {
  /** Slurm's ClusterName, null when it could not be asked. */
  name: string | null;
  sweepId: string;
  sweepDir: string;
  arrayIndex: number;
  /** "<array job id>_<index>", null before the task ran. */
  slurmJobId: string | null;
  node: string | null;
  collectedAt: string | null;
}

export interface JobProgress {
  epoch: number;
  epochs: number;
  step: number;
  steps: number;
  loss: number;
  accuracy: number;
  imagesPerSecond: number;
}

export interface EpochRecord {
  jobId: string;
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  valAccuracy: number;
  seconds: number;
  imagesPerSecond: number;
}

/** Paper Fig. 6: percentages of transformed test images predicted as a seen / unseen category. */
export interface Quadrants {
  seenAsSeen: number | null;
  seenAsUnseen: number | null;
  unseenAsSeen: number | null;
  unseenAsUnseen: number | null;
}

export interface NetworkEvaluation {
  jobId: string;
  transform: TransformId | null;
  seenCount: SeenCount;
  seed: number;
  seenCategories: number[];
  bestEpoch: number;
  valAccuracy: number;
  cleanAccuracy: number;
  cleanSeen: number | null;
  cleanUnseen: number | null;
  /** Top-1 on transformed test images of seen categories (null when none are seen). */
  within: number | null;
  /** Top-1 on transformed test images of unseen categories (null when all are seen). */
  across: number | null;
  /** Top-1 on all transformed test images. */
  transformedAccuracy: number | null;
  /** Accuracy on every transformation of the experiment, all categories (paper Fig. 2a row). */
  byTransform: Partial<Record<TransformId, number>>;
  quadrants: Quadrants | null;
  /**
   * Added (issue 14): the "transformed means seen" shortcut measured apart (SPEC.md section 3).
   * across: transformed test images of unseen categories, argmax over the unseen categories'
   * logits only; within: of seen categories over the seen categories' logits. Absent on
   * evaluations stored before it existed.
   */
  restricted?: { within: RestrictedAccuracy | null; across: RestrictedAccuracy | null };
  /** Added (issue 14): test images of seen / unseen categories (the n behind within / across). */
  testImages?: { seen: number; unseen: number; all: number };
}

/** An accuracy with the choice restricted to some categories, beside its chance level. */
export interface RestrictedAccuracy {
  accuracy: number;
  /** 1 / number of categories in the choice. */
  chance: number;
  /** (accuracy - chance) / (1 - chance); null when the choice has one category (chance 1). */
  corrected: number | null;
  /** Categories in the choice and test images scored. */
  categories: number;
  images: number;
}

export interface ConfusionMatrix {
  jobId: string;
  /** 'clean' or the transformation the test images went through. */
  condition: 'clean' | TransformId;
  /** counts[true][predicted] */
  counts: number[][];
}

export interface Calibration {
  transform: TransformId;
  param: string;
  value: number;
  target: number;
  /** Accuracy of the clean network at each tried value. */
  curve: { value: number; accuracy: number }[];
  /** The seed whose clean network was calibrated (one calibration per seed). */
  seed?: number;
  /** Added (issue 14): false when the search stopped at the strongest allowed value above the target. */
  reachedTarget?: boolean;
  /** Added (issue 14): the strongest allowed value for this image size (SPEC.md section 4). */
  bound?: number;
  /** Added (issue 14): 'paper' (fall below the target) or 'learnable' (strongest learnable level). */
  rule?: 'paper' | 'learnable';
  /** Added (issue 14): one sentence saying what the search found. */
  message?: string;
  /** Added (issue 14), rule 'learnable': the probed strengths, strongest first, and the all-transformed probe network's accuracy on transformed test images at each. */
  probes?: { value: number; transformedAccuracy: number }[];
}

export interface InvarianceSummary {
  /** Neurons with an I_k. */
  count: number;
  dead: number;
  emptyActive: number;
  mean: number | null;
  q1: number | null;
  median: number | null;
  q3: number | null;
}

export interface TauPoint {
  tau: number;
  /** Accuracy when neurons with f_k(x) <= tau are zeroed. */
  inactiveAblatedClean: number;
  inactiveAblatedTransformed: number;
  /** Accuracy when neurons with f_k(x) > tau are zeroed. */
  activeAblatedClean: number;
  activeAblatedTransformed: number;
}

export interface NetworkAnalysis {
  jobId: string;
  transform: TransformId;
  seenCount: SeenCount;
  seed: number;
  layer: string;
  tau: number;
  tauSource: 'search' | 'fixed';
  tauSearch: TauPoint[];
  all: InvarianceSummary;
  seen: InvarianceSummary | null;
  unseen: InvarianceSummary | null;
  layerwise: { layer: string; all: number | null; seen: number | null; unseen: number | null }[];
  /** The train job whose network was analysed (`jobId` is the analyse job's id). */
  networkJobId?: string;
}

export interface Correlation {
  transform: TransformId | 'all';
  against: 'within' | 'across';
  n: number;
  r: number | null;
  low: number | null;
  high: number | null;
  /** Added (issue 14): analysed networks left out because their clean accuracy is not clearly above chance. */
  excludedAtChance?: number;
}

export interface ExperimentSummary {
  id: string;
  name: string;
  datasetId: string;
  datasetName: string;
  network: NetworkId;
  transforms: TransformId[];
  status: ExperimentStatus;
  createdAt: string;
  finishedAt: string | null;
  jobs: { total: number; done: number; failed: number };
}

export interface ExperimentDetail extends ExperimentSummary {
  spec: ExperimentSpec;
  dataset: DatasetSummary;
  calibrations: Calibration[];
  jobList: JobSummary[];
  evaluations: NetworkEvaluation[];
  analyses: NetworkAnalysis[];
  correlations: Correlation[];
  /** Added (issue 14): per (transformation, seen count) means over seeds with 95 % intervals, and the trust flags (shared/trust.ts). */
  summary?: ResultSummary;
}

/** A mean over seeds with its 95 % interval (shared/trust.ts says how it is computed). */
export interface Interval {
  mean: number | null;
  low: number | null;
  high: number | null;
  /** Values behind the mean: seeds, or 1 with a bootstrap over test images. */
  n: number;
  /** 't': t over seeds; 'bootstrap': one seed, percentile bootstrap over test images; 'none': no interval (one value, nothing to resample). */
  method: 't' | 'bootstrap' | 'none';
}

/** Why a number cannot be read as the paper's measure; `sentence` is shown next to it. */
export interface TrustFlag {
  kind: 'shortcut' | 'not-learnable' | 'already-robust' | 'at-chance' | 'target-not-reached';
  transform: TransformId | null;
  seenCount: SeenCount | null;
  sentence: string;
}

export interface SummaryRow {
  transform: TransformId;
  seenCount: SeenCount;
  /** Networks (seeds) at this point. */
  networks: number;
  /** Accuracies as fractions in [0, 1]. */
  within: Interval;
  across: Interval;
  clean: Interval;
  restrictedAcross: Interval;
  restrictedAcrossChance: number | null;
  restrictedAcrossCorrected: Interval;
  restrictedWithin: Interval;
  restrictedWithinChance: number | null;
  restrictedWithinCorrected: Interval;
  /** Quadrant I: percentage (0-100) of unseen categories' transformed images predicted as some seen category. */
  unseenAsSeen: Interval;
  /** Mean invariance I_k (all neurons) of the analysed networks clearly above chance. */
  invariance: Interval;
  /** Networks left out of `invariance` because their clean accuracy is not clearly above chance. */
  excludedAtChance: number;
  /** Across-category accuracy of each network (seed order). */
  acrossBySeed: (number | null)[];
  flags: TrustFlag[];
}

export interface ResultSummary {
  rows: SummaryRow[];
  /** Flags of whole transformations (learnability, already robust, calibration target) and networks at chance. */
  flags: TrustFlag[];
  thresholds: { shortcutPercent: number; aboveChanceMargin: number; learnableRatio: number; hurtsPoints: number };
}
