// The queue: jobs with their live progress, fed by job.* events, plus per-job curves
// (epoch records from the store, and step-level points as they arrive).
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { EpochRecord, JobProgress, JobSummary } from '../../../shared/results';
import { errorText, useLab } from '../api';
import { useLoadState } from './load-state';
import { curvePoint, type CurvePoint } from '../lib/live-curve';

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
    const arr = live.value[jobId] ?? [];
    const point = curvePoint(arr[arr.length - 1], p);
    if (arr.length && point.x < arr[arr.length - 1]!.x) arr.length = 0; // a resumed job restarts its epoch
    arr.push(point);
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

  /** Experiments whose jobs are all in `list` (the Queue loads a group's jobs when it opens). */
  const loadedExperiments = ref<Set<string>>(new Set());

  /** Every job (small histories, tests); the Queue uses refreshQueue at a lab's scale. */
  async function refresh(showLoading = true) {
    await track(async () => {
      list.value = await lab.call('jobs.list', {});
      loadedExperiments.value = new Set(list.value.map((j) => j.experimentId));
    }, showLoading);
  }

  /** The active jobs plus every job of the given experiments (open groups), not the whole history. */
  async function refreshQueue(experimentIds: string[], showLoading = true) {
    await track(async () => {
      const [activeJobs, ...perExp] = await Promise.all([
        lab.call('jobs.list', { active: true }),
        ...experimentIds.map((experimentId) => lab.call('jobs.list', { experimentId })),
      ]);
      const keep = new Set(experimentIds);
      const byId = new Map<string, JobSummary>();
      for (const j of list.value) if (keep.has(j.experimentId)) byId.set(j.id, j);
      for (const j of [...activeJobs!, ...perExp.flat()]) byId.set(j.id, { ...j, progress: j.progress ?? byId.get(j.id)?.progress ?? null });
      list.value = [...byId.values()];
      loadedExperiments.value = new Set(experimentIds);
    }, showLoading);
  }

  /** After an action: the same jobs again (the open groups and the active ones). */
  function refreshLoaded() {
    return refreshQueue([...loadedExperiments.value], false);
  }

  async function loadExperiment(experimentId: string) {
    try {
      for (const j of await lab.call('jobs.list', { experimentId })) upsert(j);
      loadedExperiments.value = new Set([...loadedExperiments.value, experimentId]);
    } catch (e) {
      actionError.value = errorText(e);
    }
  }

  /** Only the active jobs (the sidebar's count at start): a lab's history holds thousands of
   *  finished ones, which the Queue loads when it opens. */
  async function refreshActive() {
    try {
      for (const j of await lab.call('jobs.list', { active: true })) upsert(j);
    } catch {
      // the Queue's own load reports errors
    }
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
      await refreshLoaded();
    } catch (e) {
      actionError.value = errorText(e);
    }
  }

  async function all(action: 'queue.pauseAll' | 'queue.resumeAll') {
    actionError.value = null;
    try {
      await lab.call(action, undefined);
      await refreshLoaded();
    } catch (e) {
      actionError.value = errorText(e);
    }
  }

  /** One experiment's jobs at once (the Queue's group controls). */
  async function control(experimentId: string, action: 'run' | 'pause' | 'cancel') {
    actionError.value = null;
    try {
      await lab.call('experiments.control', { id: experimentId, action });
      await refreshLoaded();
    } catch (e) {
      actionError.value = errorText(e);
    }
  }

  return { list, loading, loaded, error, actionError, selectedId, epochs, live, logs, refresh, refreshActive, refreshQueue, loadExperiment, loadedExperiments, loadEpochs, act, all, control };
});
