// The workbench at a lab's scale: a history of 200 experiments / 6000 networks written by the
// test fixture through the store, served by the real `invlab serve`, opened in Chromium.
// Prints how long Runs, Queue and Results take to open (click -> first rows / chart drawn)
// and frame times while scrolling the Runs and Queue lists.
//   npx tsx scripts/bench-workbench.ts [--experiments 200] [--keep]
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { fillLargeHistory } from '../test/fixtures/large-history';
import { findChromium } from './chromium.mjs';

const args = process.argv.slice(2);
const arg = (name: string, def: number) => { const i = args.indexOf(`--${name}`); return i >= 0 ? Number(args[i + 1]) : def; };
const E = arg('experiments', 200);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

async function main() {
  const exe = findChromium();
  if (!exe) throw new Error('no Chromium (see scripts/chromium.mjs)');
  if (!fs.existsSync(path.join(root, 'dist-renderer', 'index.html'))) {
    spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'invlab-bench-wb-'));
  const db = path.join(tmp, 'lab', 'invlab.db');
  let t = Date.now();
  const h = fillLargeHistory(db, { experiments: E });
  const fillMs = Date.now() - t;
  const server = spawn(process.execPath, [path.join(root, 'e2e', 'fixtures', 'serve.mjs'), '--port', '0', '--db', db, '--no-build'], {
    cwd: root, env: { ...process.env, INVLAB_HOME: path.join(tmp, 'lab') }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), 60_000);
    server.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Open: (http:\/\/\S+\?token=\S+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]!); }
    });
    server.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
  });
  const browser = await chromium.launch({ executablePath: exe, args: ['--no-sandbox', '--disable-gpu'] });
  const results: Record<string, number | string> = { experiments: h.experiments, networks: h.networks, jobs: h.jobs, fillSeconds: +(fillMs / 1000).toFixed(1) };
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${url}#/datasets`);
    await page.getByTestId('connection').and(page.locator('[data-state="open"]')).waitFor();
    // The app's start (backend info, first worker) is not the views' cost: wait it out.
    await page.getByText(/\d+ workers?$/).waitFor({ timeout: 60_000 });
    await page.waitForTimeout(500);
    const open = async (nav: string, ready: string) => {
      t = Date.now();
      await page.getByTestId(nav).click();
      await page.locator(ready).first().waitFor({ state: 'visible', timeout: 60_000 });
      return Date.now() - t;
    };
    results.runsOpenMs = await open('nav-runs', '[data-testid^="run-scale run"]');
    results.runsRowsInDom = await page.locator('[data-testid^="run-scale run"]').count();
    results.runsScroll = await scrollStats(page, '[data-testid="runs-table"]');
    t = Date.now();
    await page.getByTestId('sort-across').click();
    await page.waitForFunction(() => document.querySelector('[aria-sort="descending"]')?.textContent?.includes('Across'));
    results.runsSortMs = Date.now() - t;
    results.queueOpenMs = await open('nav-queue', '[data-testid="queue-group"]');
    // Unfold 40 groups (~2500 job rows, each group's jobs loaded on unfolding) and scroll through them.
    const folded = page.locator('[data-testid="queue-group"][data-open="false"] [data-testid="group-toggle"]');
    for (let opened = 0, tries = 0; opened < 40 && tries < 400; tries++) {
      if (await folded.count()) {
        // The list re-renders as a group's jobs arrive; a toggle may be replaced under the click.
        await folded.first().click({ timeout: 3000 }).then(() => { opened++; }, () => {});
        await page.waitForTimeout(50);
        continue;
      }
      // The next folded group lies below the window: scroll on to bring it into the DOM.
      await page.evaluate(() => { const el = document.querySelector('[data-testid="job-list"]') as HTMLElement; el.scrollTop += el.clientHeight; });
      await page.waitForTimeout(30);
    }
    await page.evaluate(() => { (document.querySelector('[data-testid="job-list"]') as HTMLElement).scrollTop = 0; });
    results.queueRowsInDom = await page.locator('[data-testid="job-list"] [role="listitem"]').count();
    results.queueScroll = await scrollStats(page, '[data-testid="job-list"]');
    t = Date.now();
    await page.getByTestId('nav-results').click();
    await page.waitForFunction(() => {
      const c = window.__charts?.['figure-acc-matrix'];
      return !!c && ((c.getOption() as { series?: { data?: unknown[] }[] }).series?.[0]?.data?.length ?? 0) > 0;
    }, undefined, { timeout: 60_000 });
    results.resultsOpenMs = Date.now() - t;
  } catch (e) {
    const page = browser.contexts()[0]?.pages()[0];
    if (page) await page.screenshot({ path: path.join(os.tmpdir(), 'bench-workbench-failure.png') });
    throw e;
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    if (!args.includes('--keep')) fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(JSON.stringify(results, null, 2));
}

/** Scrolls a windowed list top to bottom in 60 frames; frame intervals p50 / p95 / max (ms). */
async function scrollStats(page: Page, selector: string): Promise<string> {
  const frames = await page.evaluate(async (sel) => {
    const el = document.querySelector(sel) as HTMLElement;
    const max = el.scrollHeight - el.clientHeight;
    const times: number[] = [];
    let last = performance.now();
    for (let i = 1; i <= 60; i++) {
      el.scrollTop = (max * i) / 60;
      await new Promise((r) => requestAnimationFrame(() => r(null)));
      const now = performance.now();
      times.push(now - last);
      last = now;
    }
    return times.sort((a, b) => a - b);
  }, selector);
  const q = (p: number) => frames[Math.min(frames.length - 1, Math.floor(p * frames.length))]!.toFixed(1);
  return `p50 ${q(0.5)} / p95 ${q(0.95)} / max ${frames[frames.length - 1]!.toFixed(1)} ms per frame`;
}

main().catch((e) => { console.error(e); process.exit(1); });
