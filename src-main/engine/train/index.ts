// Training entry points (what src-main/jobs runs) and what analysis needs of a trained network.
export { runTrainJob, validateTrainInput, TRANSFORM_PROBABILITY, type StoppedResult } from './run-train-job';
export { runCalibrateJob } from './run-calibrate-job';
export { createTrainer, type Trainer, type TrainerOptions, type StepResult, type OptimizerState } from './trainer';
export { gatherImages, prepareBatch, type ImageGeometry, type PreparedBatch } from './batches';
export { loadTrainedNetwork, BEST_WEIGHTS_FILE } from '../models/weights';
export { predictLogits, argmaxRows } from '../models/index';
