// Neuron-level invariance (SPEC.md section 6): the pure analysis core on activation
// matrices, activation capture and the tau search on tfjs networks, and the analyse job.
export {
  type ActivationMatrix, type PairNames, ActivationInputError, activationMatrix, checkActivationPair,
  checkActivationShapes, seenMaskFromCategories,
} from './activations';
export {
  type InvarianceOptions, type InvarianceResult, type NeuronInvariance,
  computeInvariance, neuronMaxima, rawThresholds, checkTau,
} from './invariance';
export { summariseInvariance, quantileSorted, finiteMean, finiteSorted } from './summary';
export { type PearsonResult, type InvarianceAccuracyPoint, pearson, invarianceAccuracyCorrelations } from '../../../shared/correlation';
export { sampleUnits, unitCount } from './sampling';
export { type AnalysisImages, ANALYSIS_BATCH, imageBatches, batchSeed } from './image-batches';
export { type CapturedLayer, type CaptureOptions, captureLayer, findLayer, layerOutput, layerShape } from './capture';
export { AblationUnsupportedError, buildHead, type Head } from './head';
export {
  type AblationCounts, type TauCounts, type TauSearchResult, TAU_GRID, MAX_DROP_POINTS,
  ablationCounts, ablationCountsFromActivations, chooseTau, toTauSearchResult,
} from './tau-search';
export { type AnalysableNetwork, type AnalyseDeps, type AnalyseStopped, runAnalyseJob } from './run-analyse-job';
export { type ActivationIndex, type ExportedActivations, exportActivations, writeActivationFiles } from './export-activations';
export { type NeuronTopImage, type NeuronTopImages, type NeuronViewOptions, type ViewImage, neuronTopImages } from './neuron-view';
