// Runs sandboxed before the renderer; exposes exactly the LabApi as window.lab and nothing
// else (no ipcRenderer, no Node). Bundled to CommonJS because sandboxed preloads must be.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { LabApi, LabEvent, LabEvents, LabMethod, Req, Res } from '../../shared/contract';
import { IPC_CALL, IPC_EVENT, IPC_PICK_PATH, type IpcReply, type PickKind } from './ipc-channels';

const listeners = new Map<string, Set<(payload: unknown) => void>>();

ipcRenderer.on(IPC_EVENT, (_e, event: string, payload: unknown) => {
  for (const l of listeners.get(event) ?? []) {
    try {
      l(payload);
    } catch (err) {
      console.error(`listener for ${event} failed`, err);
    }
  }
});

const lab: LabApi = {
  async call<M extends LabMethod>(method: M, req: Req<M>): Promise<Res<M>> {
    const reply = (await ipcRenderer.invoke(IPC_CALL, method, req ?? null)) as IpcReply;
    if (reply.ok) return reply.res as Res<M>;
    // Errors crossing the context bridge keep only their message, so the message says it all.
    throw new Error(reply.error.message);
  },
  on<E extends LabEvent>(event: E, listener: (payload: LabEvents[E]) => void) {
    const set = listeners.get(event) ?? new Set();
    set.add(listener as (p: unknown) => void);
    listeners.set(event, set);
    return () => void set.delete(listener as (p: unknown) => void);
  },
  pickPath(kind: PickKind) {
    return ipcRenderer.invoke(IPC_PICK_PATH, kind) as Promise<string | null>;
  },
  pathForFile(file: File) {
    try {
      return webUtils.getPathForFile(file) || null;
    } catch {
      return null;
    }
  },
};

contextBridge.exposeInMainWorld('lab', lab);
