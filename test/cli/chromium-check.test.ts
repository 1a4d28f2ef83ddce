// `npm test` on a machine without Chromium: the e2e run stops at once with one line that
// names the install command, instead of every browser test failing on launch.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const env = { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium', INVLAB_CHROMIUM_SEARCH: 'none', FORCE_COLOR: '0' };

describe('no Chromium', () => {
  it('the finder says how to install one, in one line', () => {
    const r = spawnSync(process.execPath, ['scripts/chromium.mjs'], { env, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('apt-get install -y chromium');
  });
  it('playwright stops before any test with that line', () => {
    const r = spawnSync(process.execPath, ['node_modules/@playwright/test/cli.js', 'test', '--list'], { env, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(1);
    const out = `${r.stdout}${r.stderr}`.trim().split('\n').filter(Boolean);
    expect(out).toHaveLength(1);
    expect(out[0]).toContain('apt-get install -y chromium');
  }, 60_000);
});
