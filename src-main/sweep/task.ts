// `invlab sweep task <dir> [index]`: what one Slurm array task runs. It reads the sweep folder
// only (never the lab's SQLite database), runs its job with the same worker and engine code as
// a local run, and writes everything into tasks/<job-id>/ atomically:
//   - SIGTERM (scancel, preemption) or SIGINT: the job stops at its next step, a training saves
//     its checkpoint, the task is 'interrupted' and exits 143; run again, it resumes from there;
//   - SIGUSR1 (`#SBATCH --signal=B:USR1@120`, before the time limit): the same, then the task
//     requeues itself with scontrol;
//   - a task whose job is done exits at once: a finished job is never re-run;
//   - result.json is written before state.json says 'done' (with result.json's sha256), so a
//     task folder is either complete or visibly not.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TransformId } from '../../shared/ids';
import type { BackendPreference } from '../engine/backend';
import { buildTaskFrom, type TaskSource } from '../jobs/inputs';
import { WorkerPool, defaultWorkerMemoryMb } from '../jobs/pool';
import type { TaskOutcome } from '../jobs/protocol';
import type { JobRecord } from '../store';
import {
  SUBMISSION_FILE, SweepError, datasetDirOf, jobByIndex, readManifest, taskDir,
  type ManifestJob, type Submission, type SweepManifest, type TaskEpochs, type TaskState,
} from './format';
import { readJson, readJsonIfExists, sha256, writeJsonAtomic } from './files';
import { rearmDependents, requeueSelf } from './slurm';

export const STATE_FILE = 'state.json';
export const RESULT_FILE = 'result.json';
export const EPOCHS_FILE = 'epochs.json';
export const LOG_FILE = 'task.log';

export interface TaskResultFile { jobId: string; outcome: Exclude<TaskOutcome, { kind: 'stopped' }> }

export function readState(dir: string, jobId: string): TaskState | null {
  return readJsonIfExists<TaskState>(path.join(taskDir(dir, jobId), STATE_FILE), 'task state');
}

/** The result of a done task, checked against the sha256 its state recorded. Throws naming the file. */
export function readResult(dir: string, jobId: string, state: TaskState): TaskResultFile {
  const file = path.join(taskDir(dir, jobId), RESULT_FILE);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    throw new SweepError(`task ${jobId}: ${file} is missing although state.json says done (the task folder is half-written or was edited)`);
  }
  if (!state.resultSha256 || sha256(bytes) !== state.resultSha256) {
    throw new SweepError(`task ${jobId}: ${file} does not match the checksum in state.json (half-written or edited); run the task again with \`scontrol requeue\` or \`invlab sweep task\``);
  }
  const r = readJson<TaskResultFile>(file, 'task result');
  if (r.jobId !== jobId || !r.outcome || !['train', 'calibrate', 'analyse'].includes(r.outcome.kind)) throw new SweepError(`task ${jobId}: ${file} is not a result of this job`);
  return r;
}

/** The sweep folder as the engine's input source: calibrations and network folders come from other tasks. */
export function sweepSource(dir: string, m: SweepManifest): TaskSource {
  const datasetDir = datasetDirOf(dir, m);
  return {
    context: () => ({ spec: m.experiment.spec, datasetDir, imageSize: m.experiment.spec.imageSize ?? m.dataset.summary.size }),
    calibration: (_exp, seed, t: TransformId) => {
      const cal = m.jobs.find((j) => j.kind === 'calibrate' && j.transform === t && j.seed === seed);
      const state = cal ? readState(dir, cal.id) : null;
      if (!cal || state?.status !== 'done') return null;
      const r = readResult(dir, cal.id, state).outcome;
      return r.kind === 'calibrate' ? { param: r.result.param, value: r.result.value } : null;
    },
    workDirOf: (id) => (m.jobs.some((j) => j.id === id) ? taskDir(dir, id) : null),
  };
}

function asRecord(dir: string, m: SweepManifest, j: ManifestJob): JobRecord {
  return {
    ...j, experimentId: m.experiment.id, workDir: taskDir(dir, j.id), status: 'running', attempts: 0, backend: null, weightsPath: null,
    createdAt: m.createdAt, startedAt: null, finishedAt: null, seconds: null, error: null, progress: null,
  };
}

function slurmEnv(env: NodeJS.ProcessEnv): TaskState['slurm'] {
  const arrayJob = env.SLURM_ARRAY_JOB_ID ?? null;
  const arrayTask = env.SLURM_ARRAY_TASK_ID ?? null;
  return {
    cluster: env.SLURM_CLUSTER_NAME ?? null, jobId: arrayJob && arrayTask ? `${arrayJob}_${arrayTask}` : env.SLURM_JOB_ID ?? null,
    arrayJobId: arrayJob, arrayTaskId: arrayTask, node: env.SLURMD_NODENAME ?? os.hostname(), restarts: Number(env.SLURM_RESTART_COUNT ?? 0) || 0,
  };
}

function memoryBudgetMb(env: NodeJS.ProcessEnv): number {
  // Slurm's allocation, not the node's memory: the job is killed above it.
  const perNode = Number(env.SLURM_MEM_PER_NODE);
  const perCpu = Number(env.SLURM_MEM_PER_CPU) * Number(env.SLURM_CPUS_PER_TASK ?? 1);
  const slurm = Number.isFinite(perNode) && perNode > 0 ? perNode : Number.isFinite(perCpu) && perCpu > 0 ? perCpu : null;
  return slurm ? Math.max(256, Math.floor(slurm * 0.85)) : defaultWorkerMemoryMb(1);
}

export interface TaskRunOptions {
  backend?: BackendPreference;
  env?: NodeJS.ProcessEnv;
  print?: (line: string) => void;
}

/** Runs one array task; resolves to the process exit code. */
export async function runSweepTask(dirArg: string, indexArg: string | undefined, opts: TaskRunOptions = {}): Promise<number> {
  const env = opts.env ?? process.env;
  const print = opts.print ?? ((l: string) => process.stdout.write(`${l}\n`));
  const dir = path.resolve(dirArg);
  const m = readManifest(dir);
  const raw = indexArg ?? env.SLURM_ARRAY_TASK_ID;
  if (raw === undefined) throw new SweepError('no array index: give one (`invlab sweep task <dir> <index>`) or run as a Slurm array task (SLURM_ARRAY_TASK_ID)');
  const index = Number(raw);
  if (!Number.isInteger(index) || index < 0) throw new SweepError(`array index must be a non-negative integer (got "${raw}")`);
  const job = jobByIndex(m, index);
  const folder = taskDir(dir, job.id);
  fs.mkdirSync(folder, { recursive: true });
  const logFile = path.join(folder, LOG_FILE);
  const log = (line: string) => {
    const l = `${new Date().toISOString()} ${line}`;
    fs.appendFileSync(logFile, `${l}\n`);
    print(`[${job.id}] ${line}`);
  };

  const previous = readState(dir, job.id);
  if (previous?.status === 'done') {
    readResult(dir, job.id, previous); // a done task whose result is damaged must not be skipped silently
    log(`already done (${previous.finishedAt}); not run again`);
    return 0;
  }
  for (const d of job.dependsOn) {
    const s = readState(dir, d);
    if (s?.status !== 'done') {
      const message = `not run: it needs ${d}, which is ${s ? s.status : 'not started'}`;
      writeState(dir, { ...baseState(job, previous, env, logFile, m), status: 'failed', error: message, finishedAt: new Date().toISOString() });
      log(message);
      return 1;
    }
  }

  const backendPref = opts.backend ?? m.backend;
  let state: TaskState = { ...baseState(job, previous, env, logFile, m), status: 'running', startedAt: previous?.startedAt ?? new Date().toISOString(), error: null };
  writeState(dir, state);
  log(`start: ${job.kind} (array index ${index}, attempt ${state.attempts}${state.slurm.jobId ? `, Slurm job ${state.slurm.jobId} on ${state.slurm.node}` : ''})`);

  const pool = new WorkerPool({ size: 1, backend: backendPref, memoryLimitMb: memoryBudgetMb(env) });
  let stop: 'term' | 'timelimit' | null = null;
  const onTerm = () => { stop ??= 'term'; pool.control(job.id, 'pause'); };
  const onUsr1 = () => { stop ??= 'timelimit'; pool.control(job.id, 'pause'); };
  process.on('SIGTERM', onTerm);
  process.on('SIGINT', onTerm);
  process.on('SIGUSR1', onUsr1);
  const t0 = Date.now();
  const seconds = () => (Date.now() - t0) / 1000;
  try {
    const [info] = await pool.ready();
    state = { ...state, backend: info!.backend };
    writeState(dir, state);
    log(`backend: ${info!.backend} (${info!.reason})`);
    const task = buildTaskFrom(sweepSource(dir, m), asRecord(dir, m, job));
    if (stop) {
      writeState(dir, { ...state, status: 'interrupted', error: 'stopped by a signal before it started' });
      log('stopped by a signal before the job started');
      return 143;
    }
    const epochs = readJsonIfExists<TaskEpochs>(path.join(folder, EPOCHS_FILE), 'task epochs') ?? { epochs: [] };
    let lastWrite = 0;
    const { outcome } = await pool.run(job.id, task, {
      progress: (p) => {
        if (Date.now() - lastWrite < 5000) return;
        lastWrite = Date.now();
        state = { ...state, progress: p };
        writeState(dir, state);
      },
      epoch: (e) => {
        epochs.epochs = [...epochs.epochs.filter((x) => x.epoch !== e.epoch), e].sort((a, b) => a.epoch - b.epoch);
        writeJsonAtomic(path.join(folder, EPOCHS_FILE), epochs);
        log(`epoch ${e.epoch}: loss ${e.trainLoss.toFixed(4)}, train ${(100 * e.trainAccuracy).toFixed(1)}%, validation ${(100 * e.valAccuracy).toFixed(1)}%`);
      },
      log: (level, message) => log(`${level === 'info' ? '' : `${level}: `}${message}`),
    });

    if (outcome.kind === 'stopped') {
      const why = stop === 'timelimit' ? 'the time limit is near (SIGUSR1)' : 'SIGTERM (scancel or preemption)';
      writeState(dir, { ...state, status: 'interrupted', seconds: state.seconds + seconds(), error: `stopped by ${why}; resumes from its checkpoint when run again` });
      log(`stopped by ${why}; checkpoint saved`);
      if (stop === 'timelimit' && state.slurm.jobId) log(requeueSelf(state.slurm.jobId) ? `requeued ${state.slurm.jobId}` : `could not requeue ${state.slurm.jobId}; requeue it by hand (scontrol requeue)`);
      return 143;
    }
    const result: TaskResultFile = { jobId: job.id, outcome };
    writeJsonAtomic(path.join(folder, RESULT_FILE), result);
    const digest = sha256(fs.readFileSync(path.join(folder, RESULT_FILE)));
    writeState(dir, { ...state, status: 'done', finishedAt: new Date().toISOString(), seconds: state.seconds + seconds(), progress: null, resultSha256: digest });
    log(`done in ${seconds().toFixed(1)} s`);
    if (state.slurm.restarts > 0) {
      const sub = readJsonIfExists<Submission>(path.join(dir, SUBMISSION_FILE), 'submission');
      const rearmed = sub ? rearmDependents(sub, job.level) : [];
      if (rearmed.length) log(`re-armed the dependencies of array(s) ${rearmed.join(', ')} (they waited for this requeued task)`);
    }
    return 0;
  } catch (e) {
    const message = (e as Error).message;
    writeState(dir, { ...state, status: 'failed', finishedAt: new Date().toISOString(), seconds: state.seconds + seconds(), error: message });
    log(`failed: ${message}`);
    return 1;
  } finally {
    process.off('SIGTERM', onTerm);
    process.off('SIGINT', onTerm);
    process.off('SIGUSR1', onUsr1);
    await pool.close();
  }
}

function baseState(job: ManifestJob, previous: TaskState | null, env: NodeJS.ProcessEnv, logFile: string, m: SweepManifest): TaskState {
  const slurm = slurmEnv(env);
  const out = slurm.arrayJobId && slurm.arrayTaskId
    ? path.join('logs', `invlab-${m.experiment.id}-L${job.level}-${slurm.arrayJobId}_${slurm.arrayTaskId}.out`) : path.relative(path.dirname(path.dirname(path.dirname(logFile))), logFile);
  return {
    jobId: job.id, index: job.index, status: 'running', attempts: (previous?.attempts ?? 0) + 1, backend: previous?.backend ?? null,
    startedAt: previous?.startedAt ?? null, finishedAt: null, seconds: previous?.seconds ?? 0, error: null, progress: null, slurm, log: out, resultSha256: null,
  };
}

function writeState(dir: string, s: TaskState): void {
  writeJsonAtomic(path.join(taskDir(dir, s.jobId), STATE_FILE), s);
}
