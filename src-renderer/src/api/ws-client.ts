// window.lab for browser mode: the contract as JSON over one WebSocket to `invlab serve`.
// Calls made while (re)connecting wait for the socket; calls in flight when it drops fail
// with a clear message, because the server may or may not have run them.
import type { LabApi, LabError, LabEvent, LabEvents, LabMethod, Req, Res } from '../../../shared/contract';

export class LabCallError extends Error implements LabError {
  code: LabError['code'];
  fields?: LabError['fields'];
  constructor(err: LabError) {
    super(err.message);
    this.name = 'LabCallError';
    this.code = err.code;
    if (err.fields) this.fields = err.fields;
  }
}

export type ConnectionState = 'connecting' | 'open' | 'closed';

interface Pending { resolve: (v: unknown) => void; reject: (e: Error) => void }

export interface WsLab extends LabApi {
  state(): ConnectionState;
  onState(listener: (s: ConnectionState) => void): () => void;
  close(): void;
}

export function createWsLab(wsUrl: string): WsLab {
  let ws: WebSocket | null = null;
  let state: ConnectionState = 'connecting';
  let nextId = 1;
  let retry = 0;
  let closedByUs = false;
  const pending = new Map<number, Pending>();
  const outbox: string[] = [];
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const stateListeners = new Set<(s: ConnectionState) => void>();

  function setState(s: ConnectionState) {
    state = s;
    for (const l of stateListeners) l(s);
  }

  function connect() {
    setState('connecting');
    ws = new WebSocket(wsUrl);
    ws.onopen = () => {
      retry = 0;
      setState('open');
      for (const m of outbox.splice(0)) ws!.send(m);
    };
    ws.onmessage = (ev) => onMessage(String(ev.data));
    ws.onclose = () => {
      for (const [id, p] of pending) {
        p.reject(new LabCallError({ code: 'internal', message: 'connection to the lab server was lost; retry when it is back' }));
        pending.delete(id);
      }
      setState('closed');
      if (!closedByUs) setTimeout(connect, Math.min(10_000, 500 * 2 ** retry++));
    };
  }

  function onMessage(text: string) {
    let msg: any;
    try {
      msg = JSON.parse(text);
    } catch {
      return;
    }
    if (msg && typeof msg.event === 'string') {
      for (const l of listeners.get(msg.event) ?? []) {
        try {
          l(msg.payload);
        } catch (e) {
          console.error(`listener for ${msg.event} failed`, e);
        }
      }
      return;
    }
    const p = typeof msg?.id === 'number' ? pending.get(msg.id) : undefined;
    if (!p) {
      if (msg && msg.ok === false) console.warn('lab server:', msg.error?.message);
      return;
    }
    pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.res ?? undefined);
    else p.reject(new LabCallError(msg.error ?? { code: 'internal', message: 'unknown error' }));
  }

  connect();

  return {
    call<M extends LabMethod>(method: M, req: Req<M>): Promise<Res<M>> {
      const id = nextId++;
      const text = JSON.stringify({ id, method, req: req ?? null });
      return new Promise<Res<M>>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        if (ws && ws.readyState === WebSocket.OPEN) ws.send(text);
        else outbox.push(text);
      });
    },
    on<E extends LabEvent>(event: E, listener: (payload: LabEvents[E]) => void) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (p: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (p: unknown) => void);
    },
    state: () => state,
    onState(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    close() {
      closedByUs = true;
      ws?.close();
    },
  };
}
