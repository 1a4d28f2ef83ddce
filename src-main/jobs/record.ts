// Writes what a worker reports into the store (main thread only), each result in one transaction.
import { specTransforms } from '../../shared/spec';
import type { TransformId } from '../../shared/ids';
import type { NetworkAnalysis, NetworkEvaluation } from '../../shared/results';
import type { JobRecord, Store } from '../store';
import { cleanBaselineFor } from './clean-baseline';
import type { TaskOutcome } from './protocol';

export function recordOutcome(store: Store, job: JobRecord, outcome: Exclude<TaskOutcome, { kind: 'stopped' }>, seconds: number): void {
  store.tx(() => {
    switch (outcome.kind) {
      case 'train': recordTrain(store, job, outcome.result); break;
      case 'calibrate': recordCalibration(store, job, outcome.result); break;
      case 'analyse': recordAnalysis(store, job, outcome.result); break;
    }
    store.jobs.markFinished(job.id, 'done', seconds);
  });
}

function recordTrain(store: Store, job: JobRecord, r: Extract<TaskOutcome, { kind: 'train' }>['result']): void {
  const evaluation: NetworkEvaluation = { ...r.evaluation, jobId: job.id, seenCount: job.seenCount };
  store.evaluations.save(job.experimentId, evaluation);
  for (const c of r.confusions) store.confusions.save({ ...c, jobId: job.id });
  store.jobs.setWeightsPath(job.id, r.weightsPath);
  if (job.transform !== null) return;
  // The clean network: one baseline row per transformation it could already be tested on.
  const exp = store.experiments.get(job.experimentId)!;
  const classes = store.datasets.get(exp.datasetId)?.summary.classes.length;
  for (const t of specTransforms(exp.spec)) {
    const acc = evaluation.byTransform[t.id];
    if (acc !== undefined) store.evaluations.save(job.experimentId, cleanBaselineFor(evaluation, t.id, acc, classes));
  }
}

function recordCalibration(store: Store, job: JobRecord, cal: Extract<TaskOutcome, { kind: 'calibrate' }>['result']): void {
  store.calibrations.save({ ...cal, experimentId: job.experimentId, seed: job.seed, jobId: job.id });
  // The calibration curve holds the clean network's accuracy at the chosen strength: its baseline point.
  const cleanId = job.config.networkJobId;
  const clean = cleanId ? store.evaluations.get(cleanId, null) : null;
  const point = cal.curve.find((p) => p.value === cal.value);
  const exp = store.experiments.get(job.experimentId);
  const classes = exp ? store.datasets.get(exp.datasetId)?.summary.classes.length : undefined;
  if (clean && point) store.evaluations.save(job.experimentId, cleanBaselineFor(clean, cal.transform, point.accuracy, classes));
}

function recordAnalysis(store: Store, job: JobRecord, r: Extract<TaskOutcome, { kind: 'analyse' }>['result']): void {
  const analysis: NetworkAnalysis = {
    ...r.analysis, jobId: job.id, transform: job.transform as TransformId, seenCount: job.seenCount, seed: job.seed,
    networkJobId: job.config.networkJobId,
  };
  store.analyses.save(job.experimentId, job.config.networkJobId ?? job.id, analysis, r);
}
