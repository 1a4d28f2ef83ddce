// The desktop shell's guards, tested without the Electron binary (it cannot be downloaded
// here): IPC sender check, navigation, external links, pickPath kinds, the environment of a
// packaged app, the production menu and the fuses in electron-builder.yml.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import {
  appPageUrl, externalUrlAllowed, navigationAllowed, pickKindOf, scrubEnvironment, senderAllowed,
} from '../../src-main/electron/guards';
import { buildMenu } from '../../src-main/electron/menu';

const appUrl = appPageUrl('/opt/Invariance Lab/resources/app/dist-renderer/index.html');

describe('Electron guards', () => {
  it('accepts IPC only from the app page: not a destroyed frame, not another file:// page', () => {
    expect(senderAllowed(`${appUrl}#/runs`, appUrl)).toBe(true);
    expect(senderAllowed(null, appUrl)).toBe(false);
    expect(senderAllowed(undefined, appUrl)).toBe(false);
    expect(senderAllowed('', appUrl)).toBe(false);
    expect(senderAllowed('file:///tmp/evil.html', appUrl)).toBe(false);
    expect(senderAllowed('file:///opt/Invariance%20Lab/resources/app/dist-renderer/other.html', appUrl)).toBe(false);
    expect(senderAllowed('https://evil.example/', appUrl)).toBe(false);
  });

  it('keeps every navigation and redirect on the app page', () => {
    expect(navigationAllowed(`${appUrl}?x=1#/queue`, appUrl)).toBe(true);
    for (const u of ['https://evil.example/', 'file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,hi', 'not a url']) {
      expect(navigationAllowed(u, appUrl), u).toBe(false);
    }
  });

  it('opens only allow-listed https links in the browser', () => {
    expect(externalUrlAllowed('https://arxiv.org/abs/2007.00112')).toBe(true);
    expect(externalUrlAllowed('https://www.github.com/x')).toBe(true);
    for (const u of ['https://evil.example/', 'http://arxiv.org/', 'https://arxiv.org.evil.example/', 'https://user:pw@github.com/', 'https://github.com:8443/', 'file:///etc/passwd', 'smb://host/share']) {
      expect(externalUrlAllowed(u), u).toBe(false);
    }
  });

  it('refuses unknown path-picker kinds instead of opening some dialog', () => {
    expect(pickKindOf('report-folder')).toBe('report-folder');
    for (const k of ['anything', null, 1, { kind: 'idx-file' }]) expect(pickKindOf(k)).toBeNull();
  });

  it('ignores code-loading environment variables in a packaged build only', () => {
    const env = { INVLAB_APP_ROOT: '/tmp/evil', INVLAB_SQLITE_BINDING: '/tmp/evil.node', NODE_OPTIONS: '--require /tmp/x.js', HOME: '/home/u' };
    expect(scrubEnvironment({ ...env }, false)).toEqual([]);
    const packaged = { ...env };
    expect(scrubEnvironment(packaged, true).sort()).toEqual(['INVLAB_APP_ROOT', 'INVLAB_SQLITE_BINDING', 'NODE_OPTIONS']);
    expect(packaged).toEqual({ HOME: '/home/u' });
  });

  it('has no reload or DevTools in the production menu', () => {
    const roles = (m: MenuItemConstructorOptions[]): string[] => m.flatMap((i) => [String(i.role ?? ''), ...(Array.isArray(i.submenu) ? roles(i.submenu) : [])]);
    const prod = roles(buildMenu({ go: () => {}, isMac: false }));
    expect(prod).not.toContain('reload');
    expect(prod).not.toContain('toggleDevTools');
    const dev = roles(buildMenu({ go: () => {}, isMac: false, dev: true }));
    expect(dev).toContain('toggleDevTools');
  });

  it('flips the Electron fuses in electron-builder.yml', () => {
    // The block's "  key: true|false" lines (no YAML parser among the project's dependencies).
    const text = fs.readFileSync(path.join(__dirname, '..', '..', 'electron-builder.yml'), 'utf8');
    const block = /^electronFuses:\n((?:[ ]{2}\w+: (?:true|false)\n)+)/m.exec(text)?.[1] ?? '';
    const fuses = Object.fromEntries([...block.matchAll(/(\w+): (true|false)/g)].map((m) => [m[1], m[2] === 'true']));
    expect(fuses).toMatchObject({
      runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true, onlyLoadAppFromAsar: true, enableCookieEncryption: true,
    });
  });
});
