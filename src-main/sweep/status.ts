// `invlab sweep status`: per job, from its task folder and, where available, squeue / scontrol /
// sacct: pending / running / done / failed, with the reason and the log path. Read-only.
import path from 'node:path';
import type { SweepJobState, SweepJobStatus, SweepStatus } from '../../shared/sweep';

export type { SweepJobState, SweepJobStatus, SweepStatus };
import { SUBMISSION_FILE, readManifest, type Submission, type SweepManifest } from './format';
import { readJsonIfExists } from './files';
import { queryTasks, type SlurmTaskInfo } from './slurm';
import { readResult, readState } from './task';

const GONE = new Set(['CANCELLED', 'FAILED', 'TIMEOUT', 'NODE_FAIL', 'OUT_OF_MEMORY', 'BOOT_FAIL', 'DEADLINE', 'PREEMPTED']);

export function sweepStatus(dirArg: string, manifest?: SweepManifest): SweepStatus {
  const dir = path.resolve(dirArg);
  const m = manifest ?? readManifest(dir);
  const sub = readJsonIfExists<Submission>(path.join(dir, SUBMISSION_FILE), 'submission');
  const arrayOf = new Map<number, string>((sub?.arrays ?? []).flatMap((a) => a.indices.map((i) => [i, a.slurmJobId] as [number, string])));
  const { tasks, source } = queryTasks(sub?.arrays.map((a) => a.slurmJobId) ?? []);

  const jobs = m.jobs.map((j): SweepJobStatus => {
    const arrayId = arrayOf.get(j.index);
    const slurmId = arrayId ? `${arrayId}_${j.index}` : null;
    const s: SlurmTaskInfo | undefined = slurmId ? tasks.get(slurmId) : undefined;
    let st: TaskStateView;
    try {
      st = view(dir, j.id);
    } catch (e) {
      st = { state: 'failed', reason: (e as Error).message, attempts: 0, log: null, node: null, progress: null };
    }
    let state = st.state;
    let reason = st.reason;
    if (state === 'pending' && s) {
      if (s.state === 'RUNNING') state = 'running';
      else if (GONE.has(s.state)) { state = 'failed'; reason = `Slurm: ${s.state}${s.exitCode ? ` (exit ${s.exitCode})` : ''} before the task started`; }
      else reason = s.reason ? `Slurm: ${s.reason}` : null;
    } else if (state === 'running' && s && s.state !== 'RUNNING' && s.state !== 'COMPLETING') {
      // The folder says running, Slurm says it is no longer: killed hard (SIGKILL, node failure, out of memory).
      state = s.state === 'PENDING' ? 'pending' : 'failed';
      reason = s.state === 'PENDING' ? 'requeued; resumes from its checkpoint' : `Slurm: ${s.state}${s.exitCode ? ` (exit ${s.exitCode})` : ''}; the task stopped without saving its state (see its log)`;
    } else if (state === 'interrupted' && s?.state === 'PENDING') {
      state = 'pending';
      reason = `requeued; resumes from its checkpoint${s.reason ? ` (Slurm: ${s.reason})` : ''}`;
    }
    return {
      index: j.index, jobId: j.id, kind: j.kind, state, reason, slurmJobId: slurmId, slurmState: s?.state ?? null, node: st.node ?? s?.node ?? null,
      attempts: st.attempts, log: st.log ? path.resolve(dir, st.log) : null, progress: state === 'running' ? st.progress : null,
    };
  });
  const counts = { pending: 0, running: 0, interrupted: 0, done: 0, failed: 0 } as Record<SweepJobState, number>;
  for (const j of jobs) counts[j.state]++;
  return {
    sweepId: m.sweepId, experimentId: m.experiment.id, experimentName: m.experiment.name, dir, cluster: sub?.cluster ?? null,
    submitted: !!sub, slurmSources: source, counts, jobs,
  };
}

interface TaskStateView { state: SweepJobState; reason: string | null; attempts: number; log: string | null; node: string | null; progress: SweepJobStatus['progress'] }

function view(dir: string, jobId: string): TaskStateView {
  const s = readState(dir, jobId);
  if (!s) return { state: 'pending', reason: null, attempts: 0, log: null, node: null, progress: null };
  if (s.status === 'done') readResult(dir, jobId, s);
  const p = s.progress;
  return {
    state: s.status, reason: s.error, attempts: s.attempts, log: s.log, node: s.slurm.node,
    progress: p ? { epoch: p.epoch, epochs: p.epochs, step: p.step, steps: p.steps } : null,
  };
}
