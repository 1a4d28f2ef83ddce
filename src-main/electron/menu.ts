// The application menu. Navigation items set the renderer's hash route; dialogs live in the
// views (Browse buttons call window.lab.pickPath), so every flow also works from the keyboard.
import type { MenuItemConstructorOptions } from 'electron';

/** `dev`: a development checkout; reload and DevTools exist only there, never in an installed app. */
export function buildMenu(opts: { go: (view: string) => void; isMac: boolean; dev?: boolean }): MenuItemConstructorOptions[] {
  const { go, isMac } = opts;
  const devItems: MenuItemConstructorOptions[] = opts.dev ? [{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }] : [];
  const view = (label: string, id: string, accelerator: string): MenuItemConstructorOptions => ({ label, accelerator, click: () => go(id) });
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        view('Import Dataset…', 'datasets', 'CmdOrCtrl+O'),
        view('New Experiment…', 'designer', 'CmdOrCtrl+N'),
        view('Export Report…', 'report', 'CmdOrCtrl+E'),
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        view('Datasets', 'datasets', 'CmdOrCtrl+1'),
        view('Experiment Designer', 'designer', 'CmdOrCtrl+2'),
        view('Queue', 'queue', 'CmdOrCtrl+3'),
        view('Runs', 'runs', 'CmdOrCtrl+4'),
        view('Results', 'results', 'CmdOrCtrl+5'),
        { type: 'separator' },
        ...devItems,
        { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
}
