// Data shown in chart tooltips is text, never markup: hostile category names (a dataset
// folder may be called anything) rendered by the real chart builders and the real ECharts in
// Chromium, on a page WITHOUT the app's CSP, so only the escaping stands between the name
// and a running script.
import { buildSync } from 'esbuild';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';

const HOSTILE = '<img src=x onerror="window.__pwned=(window.__pwned||0)+1">';

function chartsBundle(): string {
  const r = buildSync({
    entryPoints: [join(process.cwd(), 'shared', 'charts', 'index.ts')],
    bundle: true, format: 'iife', globalName: 'Charts', write: false, platform: 'browser', logLevel: 'silent',
  });
  return r.outputFiles[0]!.text;
}

async function chartPage(page: Page) {
  await page.setContent('<!doctype html><html><body><div id="c" style="width:900px;height:700px"></div></body></html>');
  await page.addScriptTag({ path: join(process.cwd(), 'node_modules', 'echarts', 'dist', 'echarts.min.js') });
  await page.addScriptTag({ content: chartsBundle() });
}

/** Render `data`, hover item `dataIndex` of series `seriesIndex`, return the tooltip's DOM facts. */
async function hover(page: Page, data: unknown, seriesIndex: number, dataIndex: number) {
  return page.evaluate(async ([d, si, di]) => {
    const w = window as unknown as { echarts: any; Charts: any; __pwned?: number };
    const el = document.getElementById('c')!;
    w.echarts.dispose(el);
    const chart = w.echarts.init(el, null, { renderer: 'canvas' });
    chart.setOption(w.Charts.buildChartOption(d, { theme: 'light', interactive: true, width: 900, height: 700 }));
    chart.dispatchAction({ type: 'showTip', seriesIndex: si, dataIndex: di });
    await new Promise((r) => setTimeout(r, 300));
    const tips = [...el.querySelectorAll('div')].filter((x) => x.style.position === 'absolute' && x.textContent);
    const tip = tips[tips.length - 1];
    return { text: tip?.textContent ?? '', imgs: el.querySelectorAll('img').length, pwned: w.__pwned ?? 0 };
  }, [data, seriesIndex, dataIndex] as const);
}

test('confusion matrix tooltips show a hostile category name as text', async ({ page }) => {
  await chartPage(page);
  const data = {
    figure: 'confusion', experimentId: 'e', missing: [], title: 'C', jobId: 'j', condition: 'clean',
    classes: [HOSTILE, 'b&c', 'plain'], counts: [[5, 1, 0], [2, 3, 1], [0, 0, 6]], seenCategories: [1],
  };
  const r = await hover(page, data, 0, 0); // true = HOSTILE, predicted = HOSTILE
  expect(r.text).toContain(`True: ${HOSTILE}`);
  expect(r.imgs).toBe(0);
  expect(r.pwned).toBe(0);
  const r2 = await hover(page, data, 0, 3); // true = 'b&c'
  expect(r2.text).toContain('True: b&c');
});
