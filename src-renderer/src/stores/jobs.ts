// The queue: jobs with their live progress, fed by job.* events, plus per-job curves
// (epoch records from the store, and step-level points as they arrive).
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { EpochRecord, JobProgress, JobSummary } from '../../../shared/results';
import { errorText, useLab } from '../api';
import { useLoadState } from './load-state';

export interface CurvePoint { x: number; loss: number; accuracy: number }

const MAX_POINTS = 2000;

export const useJobs = defineStore('jobs', () => {
  const lab = useLab();
  const list = ref<JobSummary[]>([]);
  const { loading, loaded, error, track } = useLoadState();
  const actionError = ref<string | null>(null);
  const selectedId = ref<string | null>(null);
  const epochs = ref<Record<string, EpochRecord[]>>({});
  const live = ref<Record<string, CurvePoint[]>>({});
  const logs = ref<Record<string, { level: string; message: string }[]>>({});

  function upsert(j: JobSummary) {
    const i = list.value.findIndex((x) => x.id === j.id);
    if (i >= 0) list.value.splice(i, 1, { ...j, progress: j.progress ?? list.value[i]!.progress });
    else list.value.unshift(j);
  }

  function pushPoint(jobId: string, p: JobProgress) {
    const x = p.epoch - 1 + (p.steps > 0 ? p.step / p.steps : 1);
    const arr = live.value[jobId] ?? [];
    const last = arr[arr.length - 1];
    if (last && x < last.x) arr.length = 0; // a resumed job restarts its epoch
    arr.push({ x, loss: p.loss, accuracy: p.accuracy });
    if (arr.length > MAX_POINTS) arr.splice(0, arr.length - MAX_POINTS);
    live.value = { ...live.value, [jobId]: arr };
  }

  lab.on('job.progress', ({ jobId, progress }) => {
    const j = list.value.find((x) => x.id === jobId);
    if (j) j.progress = progress;
    else void refresh(false);
    pushPoint(jobId, progress);
  });
  lab.on('job.status', (j) => upsert(j));
  lab.on('job.epoch', (e) => {
    const { experimentId: _x, ...record } = e;
    const arr = epochs.value[e.jobId] ?? [];
    epochs.value = { ...epochs.value, [e.jobId]: [...arr.filter((r) => r.epoch !== e.epoch), record] };
  });
  lab.on('job.log', (l) => {
    const arr = logs.value[l.jobId] ?? [];
    arr.push({ level: l.level, message: l.message });
    if (arr.length > 200) arr.shift();
    logs.value = { ...logs.value, [l.jobId]: arr };
  });

  async function refresh(showLoading = true) {
    await track(async () => {
      list.value = await lab.call('jobs.list', {});
    }, showLoading);
  }

  async function loadEpochs(jobId: string) {
    try {
      epochs.value = { ...epochs.value, [jobId]: await lab.call('jobs.epochs', { jobId }) };
    } catch (e) {
      actionError.value = errorText(e);
    }
  }

  async function act(action: 'jobs.pause' | 'jobs.resume' | 'jobs.cancel', id: string) {
    actionError.value = null;
    try {
      await lab.call(action, { id });
      await refresh(false);
    } catch (e) {
      actionError.value = errorText(e);
    }
  }

  async function all(action: 'queue.pauseAll' | 'queue.resumeAll') {
    actionError.value = null;
    try {
      await lab.call(action, undefined);
      await refresh(false);
    } catch (e) {
      actionError.value = errorText(e);
    }
  }

  /** One experiment's jobs at once (the Queue's group controls). */
  async function control(experimentId: string, action: 'run' | 'pause' | 'cancel') {
    actionError.value = null;
    try {
      await lab.call('experiments.control', { id: experimentId, action });
      await refresh(false);
    } catch (e) {
      actionError.value = errorText(e);
    }
  }

  return { list, loading, loaded, error, actionError, selectedId, epochs, live, logs, refresh, loadEpochs, act, all, control };
});
