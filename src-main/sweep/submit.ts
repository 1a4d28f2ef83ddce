// `invlab sweep submit`: an experiment (a spec, or one already in the history that has not
// run) -> a self-contained sweep folder -> Slurm arrays, one per dependency level. The
// experiment is recorded in the history only once sbatch accepted every array; its jobs are
// marked as on the cluster (job_cluster), so the local queue never runs them.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SweepSubmitResult } from '../../shared/sweep';
import type { BackendPreference } from '../engine/backend';
import type { ExperimentSpec } from '../../shared/spec';
import { expandExperiment } from '../jobs/expand';
import { defaultName, newExperimentId, specKey } from '../jobs/ids';
import { seededPermutation } from '../jobs/random';
import type { DatasetRecord, ExperimentRecord, NewJob, Store } from '../store';
import {
  MANIFEST_FILE, SUBMISSION_FILE, SWEEP_FORMAT, SWEEP_VERSION, SweepError, manifestChecksum,
  type SlurmOptions, type Submission, type SweepManifest,
} from './format';
import { writeFileAtomic, writeJsonAtomic } from './files';
import { arraySpec, levels, planJobs } from './plan';
import { cancelArrays, checkSweepFolder, requireTool, sbatchScript, scriptName, submitArrays, submitScript } from './slurm';
import { sweepReadme } from './readme';

/** The application's checks of a spec (app/experiments.ts, app/datasets.ts): the parsed spec and
 *  its dataset, or a thrown error naming the field. Passed in, so that sweep/ stays below app/. */
export type CheckSpec = (spec: unknown) => Promise<{ spec: ExperimentSpec; dataset: DatasetRecord }>;

export interface SubmitRequest {
  /** A spec (checked by `checkSpec`) or the id of an experiment in the history that has not run yet. */
  spec?: unknown;
  experimentId?: string;
  dir: string;
  slurm: SlurmOptions;
  backend?: BackendPreference;
  dryRun?: boolean;
  /** Reference the dataset folder in place (it must be on the shared file system) instead of copying it. */
  datasetInPlace?: boolean;
  /** The folder is shared with the compute nodes although its file system looks local. */
  shared?: boolean;
}

export interface SubmitResult extends SweepSubmitResult {
  submission: Submission | null;
}

export function invlabCommand(): { node: string; bin: string } {
  return { node: process.execPath, bin: fileURLToPath(new URL('../../bin/invlab.mjs', import.meta.url)) };
}

function packageVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

interface Planned { experiment: Omit<ExperimentRecord, 'status' | 'createdAt' | 'finishedAt'>; dataset: DatasetRecord; jobs: NewJob[]; seenOrders: Record<string, number[]>; existing: boolean }

async function planExperiment(store: Store, req: SubmitRequest, checkSpec: CheckSpec): Promise<Planned> {
  if (req.experimentId !== undefined) {
    const exp = store.experiments.resolve(req.experimentId);
    if (!exp) throw new SweepError(`experiment ${req.experimentId} is not in the history (${store.dbPath})`);
    const jobs = store.jobs.byExperiment(exp.id);
    const ran = jobs.filter((j) => j.attempts > 0 || j.status === 'done' || j.status === 'running');
    if (ran.length > 0) {
      throw new SweepError(`experiment ${exp.id} has already run ${ran.length} job(s) on this machine; submit its spec ` +
        '(`invlab sweep submit spec.json`) to run it as a new experiment on the cluster');
    }
    const onCluster = jobs.filter((j) => store.sweeps.job(j.id));
    if (onCluster.length) throw new SweepError(`experiment ${exp.id} was already submitted (sweep ${store.sweeps.job(onCluster[0]!.id)!.sweepId}, ${store.sweeps.get(store.sweeps.job(onCluster[0]!.id)!.sweepId)?.dir})`);
    const dataset = store.datasets.get(exp.datasetId);
    if (!dataset) throw new SweepError(`dataset ${exp.datasetId} of experiment ${exp.id} is missing from the history`);
    const seenOrders = Object.fromEntries(exp.spec.seeds.map((s) => [String(s), store.experiments.seenOrder(exp.id, s) ?? seededPermutation(dataset.summary.classes.length, exp.id, s)]));
    return { experiment: exp, dataset, jobs, seenOrders, existing: true };
  }
  const { spec, dataset } = await checkSpec(req.spec);
  const key = specKey(spec, dataset.summary.id);
  const id = newExperimentId(key);
  const classCount = dataset.summary.classes.length;
  const seenOrders: Record<string, number[]> = {};
  const { jobs } = expandExperiment({
    experimentId: id, spec, classCount, jobDir: store.layout.jobDir,
    seenOrder: (seed) => (seenOrders[String(seed)] ??= seededPermutation(classCount, id, seed)),
  });
  return { experiment: { id, name: spec.name ?? defaultName(spec, dataset.summary), datasetId: dataset.summary.id, spec, specKey: key }, dataset, jobs, seenOrders, existing: false };
}

function checkTarget(dir: string): void {
  if (fs.existsSync(path.join(dir, MANIFEST_FILE))) {
    throw new SweepError(`${dir} already holds a sweep (${MANIFEST_FILE}); see it with \`invlab sweep status ${dir}\`, or choose a new folder`);
  }
  if (fs.existsSync(dir) && (!fs.statSync(dir).isDirectory() || fs.readdirSync(dir).length > 0)) {
    throw new SweepError(`${dir} is not an empty folder; choose a new or empty folder for the sweep`);
  }
}

export async function submitSweep(store: Store, req: SubmitRequest, checkSpec: CheckSpec): Promise<SubmitResult> {
  const dir = path.resolve(req.dir);
  const dryRun = !!req.dryRun;
  if (!Number.isInteger(req.slurm.cpus) || req.slurm.cpus < 1) throw new SweepError(`--cpus must be a positive integer (got ${req.slurm.cpus})`);
  checkTarget(dir);
  if (!dryRun) requireTool('sbatch');
  const planned = await planExperiment(store, req, checkSpec);
  checkSweepFolder(dir, { allowLocal: req.shared });

  const createdAt = new Date().toISOString();
  const sweepId = newExperimentId(`${planned.experiment.id}:${dir}`, createdAt);
  const jobs = planJobs(planned.jobs);
  const datasetRel = req.datasetInPlace ? planned.dataset.dir : 'dataset';
  const body: Omit<SweepManifest, 'checksum'> = {
    format: SWEEP_FORMAT, version: SWEEP_VERSION, invlabVersion: packageVersion(), sweepId, createdAt,
    experiment: { ...planned.experiment, seenOrders: planned.seenOrders },
    dataset: { summary: planned.dataset.summary, dir: datasetRel, copied: !req.datasetInPlace },
    backend: req.backend ?? 'auto', command: invlabCommand(), slurm: req.slurm, jobs,
  };
  const manifest: SweepManifest = { ...body, checksum: manifestChecksum(body) };

  // The folder: dataset, scripts, README, then the manifest (what marks it a sweep folder).
  try {
    fs.mkdirSync(path.join(dir, 'tasks'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
    if (!req.datasetInPlace) fs.cpSync(planned.dataset.dir, path.join(dir, 'dataset'), { recursive: true });
    for (const l of levels(jobs)) writeFileAtomic(path.join(dir, 'slurm', scriptName(l[0]!.level)), sbatchScript(dir, manifest, l), 0o755);
    writeFileAtomic(path.join(dir, 'slurm', 'submit.sh'), submitScript(dir, manifest), 0o755);
    writeFileAtomic(path.join(dir, 'README.md'), sweepReadme(dir, manifest));
    writeJsonAtomic(path.join(dir, MANIFEST_FILE), manifest);
  } catch (e) {
    throw new SweepError(`cannot write the sweep folder ${dir}: ${(e as Error).message}`);
  }

  let submission: Submission | null = null;
  if (!dryRun) {
    submission = submitArrays(dir, manifest);
    try {
      writeJsonAtomic(path.join(dir, SUBMISSION_FILE), submission);
      store.tx(() => {
        if (!planned.existing) {
          store.experiments.create(planned.experiment);
          for (const [seed, perm] of Object.entries(planned.seenOrders)) store.experiments.putSeenOrder(planned.experiment.id, Number(seed), perm);
          store.jobs.insertMany(planned.jobs);
        } else {
          // An experiment stored to "run later" waits paused: on the cluster it is queued.
          for (const j of store.jobs.byExperiment(planned.experiment.id)) if (j.status !== 'queued') store.jobs.setStatus(j.id, 'queued');
          store.experiments.setStatus(planned.experiment.id, 'queued');
        }
        store.sweeps.save({ id: sweepId, experimentId: planned.experiment.id, dir, cluster: submission!.cluster, submission },
          jobs.map((j) => ({ jobId: j.id, arrayIndex: j.index })));
      });
    } catch (e) {
      cancelArrays(submission.arrays.map((a) => a.slurmJobId));
      throw new SweepError(`the arrays were submitted but recording the sweep failed, so they were cancelled: ${(e as Error).message}`);
    }
  }
  return {
    sweepId, experimentId: planned.experiment.id, experimentName: planned.experiment.name, dir, jobs: jobs.length, dryRun, submission, cluster: submission?.cluster ?? null,
    submitScript: path.join(dir, 'slurm', 'submit.sh'),
    levels: levels(jobs).map((l) => {
      const a = submission?.arrays.find((x) => x.level === l[0]!.level);
      return { level: l[0]!.level, array: arraySpec(l.map((j) => j.index)), jobs: l.length, kinds: [...new Set(l.map((j) => j.kind))], dependency: a?.dependency ?? null, slurmJobId: a?.slurmJobId ?? null };
    }),
  };
}
