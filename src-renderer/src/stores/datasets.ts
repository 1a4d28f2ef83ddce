// Datasets: the list, imports with their progress and report, sample grids, previews.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { SampleGrid } from '../../../shared/contract';
import type { DatasetSummary } from '../../../shared/results';
import type { TransformId } from '../../../shared/ids';
import { errorText, useLab } from '../api';
import { useLoadState } from './load-state';

export interface ImportState {
  path: string;
  status: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  error: string | null;
  result: DatasetSummary | null;
}

export const useDatasets = defineStore('datasets', () => {
  const lab = useLab();
  const list = ref<DatasetSummary[]>([]);
  const { loading, loaded, error, track } = useLoadState();
  const selectedId = ref<string | null>(null);
  const importing = ref<ImportState | null>(null);
  const samples = ref<Record<string, SampleGrid>>({});
  const samplesError = ref<string | null>(null);
  const samplesLoading = ref(false);

  lab.on('dataset.importProgress', (p) => {
    if (importing.value && importing.value.status === 'running' && p.path === importing.value.path) {
      importing.value.done = p.done;
      importing.value.total = p.total;
    }
  });

  async function refresh() {
    await track(async () => {
      list.value = await lab.call('datasets.list', undefined);
      if (!selectedId.value && list.value.length) selectedId.value = list.value[0]!.id;
    });
  }

  async function importPath(path: string, name?: string, size?: number) {
    const clean = path.trim();
    importing.value = { path: clean, status: 'running', done: 0, total: 0, error: null, result: null };
    try {
      const req: { path: string; name?: string; size?: number } = { path: clean };
      if (name?.trim()) req.name = name.trim();
      if (size) req.size = size;
      const ds = await lab.call('datasets.import', req);
      importing.value = { ...importing.value, status: 'done', result: ds };
      await refresh();
      selectedId.value = ds.id;
      return ds;
    } catch (e) {
      importing.value = { ...importing.value, status: 'failed', error: errorText(e) };
      return null;
    }
  }

  async function loadSamples(id: string, perClass = 8, force = false) {
    if (samples.value[id] && !force) return;
    samplesLoading.value = true;
    samplesError.value = null;
    try {
      samples.value = { ...samples.value, [id]: await lab.call('datasets.samples', { id, perClass }) };
    } catch (e) {
      samplesError.value = errorText(e);
    } finally {
      samplesLoading.value = false;
    }
  }

  async function remove(id: string) {
    await lab.call('datasets.remove', { id });
    if (selectedId.value === id) selectedId.value = null;
    await refresh();
  }

  function preview(datasetId: string, index: number, transform: TransformId, params: Record<string, number> | undefined, seed: number) {
    return lab.call('transforms.preview', { datasetId, index, transform, params, seed });
  }

  return { list, loading, loaded, error, selectedId, importing, samples, samplesError, samplesLoading, refresh, importPath, loadSamples, remove, preview };
});
