// The dataset stage: on-disk format, built-in procedural dataset, IDX and folder import.
export { DatasetImportError, DatasetLoadError } from './errors';
export {
  FORMAT_VERSION, SPLIT_NAMES, type SplitName, type DatasetMetaFile,
  loadDataset, readDatasetMeta, readDatasetSummary, isValidDatasetDir, imageBytes,
} from './format';
export { ensureBuiltinDataset, builtinDatasetId, parseBuiltinRef, builtinCounts, BUILTIN_CATEGORIES, BUILTIN_DEFAULTS, type BuiltinOptions } from './builtin/index';
export type { ImportOptions, ImportResult } from './common';
export { importDataset, detectSourceKind, type SourceKind } from './import';
export { importIdx, readIdx, findIdxFiles, FASHION_MNIST_CLASSES, type IdxFiles, type IdxImportOptions } from './idx';
export { importFolder, DEFAULT_FOLDER_SIZE } from './folder';
export { datasetSampleToPng, sampleIndices, splitChannels, type PreviewOptions } from './preview';
export { indicesByClass, subsetPerClass, takeImages, splitCategory, splitSizes, SPLIT_SEED } from './splits';
export { Rng, hashSeed } from './random';
