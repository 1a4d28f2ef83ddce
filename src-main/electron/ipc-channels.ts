// The IPC channel names shared by main and preload: the contract over Electron IPC.
export const IPC_CALL = 'lab:call';
export const IPC_EVENT = 'lab:event';
export const IPC_PICK_PATH = 'lab:pickPath';

/** What main answers on IPC_CALL: an envelope, because Electron strips an Error's fields. */
export type IpcReply = { ok: true; res: unknown } | { ok: false; error: { code: string; message: string; fields?: unknown } };

export type PickKind = 'dataset-folder' | 'idx-file' | 'report-folder';
