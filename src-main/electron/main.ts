// The desktop shell: one window on the renderer build, the contract over IPC to the same
// application service the CLI and browser mode use. Training runs in the service's worker
// pool, never on this thread: main only checks the sender, forwards (the service validates) and relays events.
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell, type MenuItemConstructorOptions } from 'electron';
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LAB_EVENTS } from '../../shared/contract-schemas';
import { toLabError } from '../app/errors';
import type { LabBackend } from '../server/backend';
import { IPC_CALL, IPC_EVENT, IPC_PICK_PATH, type IpcReply, type PickKind } from './ipc-channels';
import { buildMenu } from './menu';
import { appPageUrl, externalUrlAllowed, navigationAllowed, pickKindOf, scrubEnvironment, senderAllowed } from './guards';

// An installed app never loads code named by an environment variable (see guards.ts).
scrubEnvironment(process.env, app.isPackaged);
const here = dirname(fileURLToPath(import.meta.url)); // dist/electron
const root = process.env.INVLAB_APP_ROOT ?? join(here, '..', '..');
const rendererIndex = join(root, 'dist-renderer', 'index.html');
const preloadPath = join(here, 'preload.cjs');
const appUrl = appPageUrl(rendererIndex);

const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

type Service = LabBackend & { close?(): Promise<void> | void; paths?: { allow(p: string): void } };

/**
 * The service is TypeScript run through tsx, as the CLI is, so its worker threads start the
 * same way as under Node. better-sqlite3 must be the Electron-ABI build: scripts/start-electron.mjs
 * rebuilds it into .electron-native/ and passes its path in INVLAB_SQLITE_BINDING.
 */
async function loadService(dataDir: string): Promise<Service> {
  const { register } = await import('tsx/esm/api');
  register();
  const mod = (await import(pathToFileURL(join(root, 'src-main', 'app', 'index.ts')).href)) as typeof import('../app');
  const dbPath = process.env.INVLAB_DB ?? join(dataDir, 'invlab.db');
  // Request paths confined to the data folder, the user's home folder and what the user picks (path-guard.ts).
  const svc = mod.createLabService({ dbPath, mode: 'electron', startQueue: true, allowedRoots: [app.getPath('home')] });
  svc.warm();
  return svc;
}

let win: BrowserWindow | null = null;
let service: Service | null = null;

function createWindow(): BrowserWindow {
  const w = new BrowserWindow({
    width: 1440, height: 920, minWidth: 960, minHeight: 640, show: false,
    title: 'Invariance Lab',
    webPreferences: {
      preload: preloadPath, contextIsolation: true, nodeIntegration: false, sandbox: true,
      webSecurity: true, spellcheck: false, devTools: !app.isPackaged,
    },
  });
  w.once('ready-to-show', () => w.show());
  // The renderer never navigates away or opens windows; links to the web open in the browser.
  w.webContents.setWindowOpenHandler(({ url }) => {
    if (externalUrlAllowed(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  // Any frame, any kind of navigation (links, redirects, sub-frames): only the app's own page.
  w.webContents.on('will-navigate', (e, url) => { if (!navigationAllowed(url, appUrl)) e.preventDefault(); });
  w.webContents.on('will-frame-navigate', (e) => { if (!navigationAllowed(e.url, appUrl)) e.preventDefault(); });
  w.webContents.on('will-redirect', (e, url) => { if (!navigationAllowed(url, appUrl)) e.preventDefault(); });
  w.webContents.on('will-attach-webview', (e) => e.preventDefault());
  void w.loadFile(rendererIndex);
  return w;
}

function go(view: string) {
  void win?.webContents.executeJavaScript(`location.hash = ${JSON.stringify(`#/${view}`)}`);
}

async function pickPath(kind: PickKind): Promise<string | null> {
  const opts: Electron.OpenDialogOptions =
    kind === 'idx-file' ? { title: 'Choose an IDX file', properties: ['openFile'], filters: [{ name: 'IDX', extensions: ['idx', 'ubyte', 'gz', '*'] }] }
      : kind === 'report-folder' ? { title: 'Choose a folder for the report', properties: ['openDirectory', 'createDirectory'] }
        : { title: 'Choose a dataset folder (one sub-folder per category)', properties: ['openDirectory'] };
  const r = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
  return r.canceled ? null : r.filePaths[0] ?? null;
}

function registerIpc(svc: Service) {
  ipcMain.handle(IPC_CALL, async (event, method: unknown, req: unknown): Promise<IpcReply> => {
    if (!senderAllowed(event.senderFrame?.url, appUrl)) {
      return { ok: false, error: { code: 'bad-request', message: 'calls are accepted from the app window only' } };
    }
    try {
      // Forwarded as received: the service validates the method and its request (once, there).
      const res = await (svc.call as (m: string, r: unknown) => Promise<unknown>)(String(method), req);
      return { ok: true, res };
    } catch (e) {
      return { ok: false, error: toLabError(e) };
    }
  });
  ipcMain.handle(IPC_PICK_PATH, async (event, kind: unknown) => {
    const k = pickKindOf(kind);
    if (!senderAllowed(event.senderFrame?.url, appUrl) || !k) return null;
    const picked = await pickPath(k);
    // What the user picked may be read and written through the API from now on.
    if (picked) svc.paths?.allow(picked);
    return picked;
  });
  for (const name of LAB_EVENTS) {
    svc.on(name, (payload: unknown) => {
      if (win && !win.isDestroyed()) win.webContents.send(IPC_EVENT, name, payload);
    });
  }
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  app.whenReady().then(async () => {
    session.defaultSession.webRequest.onHeadersReceived((details, cb) => {
      cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
    });
    session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
    if (!existsSync(rendererIndex)) {
      dialog.showErrorBox('Invariance Lab', `The renderer is not built (${rendererIndex} is missing). Run \`npm run build\` first.`);
      app.quit();
      return;
    }
    const dataDir = process.env.INVLAB_HOME ?? app.getPath('userData');
    try {
      service = await loadService(dataDir);
    } catch (e) {
      dialog.showErrorBox('Invariance Lab could not start', `Opening the lab in ${dataDir} failed:\n${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      app.quit();
      return;
    }
    registerIpc(service);
    Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenu({ go, isMac: process.platform === 'darwin', dev: !app.isPackaged }) as MenuItemConstructorOptions[]));
    win = createWindow();
    app.on('activate', () => { if (BrowserWindow.getAllWindows().length === 0) win = createWindow(); });
  }).catch((e) => {
    console.error(e);
    app.quit();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    void service?.close?.();
  });
}
