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
import { Store } from '../src-main/store';
import { experimentIndex } from '../src-main/app/lab-index';
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
  // The index's build on its own (what a server pays once per change of the history), median of 5.
  const store = new Store(db);
  const builds = Array.from({ length: 5 }, () => { const t0 = performance.now(); experimentIndex(store); return performance.now() - t0; }).sort((a, b) => a - b);
  store.close();
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
  const results: Record<string, number | string> = { experiments: h.experiments, networks: h.networks, jobs: h.jobs, fillSeconds: +(fillMs / 1000).toFixed(1), indexBuildMs: Math.round(builds[2]!) };
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${url}#/datasets`);
    await page.getByTestId('connection').and(page.locator('[data-state="open"]')).waitFor();
    // The app's start (backend info, first worker) is not the views' cost: wait it out.
    await page.getByText(/\d+ workers?$/).waitFor({ timeout: 60_000 });
    await page.waitForTimeout(500);
    // experiments.index from the page (WebSocket round trip, JSON both ways), median of 5.
    results.indexCallMs = await page.evaluate(async () => {
      const ts: number[] = [];
      for (let i = 0; i < 5; i++) { const t0 = performance.now(); await window.lab!.call('experiments.index', undefined); ts.push(performance.now() - t0); }
      return Math.round(ts.sort((a, b) => a - b)[2]!);
    });
    // Click -> drawn, timed inside the page: from the click to the first frame after the ready
    // condition holds (what a user waits for). Playwright's own click (actionability checks,
    // round trips to the driver) adds 100-400 ms on a loaded machine that is not the app's.
    const open = (nav: string, ready: string) => clickToDrawn(page, `[data-testid="${nav}"]`, { selector: ready });
    results.runsOpenMs = await open('nav-runs', '[data-testid^="run-scale run"]');
    results.runsRowsInDom = await page.locator('[data-testid^="run-scale run"]').count();
    results.runsScroll = await scrollStats(page, '[data-testid="runs-table"]');
    results.runsSortMs = await clickToDrawn(page, '[data-testid="sort-across"]', { selector: '[aria-sort="descending"]', text: 'Across' });
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
    results.resultsOpenMs = await clickToDrawn(page, '[data-testid="nav-results"]', { chart: 'figure-acc-matrix' });
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

// Click -> drawn, timed inside the page: from the click to the first frame after the ready
// condition holds (what a user waits for). Playwright's own click (actionability checks, round
// trips to its driver) adds 100-400 ms on a loaded machine that are not the app's. A string, so
// that tsx's helpers (__name) do not leak into the page.
const CLICK_TO_DRAWN = `({ click, selector, text, chart }) => new Promise((resolve, reject) => {
  const t0 = performance.now();
  const ready = () => {
    if (chart) { const c = window.__charts && window.__charts[chart]; const s = c && c.getOption().series; return !!(s && s[0] && s[0].data && s[0].data.length); }
    const el = document.querySelector(selector);
    return !!el && (!text || (el.textContent || '').includes(text));
  };
  document.querySelector(click).click();
  const check = () => {
    if (performance.now() - t0 > 60000) reject(new Error('not drawn within 60 s: ' + (selector || chart)));
    else if (ready()) requestAnimationFrame(() => resolve(Math.round(performance.now() - t0)));
    else requestAnimationFrame(check);
  };
  check();
})`;
function clickToDrawn(page: Page, click: string, until: { selector?: string; text?: string; chart?: string }): Promise<number> {
  return page.evaluate(`(${CLICK_TO_DRAWN})(${JSON.stringify({ click, ...until })})`) as Promise<number>;
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
