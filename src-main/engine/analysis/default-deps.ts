// The real sources of an analyse job: the trained network kept in its work folder and the
// test split of the dataset.
import type { AnalyseDeps } from './run-analyse-job';
import { loadDataset } from '../data/format';

export const defaultAnalyseDeps: AnalyseDeps = {
  async loadNetwork(input) {
    const { loadTrainedNetwork } = await import('../models/weights');
    return loadTrainedNetwork(input.workDir, { network: input.network, imageSize: input.imageSize });
  },
  async loadImages(input) {
    const ds = await loadDataset(input.datasetDir);
    return { ...ds.test, size: ds.meta.size, channels: ds.meta.channels };
  },
};
