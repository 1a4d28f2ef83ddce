// Navigation as a hash route (#/results/<experimentId>), so reloads and the back button work
// in both file:// (Electron) and http:// (browser mode) without a router dependency.
import { defineStore } from 'pinia';
import { ref } from 'vue';

export const VIEWS = ['datasets', 'designer', 'queue', 'runs', 'results', 'report'] as const;
export type ViewId = (typeof VIEWS)[number];

export const VIEW_LABEL: Record<ViewId, string> = {
  datasets: 'Datasets', designer: 'Experiment designer', queue: 'Queue', runs: 'Runs',
  results: 'Results', report: 'Report export',
};

function parseHash(hash: string): { view: ViewId; param: string | null } {
  const [, view, param] = hash.replace(/^#/, '').split('/');
  const v = (VIEWS as readonly string[]).includes(view ?? '') ? (view as ViewId) : 'datasets';
  return { view: v, param: param ? decodeURIComponent(param) : null };
}

export const useNav = defineStore('nav', () => {
  const initial = parseHash(location.hash);
  const view = ref<ViewId>(initial.view);
  const param = ref<string | null>(initial.param);

  function go(v: ViewId, p: string | null = null) {
    const hash = `#/${v}${p ? `/${encodeURIComponent(p)}` : ''}`;
    if (location.hash !== hash) location.hash = hash;
    view.value = v;
    param.value = p;
  }

  window.addEventListener('hashchange', () => {
    const r = parseHash(location.hash);
    view.value = r.view;
    param.value = r.param;
  });

  return { view, param, go };
});
