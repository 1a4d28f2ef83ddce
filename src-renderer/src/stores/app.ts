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

  conn.onState((s) => {
    const wasClosed = connection.value === 'closed';
    connection.value = s;
    if (s === 'open' && (wasClosed || !info.value)) void load();
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

  return { lab, mode: conn.mode, info, settings, error, connection, theme, themeChoice, load, setTheme };
});
