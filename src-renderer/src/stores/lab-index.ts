// The Runs view's index: every experiment with its metrics, tags and note; sorting and
// filtering happen here, in the renderer (hundreds of rows), so they answer at once.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ExperimentIndexRow } from '../../../shared/lab-index';
import { TRANSFORM_LABEL, type TransformId } from '../../../shared/ids';
import { errorText, useLab } from '../api';
import { useLoadState } from './load-state';

export type SortKey = 'name' | 'created' | 'status' | 'clean' | 'within' | 'across' | 'invariance' | 'r' | 'backend' | 'duration' | 'jobs';

/** The metric a column shows: the mean over transformations, or one transformation's. */
export function metric(row: ExperimentIndexRow, key: 'within' | 'across' | 'invariance', transform: TransformId | ''): number | null {
  if (!transform) return row[key];
  return row.perTransform[transform]?.[key] ?? null;
}

function sortValue(r: ExperimentIndexRow, key: SortKey, t: TransformId | ''): number | string | null {
  switch (key) {
    case 'name': return r.name.toLowerCase();
    case 'created': return r.createdAt;
    case 'status': return r.status;
    case 'backend': return r.backend;
    case 'duration': return r.durationSeconds;
    case 'jobs': return r.jobs.total;
    case 'clean': return r.clean;
    case 'r': return r.r;
    default: return metric(r, key, t);
  }
}

export const useLabIndex = defineStore('lab-index', () => {
  const lab = useLab();
  const rows = ref<ExperimentIndexRow[]>([]);
  const { loading, loaded, error, track } = useLoadState();
  const search = ref('');
  const status = ref('');
  const tag = ref('');
  /** Metric columns for one transformation ('' = mean over all). */
  const transform = ref<TransformId | ''>('');
  const sortKey = ref<SortKey>('created');
  const sortDesc = ref(true);
  const saveError = ref<string | null>(null);

  const tags = computed(() => [...new Set(rows.value.flatMap((r) => r.tags))].sort());
  const transforms = computed(() => [...new Set(rows.value.flatMap((r) => r.transforms))]);
  const visible = computed(() => {
    const q = search.value.trim().toLowerCase();
    const out = rows.value.filter((r) => (!status.value || r.status === status.value) && (!tag.value || r.tags.includes(tag.value))
      && (!q || [r.id, r.name, r.datasetName, r.network, r.note, ...r.tags, ...r.transforms, ...r.transforms.map((t) => TRANSFORM_LABEL[t])]
        .some((x) => x.toLowerCase().includes(q))));
    const dir = sortDesc.value ? -1 : 1;
    const key = sortKey.value, t = transform.value;
    // Missing values sort last whichever the direction.
    return out.sort((a, b) => {
      const x = sortValue(a, key, t), y = sortValue(b, key, t);
      if (x === null && y === null) return 0;
      if (x === null) return 1;
      if (y === null) return -1;
      return (x < y ? -1 : x > y ? 1 : 0) * dir;
    });
  });

  let seq = 0;
  async function refresh(showLoading = true) {
    const mine = ++seq;
    await track(async () => {
      const r = await lab.call('experiments.index', undefined);
      if (mine === seq) rows.value = r; // only the latest of overlapping refreshes lands
    }, showLoading);
  }
  let timer: ReturnType<typeof setTimeout> | null = null;
  function refreshSoon() {
    if (timer) return;
    timer = setTimeout(() => { timer = null; void refresh(false); }, 800);
  }
  lab.on('experiment.finished', () => refreshSoon());
  lab.on('job.status', (j) => { if (j.status !== 'running' || !rows.value.some((r) => r.id === j.experimentId)) refreshSoon(); });

  function sortBy(key: SortKey) {
    if (sortKey.value === key) sortDesc.value = !sortDesc.value;
    else {
      sortKey.value = key;
      sortDesc.value = key !== 'name';
    }
  }

  async function annotate(id: string, patch: { tags?: string[]; note?: string }) {
    saveError.value = null;
    try {
      const a = await lab.call('experiments.annotate', { id, ...patch });
      const r = rows.value.find((x) => x.id === id);
      if (r) { r.tags = a.tags; r.note = a.note; }
      return true;
    } catch (e) {
      saveError.value = errorText(e);
      return false;
    }
  }

  function remove(id: string) {
    rows.value = rows.value.filter((r) => r.id !== id);
  }

  return { rows, loading, loaded, error, search, status, tag, transform, sortKey, sortDesc, saveError, tags, transforms, visible, refresh, sortBy, annotate, remove };
});
