// Browser mode end to end: the real `invlab serve`, the real service and engine, a real
// dataset folder; one tiny experiment trained to completion, then every figure checked.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readState, type E2EState } from '../fixtures/state';
import { fitSections } from '../../src-main/report/pdf';
import { PRINT_PAGE } from '../../src-main/report/pages';
import { EXPERIMENT_NAME, browseFigures, clickChartAt, designExperiment, generateBuiltin, importDataset, previewTransformation, selectContaining, shot, tooltipText, watchQueue } from '../flows';

let state: E2EState;
let page: Page;

// One page and one server for the whole story, in order; a failing step does not hide the
// outcome of the independent ones after it (each navigates from the sidebar).
test.describe.configure({ mode: 'default' });

test.beforeAll(async ({ browser }) => {
  state = readState();
  page = await browser.newPage();
  await page.goto(state.url);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'open');
});
test.afterAll(async () => page?.close());

async function openResults() {
  await page.getByTestId('nav-results').click();
  await selectContaining(page.getByTestId('results-experiment'), EXPERIMENT_NAME);
  await expect(page.getByTestId('results-summary')).toContainText(EXPERIMENT_NAME);
}

async function labCall<T>(method: string, req: unknown): Promise<T> {
  return page.evaluate(([m, r]) => (window.lab!.call as (m: string, r: unknown) => Promise<unknown>)(m as string, r), [method, req] as const) as Promise<T>;
}

test('the server refuses requests without the token', async ({ request }) => {
  expect((await request.get(`${state.origin}/`)).status()).toBe(403);
  expect((await request.get(`${state.origin}/?token=wrong`)).status()).toBe(403);
  expect((await request.get(state.url)).status()).toBe(200);
});

test('empty states are designed, not blank', async () => {
  await page.getByTestId('nav-runs').click();
  await expect(page.getByTestId('runs-empty')).toContainText('No runs yet');
  await page.getByTestId('nav-queue').click();
  await expect(page.getByTestId('queue-empty')).toBeVisible();
  await page.getByTestId('nav-datasets').click();
  await expect(page.getByTestId('datasets-empty')).toBeVisible();
});

test('a bad path gives a clear import error', async () => {
  await page.getByTestId('import-path').fill(`${state.tmp}/does-not-exist`);
  await page.getByTestId('import-button').click();
  await expect(page.getByTestId('import-error')).toContainText('does-not-exist');
});

test('import a dataset by dropping its path', async ({}, info) => {
  await importDataset(page, info, state.datasetDir, 'drop');
});

test('generate the built-in dataset from the app', async ({}, info) => {
  test.setTimeout(120_000);
  await generateBuiltin(page, info);
  // Back to the imported dataset for the preview.
  await page.getByTestId('dataset-patterns').click();
});

test('preview transformations live', async ({}, info) => {
  await previewTransformation(page, info);
});

test('design a tiny experiment with validation, then start it', async ({}, info) => {
  await designExperiment(page, info, 'patterns');
});

test('watch it train live to completion', async ({}, info) => {
  test.setTimeout(300_000);
  await watchQueue(page, info, {
    allDone: async () => {
      const list = await labCall<{ name: string; status: string }[]>('experiments.list', {});
      const e = list.find((x) => x.name === EXPERIMENT_NAME);
      if (e?.status === 'failed') throw new Error('the experiment failed');
      return e?.status === 'done';
    },
  });
});

test('every figure of SPEC section 7 is drawn with data and readable tooltips', async ({}, info) => {
  test.setTimeout(180_000);
  await browseFigures(page, info);
});

test('a seen count above the categories is stored as all, and every figure finds its network', async () => {
  const list = await labCall<{ id: string; name: string }[]>('experiments.list', {});
  const d = await labCall<{ spec: { seenCounts: unknown[] }; jobList: { seenCount: unknown }[] }>('experiments.get', { id: list.find((e) => e.name === EXPERIMENT_NAME)!.id });
  expect(d.spec.seenCounts).toEqual([0, 1, 'all']);
  await openResults();
  const v = page.getByTestId('view-results');
  await v.getByTestId('tab-confusion').click();
  await v.getByTestId('conf-seen').selectOption('all');
  await expect.poll(() => page.evaluate(() => ((window.__charts?.['figure-confusion']?.getOption() as { series?: { data?: unknown[] }[] })?.series?.[0]?.data?.length ?? 0))).toBe(9);
  await v.getByTestId('tab-within-across').click();
  await expect.poll(() => page.evaluate(() => ((window.__charts?.['figure-within-across']?.getOption() as { xAxis?: { data?: string[] }[] })?.xAxis?.[0]?.data ?? []).join('|'))).toBe('0|1|All (3)');
  await expect(v.getByTestId('figure-missing')).toHaveCount(0);
});

test('one transformation order and palette, apart from seen / unseen; legends say what is dashed', async ({}, info) => {
  await openResults();
  const v = page.getByTestId('view-results');
  const read = (id: string) => page.evaluate((key) => {
    const o = window.__charts![key]!.getOption() as { series: { name?: string; color?: string; type?: string }[]; legend?: { data?: ({ name: string; lineStyle?: { type?: string } } | string)[] }[]; yAxis?: { data?: string[] }[] };
    return { series: o.series.map((s) => ({ name: s.name ?? '', color: String(s.color ?? ''), type: s.type ?? '' })), legend: (o.legend?.[0]?.data ?? []).map((d) => (typeof d === 'string' ? { name: d } : d)), y: o.yAxis?.[0]?.data ?? [] };
  }, id);
  await v.getByTestId('tab-within-across').click();
  await expect(v.getByTestId('figure-within-across')).toBeVisible();
  const wa = await read('figure-within-across');
  const GROUP = ['#0072b2', '#d55e00', '#009e73', '#999999'];
  expect(wa.series.filter((s) => GROUP.includes(s.color.toLowerCase())), 'no transformation wears a seen / unseen colour').toEqual([]);
  expect(wa.legend.map((l) => l.name)).toEqual(['High-pass filter', 'Rotation 90°']);
  const colourOf = new Map(wa.series.map((s) => [s.name, s.color]));
  await v.getByTestId('tab-invariance-trend').click();
  await expect(v.getByTestId('figure-invariance-trend')).toBeVisible();
  const tr = await read('figure-invariance-trend');
  expect(tr.legend.map((l) => l.name)).toEqual(['High-pass filter', 'Rotation 90°']);
  for (const s of tr.series) expect(s.color, `${s.name} keeps its colour`).toBe(colourOf.get(s.name));
  await v.getByTestId('tab-acc-matrix').click();
  await expect(v.getByTestId('figure-acc-matrix')).toBeVisible();
  expect((await read('figure-acc-matrix')).y).toEqual(['None (x only)', 'High-pass filter', 'Rotation 90°']);
  await v.getByTestId('tab-ablation').click();
  await expect(v.getByTestId('figure-ablation')).toBeVisible();
  const ab = await read('figure-ablation');
  const dashed = ab.legend.filter((l) => (l as { lineStyle?: { type?: string } }).lineStyle?.type === 'dashed').map((l) => l.name);
  expect(dashed).toHaveLength(2);
  for (const n of dashed) expect(n).toContain('dashed');
  await shot(page, info, 'figure-ablation-legend', v.getByTestId('panel-ablation'));
  await v.getByTestId('tab-layerwise').click();
  await expect(v.getByTestId('figure-layerwise')).toBeVisible();
  const lw = await read('figure-layerwise');
  const perCount = new Map(lw.series.map((s) => [s.name, s.color]));
  expect(new Set(perCount.values()).size, 'each seen count its own colour').toBe(perCount.size);
});

test('the summary over seeds shows intervals, restricted across and its notes', async ({}, info) => {
  await openResults();
  const t = page.getByTestId('trust-table');
  await expect(t).toBeVisible();
  // One row per (transformation, seen count) of the tiny experiment, the clean network at 0.
  await expect(t.locator('tbody tr').first()).toContainText(/\d+\.\d/);
  const d = await labCall<{ summary: { rows: { seenCount: number | string }[] } }>('experiments.get', { id: await page.getByTestId('results-experiment').inputValue() });
  await expect(t.locator('tbody tr')).toHaveCount(d.summary.rows.length);
  await shot(page, info, 'results-trust-summary', page.getByTestId('trust-summary'));
});

test('confusion matrix: browse by transformation, seen count, category; click shows images', async ({}, info) => {
  await openResults();
  const v = page.getByTestId('view-results');
  await v.getByTestId('tab-confusion').click();
  await v.getByTestId('conf-transform').selectOption('rot90');
  await v.getByTestId('conf-seen').selectOption('1');
  await v.getByTestId('conf-condition').selectOption('transformed');
  await expect.poll(() => page.evaluate(() => {
    const o = window.__charts?.['figure-confusion']?.getOption() as { series?: { data?: unknown[] }[] } | undefined;
    return o?.series?.[0]?.data?.length ?? 0;
  })).toBe(9);
  // Hover shows the cell's count; a click on the fullest cell shows exactly its test images.
  const cell = await page.evaluate(() => {
    const o = window.__charts!['figure-confusion']!.getOption() as { series: { data: { value: number[] }[] }[]; yAxis: { data: string[] }[]; xAxis: { data: string[] }[] };
    const best = o.series[0]!.data.reduce((a, b) => (b.value[2]! > a.value[2]! ? b : a)).value;
    return { x: best[0]!, y: best[1]!, count: best[2]!, trueName: o.yAxis[0]!.data[best[1]!]!, predName: o.xAxis[0]!.data[best[0]!]! };
  });
  expect(cell.count).toBeGreaterThan(0);
  await clickChartAt(page, 'figure-confusion', { seriesIndex: 0 }, [cell.x, cell.y]);
  await expect(page.getByTestId('figure-confusion')).toContainText(`${cell.count} images`);
  const ex = page.getByTestId('confusion-examples');
  await expect(ex).toContainText(`True ${cell.trueName} predicted as ${cell.predName}`);
  // The panel says how many images the cell holds (the tooltip's count), and shows them.
  await expect(ex.getByTestId('confusion-count')).toContainText(`${cell.count} image`);
  await expect(ex.getByTestId('confusion-example')).toHaveCount(Math.min(cell.count, 12));
  if (cell.count > 12) {
    await expect(ex.getByTestId('confusion-count')).toContainText(`showing 12 of ${cell.count}`);
    await ex.getByTestId('confusion-more').click();
    await expect(ex.getByTestId('confusion-example')).toHaveCount(Math.min(cell.count, 100));
  }
  const tip = await tooltipText(page, 'figure-confusion');
  expect(tip).toMatch(/\d+ images/);
  await ex.scrollIntoViewIfNeeded();
  await shot(page, info, 'confusion-examples');
});

test('a dot leads to its run', async ({}, info) => {
  await openResults();
  const v = page.getByTestId('view-results');
  await v.getByTestId('tab-invariance-vs-accuracy').click();
  await expect(v.getByTestId('figure-invariance-vs-accuracy')).toBeVisible();
  const target = await page.evaluate(() => {
    const c = window.__charts!['figure-invariance-vs-accuracy']!;
    const o = c.getOption() as { series: { type: string; data: ({ value: number[] } | number[])[] }[] };
    const i = o.series.findIndex((s) => s.type === 'scatter' && s.data.length > 0);
    const d = o.series[i]!.data[0]!;
    return { seriesIndex: i, value: Array.isArray(d) ? d : d.value };
  });
  await clickChartAt(page, 'figure-invariance-vs-accuracy', { seriesIndex: target.seriesIndex }, target.value);
  const run = page.getByTestId('run-panel');
  await expect(run).toBeVisible();
  // The click visibly does something: the network's panel is brought into view.
  await expect(run).toBeInViewport({ ratio: 0.3 });
  await expect(run.getByTestId('run-evaluations')).toBeVisible();
  await shot(page, info, 'run-panel', run);
});

test('the neuron view shows top images clean vs transformed with h_k', async ({}, info) => {
  await openResults();
  const neuron = page.getByTestId('neuron-panel');
  await neuron.scrollIntoViewIfNeeded();
  await expect(neuron.getByTestId('neuron-job')).toBeVisible();
  await expect(neuron.getByTestId('neuron-summary')).toContainText('neuron 0');
  await expect(neuron.getByTestId('neuron-pair').first()).toBeVisible();
  expect(await neuron.getByTestId('neuron-pair').count()).toBeGreaterThan(0);
  await neuron.getByTestId('neuron-next').click();
  await expect(neuron.getByTestId('neuron-summary')).toContainText('neuron 1');
  await shot(page, info, 'neuron-view', neuron);
});

async function waitDone(name: string) {
  await expect.poll(async () => {
    const e = (await labCall<{ name: string; status: string }[]>('experiments.list', {})).find((x) => x.name === name);
    if (e?.status === 'failed') throw new Error(`${name} failed`);
    return e?.status;
  }, { timeout: 120_000, intervals: [1000, 2000] }).toBe('done');
}

test('queue: "Create, run later" waits in its own group, newest first, until its Run', async ({}, info) => {
  test.setTimeout(240_000);
  const ds = await labCall<{ id: string; name: string }[]>('datasets.list', undefined);
  const dataset = ds.find((d) => d.name === 'patterns')!.id;
  await labCall('experiments.create', {
    spec: { name: 'e2e second', dataset, transformations: ['invert'], seenCounts: [0, 'all'], epochs: 1, trainPerClass: 8, analysis: { maxUnits: 64 } },
    start: false,
  });
  await page.getByTestId('nav-queue').click();
  const v = page.getByTestId('view-queue');
  const group = v.getByTestId('queue-group').first();
  await expect(group).toHaveAttribute('data-name', 'e2e second');
  await expect(group).toHaveAttribute('data-status', 'paused');
  await expect(v.locator('[data-testid="queue-group"]')).toHaveCount(2);
  // Not started behind the user's back: still waiting a moment later.
  await page.waitForTimeout(1500);
  await expect(group).toHaveAttribute('data-status', 'paused');
  await shot(page, info, 'queue-run-later');
  await group.getByTestId('group-run').click();
  await waitDone('e2e second');
  await expect(group).toHaveAttribute('data-status', 'done');
  await labCall('experiments.create', {
    spec: { name: 'e2e third', dataset, transformations: ['rot90'], seenCounts: [0, 1, 'all'], epochs: 1, trainPerClass: 8, learningRate: 0.05, analysis: { maxUnits: 64 } },
    start: true,
  });
  await waitDone('e2e third');
});

test('runs: sort by across, tags and a note, search, compare three overlaid, parallel coordinates', async ({}, info) => {
  await page.getByTestId('nav-runs').click();
  const v = page.getByTestId('view-runs');
  await expect(v.getByTestId(`run-${EXPERIMENT_NAME}`)).toBeVisible();
  // Metric columns, sorted by across-category accuracy (highest first, then lowest first).
  const across = () => v.locator('[data-testid^="run-"][data-across]').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.across ?? ''));
  await v.getByTestId('sort-across').click();
  await expect(v.locator('[aria-sort="descending"]')).toContainText('Across');
  const desc = (await across()).filter(Boolean).map(Number);
  expect(desc.length).toBeGreaterThanOrEqual(3);
  expect([...desc].sort((a, b) => b - a)).toEqual(desc);
  await v.getByTestId('sort-across').click();
  const asc = (await across()).filter(Boolean).map(Number);
  expect([...asc].sort((a, b) => a - b)).toEqual(asc);
  await expect(v.getByTestId(`run-${EXPERIMENT_NAME}`).getByTestId('cell-across')).not.toHaveText('—');
  await shot(page, info, 'runs-sorted');
  // Tags and a note, stored and searchable.
  await v.getByTestId(`annotate-${EXPERIMENT_NAME}`).click();
  await v.getByTestId('annotation-tags').fill('baseline, highpass');
  await v.getByTestId('annotation-note').fill('first tiny run on the stripes');
  await v.getByTestId('annotation-save').click();
  await expect(v.getByTestId(`run-${EXPERIMENT_NAME}`).getByTestId('run-tag')).toHaveText(['baseline', 'highpass']);
  const stored = await labCall<{ tags: string[]; note: string }[]>('experiments.index', undefined);
  expect(stored.find((r) => r.tags.includes('baseline'))?.note).toBe('first tiny run on the stripes');
  await v.getByTestId('runs-search').fill('stripes');
  await expect(v.getByTestId('run-e2e second')).toHaveCount(0);
  await expect(v.getByTestId(`run-${EXPERIMENT_NAME}`)).toBeVisible();
  await v.getByTestId('runs-search').fill('');
  await v.getByTestId('runs-status').selectOption('done');
  await expect(v.getByTestId('run-e2e second')).toBeVisible();
  await v.getByTestId('runs-status').selectOption('');
  // Compare three: formatted spec differences, metrics, overlaid charts, one colour per run.
  for (const n of [EXPERIMENT_NAME, 'e2e second', 'e2e third']) await v.getByTestId(`compare-${n}`).check();
  const cmp = v.getByTestId('run-compare');
  await expect(cmp).toContainText('Compare 3 runs');
  await expect(cmp.getByTestId('compare-clean')).toHaveCount(3);
  const spec = cmp.locator('[data-testid="compare-spec-row"][data-field="transformations"]');
  await expect(spec).toContainText('High-pass filter, Rotation 90°');
  await expect(spec).not.toContainText('[');
  await expect(cmp.locator('[data-testid="compare-spec-row"][data-field="network"]')).toHaveCount(0);
  const rot = await page.evaluate(() => {
    const o = window.__charts!['compare-acc-rot90']!.getOption() as { series: { name: string; color: string; lineStyle?: { type?: string } }[] };
    return o.series.map((s) => ({ name: s.name, color: s.color, dash: s.lineStyle?.type ?? 'solid' }));
  });
  expect(new Set(rot.map((s) => s.name))).toEqual(new Set([EXPERIMENT_NAME, 'e2e third']));
  expect(new Set(rot.map((s) => s.color)).size).toBe(2);
  expect(rot.some((s) => s.dash === 'dashed')).toBe(true);
  await expect(cmp.getByTestId('compare-acc-highpass')).toBeVisible();
  await expect(cmp.getByTestId('compare-acc-invert')).toBeVisible();
  await expect(cmp.getByTestId('compare-inv-rot90')).toBeVisible();
  await cmp.getByTestId('compare-transform-rot90').scrollIntoViewIfNeeded();
  await shot(page, info, 'runs-compare-overlay');
  await cmp.scrollIntoViewIfNeeded();
  await shot(page, info, 'runs-compare', cmp);
  // Parallel coordinates over every run.
  await v.getByTestId('runs-parallel-toggle').click();
  await expect.poll(() => page.evaluate(() => ((window.__charts?.['runs-parallel']?.getOption() as { series?: { type: string; data: unknown[] }[] })?.series ?? [])
    .filter((s) => s.type === 'parallel').reduce((n, s) => n + s.data.length, 0))).toBe(3);
  await v.getByTestId('runs-parallel-panel').scrollIntoViewIfNeeded();
  await shot(page, info, 'runs-parallel', v.getByTestId('runs-parallel-panel'));
});

test('export a report whose PDF pages are all legible', async ({ browser }, info) => {
  test.setTimeout(180_000);
  await page.getByTestId('nav-report').click();
  const v = page.getByTestId('view-report');
  await selectContaining(v.getByTestId('report-experiment'), EXPERIMENT_NAME);
  await v.getByTestId('report-format-svg').check();
  await v.getByTestId('report-format-csv').check();
  await v.getByTestId('report-format-html').check();
  await v.getByTestId('report-format-pdf').check();
  await v.getByTestId('report-dir').fill(state.reportDir);
  await v.getByTestId('report-export').click();
  await expect(v.getByTestId('report-result').or(v.getByTestId('report-error'))).toBeVisible({ timeout: 120_000 });
  await shot(page, info, 'report');
  await expect(v.getByTestId('report-error')).toHaveCount(0);
  await expect(v.getByTestId('report-result')).toContainText('.svg');
  await expect(v.getByTestId('report-result')).toContainText('report.pdf');
  const pdf = readFileSync(join(state.reportDir, 'report.pdf')).toString('latin1');
  const pdfPages = (pdf.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
  // The PDF is the report's HTML printed by Chromium (src-main/report/pdf.ts): lay it out the
  // same way (A4 landscape, print media, the same fitting) and measure every figure's text.
  const printed = await browser.newPage({ viewport: PRINT_PAGE });
  try {
    await printed.emulateMedia({ media: 'print' });
    await printed.goto(pathToFileURL(join(state.reportDir, 'report.html')).href);
    await printed.evaluate(fitSections, PRINT_PAGE.height);
    const figs = await printed.evaluate(() => [...document.querySelectorAll('section.page')].flatMap((sec) => [...sec.querySelectorAll('svg')].map((svg) => {
      const w = Number(svg.getAttribute('width'));
      const sizes = [...svg.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize) || parseFloat(t.getAttribute('font-size') ?? '') || 12);
      const zoom = parseFloat((sec as HTMLElement).style.zoom || '1');
      return { id: sec.id || (sec as HTMLElement).dataset.figure || '', scale: (svg.getBoundingClientRect().width / w) * (zoom || 1), minPx: Math.min(...sizes), h: sec.getBoundingClientRect().height };
    })));
    expect(figs.length).toBeGreaterThanOrEqual(11);
    expect(pdfPages).toBeGreaterThanOrEqual(figs.length);
    for (const f of figs) {
      // CSS px to pt: x 0.75. 7 pt is the least a printed axis label may have.
      const pt = f.minPx * f.scale * 0.75;
      expect(pt, `${f.id}: smallest text ${pt.toFixed(1)} pt`).toBeGreaterThanOrEqual(7);
      expect(f.h, `${f.id} fits its page`).toBeLessThanOrEqual(PRINT_PAGE.height + 2);
    }
    await printed.locator('section.page.print[data-figure="layerwise"]').first().screenshot({ path: info.outputPath('report-print-layerwise.png') });
    await info.attach('report-print-layerwise', { path: info.outputPath('report-print-layerwise.png'), contentType: 'image/png' });
  } finally {
    await printed.close();
  }
});

test('dark theme', async ({}, info) => {
  await page.getByTestId('theme-select').selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByTestId('nav-results').click();
  await page.getByTestId('tab-within-across').click();
  await expect(page.getByTestId('figure-within-across')).toBeVisible();
  await shot(page, info, 'results-dark');
  await page.getByTestId('theme-select').selectOption('light');
});

test('keyboard: tabs move with arrow keys and focus is visible', async () => {
  const tab = page.getByTestId('tab-within-across');
  await tab.focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('tab-confusion')).toBeFocused();
  await expect(page.getByTestId('tab-confusion')).toHaveAttribute('aria-selected', 'true');
  const outline = await page.getByTestId('tab-confusion').evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe('none');
});
