// Browser mode end to end: the real `invlab serve`, the real service and engine, a real
// dataset folder; one tiny experiment trained to completion, then every figure checked.
import { expect, test, type Page } from '@playwright/test';
import { readState, type E2EState } from '../fixtures/state';
import { EXPERIMENT_NAME, browseFigures, clickChartAt, designExperiment, importDataset, previewTransformation, selectContaining, shot, watchQueue } from '../flows';

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

test('every figure of SPEC section 7 is drawn with data', async ({}, info) => {
  test.setTimeout(180_000);
  await browseFigures(page, info);
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
  await expect(ex.getByTestId('confusion-example')).toHaveCount(Math.min(cell.count, 12));
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

test('runs: search, filter by status, compare two runs', async ({}, info) => {
  // A second experiment to compare with (created, not started).
  const ds = await labCall<{ id: string; name: string }[]>('datasets.list', undefined);
  await labCall('experiments.create', {
    spec: { name: 'e2e second', dataset: ds.find((d) => d.name === 'patterns')!.id, transformations: ['invert'], seenCounts: [0, 'all'], epochs: 1, trainPerClass: 8 },
    start: false,
  });
  await page.getByTestId('nav-runs').click();
  const v = page.getByTestId('view-runs');
  await expect(v.getByTestId(`run-${EXPERIMENT_NAME}`)).toBeVisible();
  await v.getByTestId('runs-search').fill('second');
  await expect(v.getByTestId(`run-${EXPERIMENT_NAME}`)).toHaveCount(0);
  await expect(v.getByTestId('run-e2e second')).toBeVisible();
  await v.getByTestId('runs-search').fill('');
  await v.getByTestId('runs-status').selectOption('done');
  await expect(v.getByTestId('run-e2e second')).toHaveCount(0);
  await expect(v.getByTestId(`run-${EXPERIMENT_NAME}`)).toBeVisible();
  await v.getByTestId('runs-status').selectOption('');
  await v.getByTestId(`compare-${EXPERIMENT_NAME}`).check();
  await v.getByTestId('compare-e2e second').check();
  const cmp = v.getByTestId('run-compare');
  await expect(cmp).toContainText(EXPERIMENT_NAME);
  await expect(cmp).toContainText('e2e second');
  await expect(cmp.getByTestId('compare-clean').first()).not.toHaveText('—');
  await shot(page, info, 'runs-compare');
});

test('export a report', async ({}, info) => {
  await page.getByTestId('nav-report').click();
  const v = page.getByTestId('view-report');
  await selectContaining(v.getByTestId('report-experiment'), EXPERIMENT_NAME);
  await v.getByTestId('report-format-svg').check();
  await v.getByTestId('report-format-csv').check();
  await v.getByTestId('report-dir').fill(state.reportDir);
  await v.getByTestId('report-export').click();
  await expect(v.getByTestId('report-result').or(v.getByTestId('report-error'))).toBeVisible({ timeout: 120_000 });
  await shot(page, info, 'report');
  await expect(v.getByTestId('report-error')).toHaveCount(0);
  await expect(v.getByTestId('report-result')).toContainText('.svg');
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
