export { evaluateNetwork, type EvaluateOptions, type EvaluateResult, type TestEvaluation } from './evaluate-network';
export { predictSplit, confusionOn, confusionAndRestricted, argmaxAmong, EVAL_BATCH, TEST_TRANSFORM_SEED, type PredictOptions, type Predictions } from './predict';
export { confusionCounts, accuracyOf, quadrants, unseenOf, chanceCorrected, restrictedAccuracy, imagesOf } from './metrics';
