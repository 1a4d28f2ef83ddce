// What differs between runs' specs, each value written as a lab member reads it (not JSON).
import { TRANSFORM_LABEL } from '../../../shared/ids';
import { specTransforms, type ExperimentSpec } from '../../../shared/spec';
import type { ExperimentDetail } from '../../../shared/results';

export interface SpecRow { field: string; label: string; values: string[]; differs: boolean }

const FIELDS: { field: string; label: string; show: (s: ExperimentSpec, d: ExperimentDetail) => string }[] = [
  { field: 'dataset', label: 'Dataset', show: (_s, d) => `${d.datasetName} (${d.dataset.classes.length} categories, ${d.dataset.size}px)` },
  { field: 'network', label: 'Network', show: (s) => s.network },
  { field: 'imageSize', label: 'Image size', show: (s, d) => `${s.imageSize ?? d.dataset.size} px` },
  {
    field: 'transformations', label: 'Transformations', show: (s) => specTransforms(s)
      .map((t) => `${TRANSFORM_LABEL[t.id]}${t.params && Object.keys(t.params).length ? ` (${Object.entries(t.params).map(([k, v]) => `${k} ${v}`).join(', ')})` : ''}`).join(', '),
  },
  { field: 'seenCounts', label: 'Seen counts', show: (s) => s.seenCounts.join(', ') },
  { field: 'seeds', label: 'Seeds', show: (s) => s.seeds.join(', ') },
  { field: 'epochs', label: 'Epochs', show: (s) => String(s.epochs) },
  { field: 'learningRate', label: 'Learning rate', show: (s) => String(s.learningRate) },
  { field: 'learningRateSchedule', label: 'Learning-rate schedule', show: (s) => s.learningRateSchedule ?? 'constant' },
  { field: 'batchSize', label: 'Batch size', show: (s) => String(s.batchSize) },
  { field: 'momentum', label: 'Momentum', show: (s) => String(s.momentum) },
  { field: 'weightDecay', label: 'Weight decay', show: (s) => String(s.weightDecay) },
  { field: 'trainPerClass', label: 'Training images / category', show: (s) => (s.trainPerClass === undefined ? 'all' : String(s.trainPerClass)) },
  { field: 'calibrationTarget', label: 'Calibration target', show: (s) => (s.calibrationTarget === undefined ? 'chance rule' : `${(100 * s.calibrationTarget).toFixed(1)}%`) },
  { field: 'calibrationRule', label: 'Calibration rule', show: (s) => s.calibrationRule ?? 'paper' },
  {
    field: 'analysis', label: 'Invariance analysis', show: (s) => (!s.analysis.enabled ? 'off'
      : [`layer ${s.analysis.layer ?? 'penultimate'}`, s.analysis.tau === 'auto' ? 'τ by ablation search' : `τ ${s.analysis.tau}`,
        `at most ${s.analysis.maxUnits} units`, s.analysis.layerwise ? 'every layer' : 'one layer'].join(', ')),
  },
];

/** Every spec field for these runs; `differs` marks the ones a comparison is about. */
export function specRows(details: readonly ExperimentDetail[]): SpecRow[] {
  return FIELDS.map((f) => {
    const values = details.map((d) => f.show(d.spec, d));
    return { field: f.field, label: f.label, values, differs: new Set(values).size > 1 };
  });
}
