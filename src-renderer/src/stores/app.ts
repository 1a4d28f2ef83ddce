// App-wide state: server info, settings, theme and the connection to the lab.
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import type { AppInfo, Settings } from '../../../shared/contract';
import { errorText, labConnection, type ConnectionState } from '../api';

const THEME_KEY = 'invlab.theme';

export const useAppStore = defineStore('app', () => {
  const conn = labConnection();
  const lab = conn.lab;
  const info = ref<AppInfo | null>(null);
  const settings = ref<Settings | null>(null);
  const error = ref<string | null>(null);
  const connection = ref<ConnectionState>('connecting');
  const themeChoice = ref<Settings['theme']>((localStorage.getItem(THEME_KEY) as Settings['theme']) || 'system');
  const systemDark = ref(window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false);
  window.matchMedia?.('(prefers-color-scheme: dark)').addEventListener?.('change', (e) => (systemDark.value = e.matches));

  const theme = computed<'light' | 'dark'>(() =>
    themeChoice.value === 'system' ? (systemDark.value ? 'dark' : 'light') : themeChoice.value);
  watch(theme, (t) => document.documentElement.setAttribute('data-theme', t), { immediate: true });

  /** How many times the connection came back after it was lost: events sent meanwhile never
   *  arrived, so what shows server state reloads when this changes. */
  const reconnects = ref(0);

  // Lost once it had been open: the retries pass through 'connecting', so "was the previous
  // state closed" would never be true by the time it opens again.
  let lost = false;
  conn.onState((s) => {
    connection.value = s;
    if (s === 'closed') lost = true;
    if (s !== 'open') return;
    if (lost || !info.value) void load();
    if (lost) reconnects.value++;
    lost = false;
  });

  async function load() {
    try {
      [info.value, settings.value] = await Promise.all([lab.call('app.info', undefined), lab.call('settings.get', undefined)]);
      if (settings.value && !localStorage.getItem(THEME_KEY)) themeChoice.value = settings.value.theme;
      error.value = null;
    } catch (e) {
      error.value = errorText(e);
    }
  }

  async function setTheme(t: Settings['theme']) {
    themeChoice.value = t;
    localStorage.setItem(THEME_KEY, t);
    try {
      settings.value = await lab.call('settings.set', { theme: t });
    } catch {
      // The theme is also kept locally; a server that refuses it changes nothing visible.
    }
  }

  return { lab, mode: conn.mode, info, settings, error, connection, reconnects, theme, themeChoice, load, setTheme };
});
