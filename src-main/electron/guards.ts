// The desktop shell's security decisions as pure functions (no `electron` import), so they
// are unit-tested without the Electron binary: which frame may call the API, where the
// window may navigate, which links may open in the browser, what a path-picker request may
// ask for, and which environment variables a packaged app ignores.
import { pathToFileURL } from 'node:url';
import type { PickKind } from './ipc-channels';

/** The renderer's own page (file URL of dist-renderer/index.html), without query or hash. */
export function appPageUrl(rendererIndex: string): string {
  return pathToFileURL(rendererIndex).href;
}

function withoutQueryAndHash(url: string): string | null {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return null;
  }
}

/**
 * An IPC call is accepted only from the app's own page: a frame that is gone (senderFrame
 * null: navigated away or destroyed) is refused, and so is any other file:// page.
 */
export function senderAllowed(frameUrl: string | null | undefined, appUrl: string): boolean {
  if (!frameUrl) return false;
  return withoutQueryAndHash(frameUrl) === withoutQueryAndHash(appUrl);
}

/** Navigation (will-navigate, will-frame-navigate, will-redirect) stays on the app's page. */
export function navigationAllowed(url: string, appUrl: string): boolean {
  return senderAllowed(url, appUrl);
}

/** The only sites links may open in the user's browser (documentation and the paper). */
export const EXTERNAL_HOSTS: readonly string[] = ['github.com', 'arxiv.org', 'doi.org', 'openreview.net', 'proceedings.neurips.cc'];

/** https only, to a host of EXTERNAL_HOSTS (or a sub-domain), without credentials or an odd port. */
export function externalUrlAllowed(url: string, hosts: readonly string[] = EXTERNAL_HOSTS): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' || u.username || u.password || (u.port && u.port !== '443')) return false;
  const h = u.hostname.toLowerCase();
  return hosts.some((a) => h === a || h.endsWith(`.${a}`));
}

const PICK_KINDS: readonly PickKind[] = ['dataset-folder', 'idx-file', 'report-folder'];

/** A lab:pickPath request's kind, or null for anything else (refused, no dialog shown). */
export function pickKindOf(x: unknown): PickKind | null {
  return typeof x === 'string' && (PICK_KINDS as readonly string[]).includes(x) ? (x as PickKind) : null;
}

/**
 * Environment variables that point the app at code or native modules to load: honoured in a
 * development checkout (scripts/start-electron.mjs sets them), removed in a packaged build
 * so that nobody can make the installed app load their code by setting a variable.
 */
export const CODE_LOADING_ENV = ['INVLAB_APP_ROOT', 'INVLAB_SQLITE_BINDING', 'NODE_OPTIONS', 'ELECTRON_RUN_AS_NODE'] as const;

export function scrubEnvironment(env: NodeJS.ProcessEnv, packaged: boolean): string[] {
  if (!packaged) return [];
  const removed = CODE_LOADING_ENV.filter((k) => env[k] !== undefined);
  for (const k of removed) delete env[k];
  return removed;
}
