// Which transport is behind window.lab is invisible to the views: Electron's preload sets it
// before the page runs; in browser mode we create it here from the URL's token.
import type { LabApi } from '../../../shared/contract';
import { createWsLab, type ConnectionState } from './ws-client';

declare global {
  interface Window {
    lab?: LabApi;
  }
}

export { LabCallError } from './ws-client';
export type { ConnectionState } from './ws-client';

const TOKEN_KEY = 'invlab.token';

export interface LabConnection {
  lab: LabApi;
  mode: 'electron' | 'browser';
  onState(listener: (s: ConnectionState) => void): () => void;
}

export function connectLab(): LabConnection {
  if (window.lab) return { lab: window.lab, mode: 'electron', onState: (l) => (l('open'), () => {}) };
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('token');
  if (fromUrl) sessionStorage.setItem(TOKEN_KEY, fromUrl);
  const token = fromUrl ?? sessionStorage.getItem(TOKEN_KEY) ?? '';
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const lab = createWsLab(`${proto}//${location.host}/ws?token=${encodeURIComponent(token)}`);
  window.lab = lab;
  return { lab, mode: 'browser', onState: (l) => lab.onState(l) };
}

let current: LabConnection | null = null;

export function useLab(): LabApi {
  if (!current) current = connectLab();
  return current.lab;
}

export function labConnection(): LabConnection {
  if (!current) current = connectLab();
  return current;
}

/** One line for an error the user should read. */
export function errorText(e: unknown): string {
  if (e && typeof e === 'object' && 'message' in e) return String((e as Error).message);
  return String(e);
}
