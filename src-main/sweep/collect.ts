// `invlab sweep collect <dir>`: finished tasks of a sweep folder -> the run history, exactly as
// a local run records them (the same recordOutcome), plus where each job ran (cluster, Slurm
// job id, node). Idempotent (a job already collected is skipped) and partial (unfinished jobs
// stay queued-on-the-cluster until a later collect). Every file is read and checked before the
// one transaction that writes; a task folder that is half-written or edited is named and left
// out, never half-imported.
import fs from 'node:fs';
import path from 'node:path';
import type { EpochRecord } from '../../shared/results';
import type { SweepCollectResult } from '../../shared/sweep';
import { CHECKPOINT_FILE } from '../engine/train/checkpoint';
import { recordOutcome } from '../jobs/record';
import { experimentStatusOf } from '../jobs/status';
import type { NewJob, Store } from '../store';
import { SweepError, datasetDirOf, readManifest, taskDir, SUBMISSION_FILE, type ManifestJob, type Submission, type SweepManifest, type TaskEpochs, type TaskState } from './format';
import { readJsonIfExists } from './files';
import { EPOCHS_FILE, readResult, readState, type TaskResultFile } from './task';

export type CollectResult = SweepCollectResult;

interface Ready { job: ManifestJob; state: TaskState; result: TaskResultFile; epochs: Omit<EpochRecord, 'jobId'>[] }

function newJobs(store: Store, m: SweepManifest): NewJob[] {
  return m.jobs.map((j) => ({
    id: j.id, experimentId: m.experiment.id, ordinal: j.ordinal, kind: j.kind, transform: j.transform, seenCount: j.seenCount, seed: j.seed,
    seenCategories: j.seenCategories, config: j.config, dependsOn: j.dependsOn, workDir: store.layout.jobDir(j.id),
  }));
}

/** A collected job's files (weights, epochs, logs; not the training checkpoint) are copied into the history's data folder. */
function copyTaskFiles(from: string, to: string): void {
  fs.rmSync(to, { recursive: true, force: true });
  fs.mkdirSync(to, { recursive: true });
  for (const f of fs.readdirSync(from)) {
    if (f === CHECKPOINT_FILE || f.includes('.tmp-')) continue;
    fs.cpSync(path.join(from, f), path.join(to, f), { recursive: true });
  }
}

export function collectSweep(store: Store, dirArg: string): CollectResult {
  const dir = path.resolve(dirArg);
  const m = readManifest(dir);
  const existing = store.experiments.get(m.experiment.id);
  if (existing && existing.specKey !== m.experiment.specKey) {
    throw new SweepError(`experiment ${m.experiment.id} in the history has another spec than sweep ${m.sweepId} in ${dir}; not collecting`);
  }
  const sub = readJsonIfExists<Submission>(path.join(dir, SUBMISSION_FILE), 'submission');
  if (!sub) throw new SweepError(`${dir} was never submitted (no ${SUBMISSION_FILE}: a --dry-run folder?); submit it with slurm/submit.sh or \`invlab sweep submit\``);
  const arrayOf = new Map<number, string>(sub.arrays.flatMap((a) => a.indices.map((i) => [i, a.slurmJobId] as [number, string])));

  const out: CollectResult = { sweepId: m.sweepId, experimentId: m.experiment.id, imported: [], alreadyCollected: 0, failed: [], notFinished: 0, problems: [] };
  const ready: Ready[] = [];
  const failed: { job: ManifestJob; state: TaskState }[] = [];
  for (const job of m.jobs) {
    const inStore = existing ? store.jobs.get(job.id) : null;
    if (inStore?.status === 'done') { out.alreadyCollected++; continue; }
    try {
      const state = readState(dir, job.id);
      if (!state || state.status === 'running' || state.status === 'interrupted') { out.notFinished++; continue; }
      if (state.status === 'failed') { failed.push({ job, state }); continue; }
      const result = readResult(dir, job.id, state);
      const epochs = readJsonIfExists<TaskEpochs>(path.join(taskDir(dir, job.id), EPOCHS_FILE), 'task epochs')?.epochs ?? [];
      ready.push({ job, state, result, epochs });
    } catch (e) {
      out.problems.push({ jobId: job.id, message: (e as Error).message });
    }
  }
  // A job is imported only with everything it needs imported too (now or before).
  const importable = new Set<string>();
  const doneBefore = (id: string) => existing && store.jobs.get(id)?.status === 'done';
  for (const r of ready) {
    const missing = r.job.dependsOn.find((d) => !importable.has(d) && !doneBefore(d));
    if (missing) out.problems.push({ jobId: r.job.id, message: `done on the cluster, but ${missing} it depends on cannot be collected; left out` });
    else importable.add(r.job.id);
  }
  const toImport = ready.filter((r) => importable.has(r.job.id));

  for (const r of toImport) copyTaskFiles(taskDir(dir, r.job.id), store.layout.jobDir(r.job.id));
  try {
    store.tx(() => {
      if (!existing) {
        if (!store.datasets.get(m.experiment.datasetId)) store.datasets.save(m.dataset.summary, datasetDirOf(dir, m));
        store.experiments.create({ id: m.experiment.id, name: m.experiment.name, datasetId: m.experiment.datasetId, spec: m.experiment.spec, specKey: m.experiment.specKey });
        for (const [seed, perm] of Object.entries(m.experiment.seenOrders)) store.experiments.putSeenOrder(m.experiment.id, Number(seed), perm);
        store.jobs.insertMany(newJobs(store, m));
      }
      if (!store.sweeps.get(m.sweepId)) {
        store.sweeps.save({ id: m.sweepId, experimentId: m.experiment.id, dir, cluster: sub.cluster, submission: sub }, m.jobs.map((j) => ({ jobId: j.id, arrayIndex: j.index })));
      }
      for (const r of toImport) {
        const where = { cluster: r.state.slurm.cluster ?? sub.cluster, slurmJobId: r.state.slurm.jobId ?? (arrayOf.has(r.job.index) ? `${arrayOf.get(r.job.index)}_${r.job.index}` : null), node: r.state.slurm.node };
        store.sweeps.markCollected(r.job.id, where, { backend: (r.state.backend as never) ?? null, attempts: r.state.attempts, startedAt: r.state.startedAt });
        for (const e of r.epochs) store.epochs.record({ ...e, jobId: r.job.id });
        const outcome = r.result.outcome;
        const local = outcome.kind === 'train'
          ? { ...outcome, result: { ...outcome.result, weightsPath: path.join(store.layout.jobDir(r.job.id), path.basename(outcome.result.weightsPath)) } }
          : outcome;
        recordOutcome(store, store.jobs.get(r.job.id)!, local, r.state.seconds);
        if (r.state.finishedAt) store.sweeps.setFinishedAt(r.job.id, r.state.finishedAt);
        out.imported.push(r.job.id);
      }
      for (const f of failed) {
        const j = store.jobs.get(f.job.id)!;
        const error = `${f.state.error ?? 'failed'} (on ${f.state.slurm.node ?? 'the cluster'}; log ${path.resolve(dir, f.state.log)})`;
        if (j.status !== 'failed' || j.error !== error) {
          store.sweeps.markCollected(f.job.id, { cluster: f.state.slurm.cluster ?? sub.cluster, slurmJobId: f.state.slurm.jobId, node: f.state.slurm.node },
            { backend: (f.state.backend as never) ?? null, attempts: f.state.attempts, startedAt: f.state.startedAt });
          store.jobs.markFinished(f.job.id, 'failed', 0, error);
        }
        out.failed.push({ jobId: f.job.id, error });
      }
      const status = experimentStatusOf(store.jobs.byExperiment(m.experiment.id));
      const exp = store.experiments.get(m.experiment.id)!;
      if (status !== exp.status) store.experiments.setStatus(m.experiment.id, status);
    });
  } catch (e) {
    // Nothing of this collect is in the history; the copied files are not referenced by it.
    for (const r of toImport) if (!store.jobs.get(r.job.id) || store.jobs.get(r.job.id)!.status !== 'done') fs.rmSync(store.layout.jobDir(r.job.id), { recursive: true, force: true });
    throw new SweepError(`collect of ${dir} failed, nothing was imported: ${(e as Error).message}`);
  }
  return out;
}
