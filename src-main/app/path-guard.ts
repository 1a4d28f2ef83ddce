// Which files the API may touch. A path that arrives in a request (browser mode's WebSocket,
// Electron's IPC) is confined to the data folder, the folders the server was told to allow
// (`invlab serve --allow <dir>`) and what the user picked in a dialog; symbolic links are
// resolved first, so a link inside an allowed folder cannot lead out of it. The CLI's own
// arguments are the terminal user's choice and are not confined. Every method whose request
// carries a path is listed once, in PATH_FIELDS (shared/contract-schemas.ts), and checked here
// before its handler runs.
import fs from 'node:fs';
import path from 'node:path';
import { PATH_FIELDS, type PathAccess } from '../../shared/contract-schemas';
import type { LabMethod } from '../../shared/contract';
import { LabFailure } from './errors';

/** The real path of `p`, resolving links in its longest existing prefix (the rest may not exist yet). */
export function realPathOf(p: string): string {
  const abs = path.resolve(p);
  const rest: string[] = [];
  let cur = abs;
  for (;;) {
    try {
      return path.join(fs.realpathSync.native(cur), ...rest.reverse());
    } catch {
      const up = path.dirname(cur);
      if (up === cur) return abs;
      rest.push(path.basename(cur));
      cur = up;
    }
  }
}

function inside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export class PathGuard {
  private readonly roots: string[] = [];

  /** `roots` null: unconfined (the CLI); otherwise the folders requests may name. */
  constructor(roots: readonly string[] | null) {
    this.confined = roots !== null;
    for (const r of roots ?? []) this.allow(r);
  }

  readonly confined: boolean;

  /** Adds a folder (or file) the user chose, e.g. in Electron's open dialog. */
  allow(p: string): void {
    const real = realPathOf(p);
    if (!this.roots.includes(real)) this.roots.push(real);
  }

  allowed(): readonly string[] {
    return this.roots;
  }

  /** The absolute path to use, or a 'bad-request' naming the field and the allowed folders. */
  check(field: string, p: string, access: PathAccess): string {
    if (!this.confined) return path.resolve(p);
    if (!path.isAbsolute(p)) {
      throw new LabFailure('bad-request', `${field}: "${p}" is not an absolute path (the server's working folder means nothing to the app)`, [{ field, message: 'expected an absolute path' }]);
    }
    const real = realPathOf(p);
    if (this.roots.some((r) => inside(r, real))) return real;
    const shown = real === path.resolve(p) ? p : `${p} (-> ${real})`;
    const message = `${field}: ${shown} is outside the folders this lab may ${access === 'write' ? 'write to' : 'read'} `
      + `(${this.roots.join(', ') || 'none'}); choose a folder inside them, or restart the server with \`invlab serve --allow <folder>\``;
    throw new LabFailure('bad-request', message, [{ field, message }]);
  }

  /** Checks every path field of a request; returns the request with resolved paths. */
  checkRequest<T>(method: LabMethod, req: T): T {
    const fields = PATH_FIELDS[method];
    if (!fields || !req || typeof req !== 'object') return req;
    const out = { ...(req as Record<string, unknown>) };
    for (const { field, access } of fields) {
      const v = out[field];
      if (typeof v === 'string') out[field] = this.check(field, v, access);
    }
    return out as T;
  }
}
