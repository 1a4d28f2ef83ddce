// The user flows, written once and run in both shells (browser mode and Electron).
import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import { FIGURE_IDS, type FigureId } from '../shared/figure-defs/index';

export const EXPERIMENT_NAME = 'e2e tiny patterns';

/** Choose the <option> whose text contains `text`. */
export async function selectContaining(select: Locator, text: string) {
  const value = await select.evaluate((el, t) => {
    const o = [...(el as HTMLSelectElement).options].find((x) => x.text.includes(t));
    return o ? o.value : null;
  }, text);
  if (value === null) throw new Error(`no option containing "${text}"`);
  await select.selectOption(value);
}

/** A screenshot of the page, or of one element, kept in test-results/ and attached to the report. */
export async function shot(page: Page, info: TestInfo, name: string, element?: Locator) {
  const path = info.outputPath(`${name}.png`);
  if (element) await element.screenshot({ path });
  else await page.screenshot({ path, fullPage: false });
  await info.attach(name, { path, contentType: 'image/png' });
}

/** Drop a path string on the drop zone, as a file manager's "copy path" drag does. */
export async function dropPath(page: Page, path: string) {
  const dt = await page.evaluateHandle((p) => {
    const d = new DataTransfer();
    d.setData('text/plain', p);
    return d;
  }, path);
  await page.dispatchEvent('[data-testid="drop-zone"]', 'dragover', { dataTransfer: dt });
  await page.dispatchEvent('[data-testid="drop-zone"]', 'drop', { dataTransfer: dt });
}

export async function importDataset(page: Page, info: TestInfo, datasetDir: string, how: 'drop' | 'type') {
  await page.getByTestId('nav-datasets').click();
  await expect(page.getByTestId('view-datasets')).toBeVisible();
  if (how === 'drop') await dropPath(page, datasetDir);
  else {
    await page.getByTestId('import-path').fill(datasetDir);
    await page.getByTestId('import-button').click();
  }
  const report = page.getByTestId('import-report');
  await expect(report).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('import-summary')).toContainText('3 categories');
  await expect(page.getByTestId('import-summary')).toContainText('120');
  // One sample row per category, each with images.
  const rows = page.getByTestId('sample-row');
  await expect(rows).toHaveCount(3);
  await expect(rows.first().locator('img').first()).toBeVisible();
  expect(await rows.first().locator('img').count()).toBeGreaterThan(0);
  await shot(page, info, 'datasets-imported');
}

export async function previewTransformation(page: Page, info: TestInfo) {
  const preview = page.getByTestId('transform-preview');
  await preview.getByTestId('preview-transform').selectOption('invert');
  const clean = preview.getByTestId('preview-clean');
  const transformed = preview.getByTestId('preview-transformed');
  await expect(transformed).toHaveAttribute('alt', /Contrast inversion/);
  const [a, b] = [await clean.getAttribute('src'), await transformed.getAttribute('src')];
  expect(a).toMatch(/^data:image\//);
  expect(b).toMatch(/^data:image\//);
  expect(a).not.toBe(b);
  // A parameter change re-draws the preview with that parameter.
  await preview.getByTestId('preview-transform').selectOption('blur');
  const before = await transformed.getAttribute('src');
  await preview.getByTestId('preview-param').fill('4');
  await expect(preview.getByTestId('preview-param-value')).toHaveText('4');
  await expect(preview).toContainText('sigma=4');
  expect(await transformed.getAttribute('src')).not.toBe(before);
  await shot(page, info, 'transform-preview');
}

/** The built-in dataset, generated from the Datasets view (no terminal). */
export async function generateBuiltin(page: Page, info: TestInfo) {
  await page.getByTestId('nav-datasets').click();
  await page.getByTestId('generate-builtin').click();
  // The app's built-in is 32 px; a quick demo's history holds its variant ("Built-in shapes
  // (375 / category)", also 32 px) beside it.
  await expect(page.getByTestId('dataset-list').getByRole('button', { name: /^Built-in shapes\s*·.*32px/ })).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('dataset-detail')).toContainText('Built-in shapes');
  await expect(page.getByTestId('sample-row').first().locator('img').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('generate-builtin')).toHaveCount(0);
  await shot(page, info, 'datasets-builtin');
}

export async function designExperiment(page: Page, info: TestInfo, datasetName: string) {
  await page.getByTestId('nav-designer').click();
  const v = page.getByTestId('view-designer');
  await expect(v).toBeVisible();
  // A fresh designer is not covered in messages about fields not filled in yet.
  await expect(v.getByTestId('spec-status')).toContainText('To start: choose a dataset');
  await expect(v.locator('[data-testid^="error-"]')).toHaveCount(0);
  await expect(v.getByTestId('spec-errors')).toHaveCount(0);
  await shot(page, info, 'designer-fresh');
  // No near-identical entries: once generated, the built-in is listed once (no "generated on
  // first use" beside it), and datasets of one name (the quick demo's 16 px built-in) say their size.
  const options = await v.getByTestId('spec-dataset').locator('option').evaluateAll((os) => os.map((o) => o.textContent ?? ''));
  expect(options.filter((t) => /generated on first use/.test(t))).toEqual([]);
  expect(new Set(options).size, options.join(' | ')).toBe(options.length);
  expect(options.filter((t) => /built-in/i.test(t)).length).toBeGreaterThanOrEqual(1);
  await v.getByTestId('spec-name').fill(EXPERIMENT_NAME);
  await selectContaining(v.getByTestId('spec-dataset'), `${datasetName} (`);
  await v.getByTestId('spec-transform-highpass').check();
  await v.getByTestId('spec-transform-rot90').check();
  // 99 seen categories of 3 trains as all: a note, not an error, and the spec stays valid.
  await v.getByTestId('spec-seenCounts').fill('0, 1, 99');
  await v.getByTestId('spec-trainPerClass').fill('24');
  await v.getByTestId('spec-batchSize').fill('16');
  await v.getByTestId('spec-learningRate').fill('0.05');
  await v.getByTestId('spec-maxUnits').fill('256');
  // A bad value is named by the service's validation, on its field.
  await v.getByTestId('spec-epochs').fill('two');
  await expect(v.getByTestId('error-epochs')).toBeVisible();
  await expect(v.getByTestId('spec-status')).toContainText('problem');
  await expect(v.getByTestId('create-start')).toBeDisabled();
  await shot(page, info, 'designer-invalid');
  await v.getByTestId('spec-epochs').fill('2');
  await expect(v.getByTestId('error-epochs')).toHaveCount(0);
  await expect(v.getByTestId('spec-status')).toHaveText('Spec is valid');
  await expect(v.getByTestId('spec-jobs')).not.toHaveText('0');
  await expect(v.getByTestId('spec-estimate')).not.toHaveText('—');
  await expect(v.getByTestId('warning-seenCounts')).toContainText('99');
  await expect(v.getByTestId('error-seenCounts')).toHaveCount(0);
  await expect(v.getByTestId('create-start')).toHaveText('Create and run');
  await shot(page, info, 'designer-valid');
  await v.getByTestId('create-start').click();
  await expect(page.getByTestId('view-queue')).toBeVisible();
}

async function chartData(page: Page, id: string) {
  return page.evaluate((key) => {
    const c = window.__charts?.[key];
    if (!c) return null;
    const o = c.getOption() as { series?: { type?: string; data?: unknown[] }[] };
    return (o.series ?? []).map((s) => ({ type: s.type ?? '', n: Array.isArray(s.data) ? s.data.length : 0 }));
  }, id);
}

/** A call to the lab through the page's own `window.lab` (browser mode and Electron alike). */
export function labCall<T>(page: Page, method: string, req: unknown): Promise<T> {
  return page.evaluate(([m, r]) => (window.lab!.call as (m: string, r: unknown) => Promise<unknown>)(m as string, r), [method, req] as const) as Promise<T>;
}

/** The id of one training job of the named experiment: a running one when there is one. */
async function trainJobOf(page: Page, experimentName: string): Promise<string> {
  const e = (await labCall<{ id: string; name: string }[]>(page, 'experiments.list', {})).find((x) => x.name === experimentName);
  if (!e) throw new Error(`no experiment named ${experimentName}`);
  const jobs = (await labCall<{ id: string; kind: string; status: string }[]>(page, 'jobs.list', { experimentId: e.id })).filter((j) => j.kind === 'train');
  const j = jobs.find((x) => x.status === 'running') ?? jobs[0];
  if (!j) throw new Error(`${experimentName} has no training job`);
  return j.id;
}

export async function watchQueue(page: Page, info: TestInfo, lab: { allDone: () => Promise<boolean> }) {
  const v = page.getByTestId('view-queue');
  await expect(v.getByTestId('job-list')).toBeVisible();
  // Grouped by experiment, the new one first and open.
  const group = v.getByTestId('queue-group').first();
  await expect(group).toHaveAttribute('data-name', EXPERIMENT_NAME);
  // Open while it runs, folded once finished; a slow page may first see it already finished.
  // Both attributes read at once: it may finish between two reads.
  const first = await group.evaluate((el) => ({ open: (el as HTMLElement).dataset.open, status: (el as HTMLElement).dataset.status }));
  expect(first.open, `group ${first.status}`).toBe(first.status === 'done' ? 'false' : 'true');
  // Pick one training job by its id (an analysis has no training curve). Not "the first Train
  // button": rows move as jobs finish, and on a slow machine the last one may finish while the
  // click is under way, leaving no running Train row to click. A running one if there is one;
  // the page has had every job's progress events since the experiment started either way.
  const jobId = await trainJobOf(page, EXPERIMENT_NAME);
  let unfolded = false;
  await expect(async () => {
    if ((await group.getAttribute('data-open')) === 'false') {
      // Finished before we got here: it folded itself, as a finished group does.
      await expect(group).toHaveAttribute('data-status', 'done', { timeout: 1_000 });
      await group.getByTestId('group-toggle').click({ timeout: 2_000 });
      unfolded = true;
    }
    const pick = v.getByTestId(`job-${jobId}`).locator('button.pick');
    await pick.click({ timeout: 5_000 });
    await expect(pick).toHaveAttribute('aria-pressed', 'true', { timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  // Live curves: the training chart gains points from job.progress events.
  await expect.poll(async () => {
    const s = await chartData(page, 'chart-training');
    return s ? s.reduce((n, x) => n + x.n, 0) : 0;
  }, { timeout: 120_000 }).toBeGreaterThan(0);
  await expect(v.getByTestId('job-backend')).not.toHaveText('—');
  // One legend entry per quantity ("train loss" once, not twice).
  const names = await page.evaluate(() => ((window.__charts?.['chart-training']?.getOption() as { series?: { name?: string }[] })?.series ?? []).map((s) => s.name ?? ''));
  expect(names.filter((n) => /train loss/.test(n))).toHaveLength(1);
  expect(new Set(names).size).toBe(names.length);
  await shot(page, info, 'queue-live');
  await expect.poll(() => lab.allDone(), { timeout: 200_000, intervals: [1000, 2000] }).toBe(true);
  await expect(v.locator('[data-status="failed"]')).toHaveCount(0);
  // A finished group folds itself (unless the user unfolded it: the choice wins); its progress
  // is full; finished jobs show no part-filled bars.
  await expect(group).toHaveAttribute('data-status', 'done');
  await expect(group.getByTestId('group-progress')).toHaveAttribute('aria-valuenow', '100');
  if (!unfolded) {
    await expect(group).toHaveAttribute('data-open', 'false');
    await group.getByTestId('group-toggle').click();
  }
  await expect(group).toHaveAttribute('data-open', 'true');
  await expect(v.locator('[data-testid^="job-"][data-status="done"] [role="progressbar"]')).toHaveCount(0);
  await shot(page, info, 'queue-grouped');
}

/** What a figure's tooltip must say (the trained-with transformation, the seen count, n...). */
const TIP_MUST: Partial<Record<FigureId, string[]>> = {
  'within-across': ['Trained with: High-pass filter', 'Seen-transformed categories', 'n = 1 network'],
  'invariance-trend': ['Trained with', 'Seen-transformed categories', 'Mean I_k'],
  'invariance-vs-accuracy': ['Trained with', 'Seen-transformed categories', 'Mean I_k'],
  'acc-matrix': ['Trained with', 'Tested on', 'Top-1 accuracy'],
  'invariance-by-seen': ['Trained with', 'Median', 'n = '],
  layerwise: ['Trained with', 'Layer'],
  ablation: ['τ ='],
};

/** What each figure must draw: series types that must be present with data (a figure not listed: any series, one item). */
const EXPECT_DRAWN: Partial<Record<FigureId, { type: string; min: number }>> = {
  'acc-matrix': { type: 'heatmap', min: 6 },
  'within-across': { type: 'line', min: 1 },
  confusion: { type: 'heatmap', min: 9 },
  'confusion-quadrants': { type: '', min: 1 },
  'active-neurons': { type: '', min: 1 },
  'invariance-baseline': { type: '', min: 1 },
  'invariance-by-seen': { type: '', min: 1 },
  'invariance-trend': { type: 'line', min: 1 },
  'invariance-vs-accuracy': { type: 'scatter', min: 1 },
  ablation: { type: 'line', min: 21 },
  layerwise: { type: '', min: 1 },
};

/** Shows the tooltip of one item of a figure (the first data item of the first series with data) and returns its text. */
export async function tooltipText(page: Page, id: string): Promise<string> {
  await page.evaluate((key) => {
    const c = window.__charts![key]!;
    const o = c.getOption() as { series: { data?: unknown[]; silent?: boolean; tooltip?: { show?: boolean } }[] };
    // The first series a reader can hover (interval whiskers are silent, without tooltips).
    const seriesIndex = o.series.findIndex((s) => Array.isArray(s.data) && s.data.length > 0 && !s.silent && s.tooltip?.show !== false);
    c.dispatchAction({ type: 'showTip', seriesIndex, dataIndex: 0 });
  }, id);
  const tip = page.getByTestId(id).locator('div').filter({ hasText: /\S/ }).last();
  await expect(tip).toBeVisible();
  return (await tip.innerText()).trim();
}

export async function browseFigures(page: Page, info: TestInfo) {
  await page.getByTestId('nav-results').click();
  const v = page.getByTestId('view-results');
  await selectContaining(v.getByTestId('results-experiment'), EXPERIMENT_NAME);
  await expect(v.getByTestId('results-summary')).toContainText(EXPERIMENT_NAME);
  for (const f of FIGURE_IDS) {
    await v.getByTestId(`tab-${f}`).click();
    const chart = v.getByTestId(`figure-${f}`);
    await expect(chart, `figure ${f} is drawn`).toBeVisible({ timeout: 60_000 });
    const want = EXPECT_DRAWN[f] ?? { type: '', min: 1 };
    await expect.poll(async () => {
      const s = (await chartData(page, `figure-${f}`)) ?? [];
      return s.filter((x) => !want.type || x.type === want.type).reduce((m, x) => Math.max(m, x.n), 0);
    }, { message: `figure ${f} draws ${want.type || 'a'} series with at least ${want.min} items` }).toBeGreaterThanOrEqual(want.min);
    // Tooltips are readable: rounded numbers, and they say what the item is.
    const tip = await tooltipText(page, `figure-${f}`);
    expect(tip, `tooltip of ${f}: ${tip}`).not.toMatch(/\d\.\d{4,}/);
    expect(tip.length, `tooltip of ${f} says something`).toBeGreaterThan(8);
    if (TIP_MUST[f]) for (const m of TIP_MUST[f]!) expect(tip, `tooltip of ${f}`).toContain(m);
    await shot(page, info, `figure-${f}`, v.getByTestId(`panel-${f}`));
  }
}

/** Click the chart item at a data coordinate (through ECharts' own coordinate conversion). */
export async function clickChartAt(page: Page, id: string, finder: { seriesIndex: number }, value: (number | string)[]) {
  // The mouse only reaches what is on screen (the summary above may push the figure down).
  await page.getByTestId(id).scrollIntoViewIfNeeded();
  const pt = await page.evaluate(({ id, finder, value }) => {
    const c = window.__charts![id]!;
    return c.convertToPixel(finder, value) as unknown as number[];
  }, { id, finder, value });
  const box = (await page.getByTestId(id).boundingBox())!;
  await page.mouse.click(box.x + pt[0]!, box.y + pt[1]!);
}
