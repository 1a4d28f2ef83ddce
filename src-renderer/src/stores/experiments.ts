// Experiments: history list with search and filter, and details of opened experiments.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ExperimentDetail, ExperimentSummary } from '../../../shared/results';
import { errorText, useLab } from '../api';
import { useLoadState } from './load-state';

export const useExperiments = defineStore('experiments', () => {
  const lab = useLab();
  const search = ref('');
  const status = ref('');
  /** Every experiment (pickers, names); `filtered` is the Runs view's search result. */
  const list = ref<ExperimentSummary[]>([]);
  const filtered = ref<ExperimentSummary[]>([]);
  const filtering = computed(() => !!(search.value.trim() || status.value));
  const { loading, loaded, error, track } = useLoadState();
  const details = ref<Record<string, ExperimentDetail>>({});
  const detailError = ref<Record<string, string>>({});

  function upsert(s: ExperimentSummary) {
    for (const arr of [list.value, filtered.value]) {
      const i = arr.findIndex((e) => e.id === s.id);
      if (i >= 0) arr.splice(i, 1, s);
      else if (arr === list.value) arr.unshift(s);
    }
  }

  lab.on('experiment.finished', (s) => {
    upsert(s);
    if (details.value[s.id]) void loadDetail(s.id);
  });
  lab.on('job.status', (j) => {
    const e = list.value.find((x) => x.id === j.experimentId);
    if (e && (j.status === 'done' || j.status === 'failed')) void refreshQuietly();
    else if (e && e.status !== j.status && j.status === 'running') e.status = 'running';
  });

  let quietTimer: ReturnType<typeof setTimeout> | null = null;
  function refreshQuietly() {
    if (quietTimer) return;
    quietTimer = setTimeout(() => {
      quietTimer = null;
      void refresh(false);
    }, 400);
  }

  // Refreshes overlap (events, views): only the latest answer may land, or an older list
  // without a just-created experiment overwrites the newer one.
  let seq = 0;
  async function refresh(showLoading = true) {
    const mine = ++seq;
    await track(async () => {
      const req: { search?: string; status?: string } = {};
      if (search.value.trim()) req.search = search.value.trim();
      if (status.value) req.status = status.value;
      const [all, some] = await Promise.all([
        lab.call('experiments.list', {}),
        filtering.value ? lab.call('experiments.list', req) : null,
      ]);
      if (mine !== seq) return;
      list.value = all;
      filtered.value = some ?? all;
    }, showLoading);
  }

  async function loadDetail(id: string): Promise<ExperimentDetail | null> {
    try {
      const d = await lab.call('experiments.get', { id });
      details.value = { ...details.value, [id]: d };
      const { [id]: _gone, ...rest } = detailError.value;
      detailError.value = rest;
      return d;
    } catch (e) {
      detailError.value = { ...detailError.value, [id]: errorText(e) };
      return null;
    }
  }

  async function remove(id: string) {
    await lab.call('experiments.remove', { id });
    list.value = list.value.filter((e) => e.id !== id);
    filtered.value = filtered.value.filter((e) => e.id !== id);
  }

  return { list, filtered, filtering, loading, loaded, error, search, status, details, detailError, refresh, loadDetail, remove, upsert };
});
