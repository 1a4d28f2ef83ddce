// Read-only access to the large arrays of a finished analysis or evaluation, for figures and
// reports (the report module reads through this, never SQL).
import type { TransformId } from '../../shared/ids';
import type { ConfusionMatrix } from '../../shared/results';
import type { Store } from './index';

export interface BlobReader {
  /** Per-neuron I_k of an analyse job (NaN where excluded): all, seen and unseen categories. */
  invariance(jobId: string): { all: Float32Array; seen: Float32Array; unseen: Float32Array } | null;
  /** Number of active neurons for each test image. */
  activePerImage(jobId: string): Float32Array | null;
  /** Fraction of test images each neuron is active for. */
  imagesPerNeuron(jobId: string): Float32Array | null;
  /** Confusion matrix of a train job on clean or transformed test images. */
  confusion(jobId: string, condition: 'clean' | TransformId): ConfusionMatrix | null;
}

export function createBlobReader(store: Store): BlobReader {
  return {
    invariance: (jobId) => store.analyses.arrays(jobId)?.invariance ?? null,
    activePerImage: (jobId) => store.analyses.arrays(jobId)?.activePerImage ?? null,
    imagesPerNeuron: (jobId) => store.analyses.arrays(jobId)?.imagesPerNeuron ?? null,
    confusion: (jobId, condition) => store.confusions.get(jobId, condition),
  };
}
