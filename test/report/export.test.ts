// exportReport on a hand-made experiment: the SVGs hold their data marks, PNGs are 300 dpi at
// the expected size, CSVs hold the figure's numbers, the HTML has every section, the PDF one
// page per section; an unfinished experiment exports what is done; bad folders fail clearly.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe as group, expect, it } from 'vitest';
import { buildFigureData } from '../../shared/figure-defs/index';
import { chartSize, figureTable } from '../../shared/charts';
import { FIGURE_IDS, type FigureId } from '../../shared/figure-defs/index';
import { chromiumAvailable, CHROMIUM_PATH, exportReport, pngSize, ReportError } from '../../src-main/report';
import { makeBlobs, makeDetail } from './fixture';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'invlab-report-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Data marks drawn per series: ECharts' SSR tags every chart element with its series and data index. */
function marks(svg: string): number[] {
  const by = new Map<number, Set<string>>();
  for (const m of svg.matchAll(/ecmeta_series_index="(\d+)" ecmeta_data_index="(\d+)" ecmeta_ssr_type="chart"/g)) {
    const s = Number(m[1]);
    if (!by.has(s)) by.set(s, new Set());
    by.get(s)!.add(m[2]!);
  }
  return [...by.keys()].sort((a, b) => a - b).map((k) => by.get(k)!.size);
}

function parseCsv(text: string): string[][] {
  return text.trimEnd().split('\r\n').map((l) => l.split(','));
}

group('a finished experiment', () => {
  const out = path.join(tmp, 'full');
  let result: Awaited<ReturnType<typeof exportReport>>;
  const progress: number[] = [];
  beforeAll(async () => {
    result = await exportReport({
      detail: makeDetail(), blobs: makeBlobs(), outDir: out, formats: ['svg', 'csv', 'html'],
      onProgress: (p) => progress.push(p.done / p.total),
    });
  });
  const svg = (f: FigureId) => fs.readFileSync(path.join(out, `${f}.svg`), 'utf8');

  it('writes an SVG and a CSV for every figure and one HTML report, reporting progress', () => {
    const names = result.files.map((f) => path.basename(f)).sort();
    expect(names).toEqual([...FIGURE_IDS.flatMap((f) => [`${f}.csv`, `${f}.svg`]), 'report.html'].sort());
    expect(result.missing).toEqual([]);
    expect(progress).toHaveLength(names.length);
    expect(progress.at(-1)).toBe(1);
  });

  it('each SVG contains its data series with the right number of marks', () => {
    // within-across: blur and rot90, within at {1, 2, all} and across at {0, 1, 2}.
    expect(marks(svg('within-across'))).toEqual([3, 3, 3, 3]);
    // acc-matrix: (none, blur, rot90) x (clean, blur, rot90) cells; confusion: 4 x 4.
    expect(marks(svg('acc-matrix'))).toEqual([9]);
    expect(svg('acc-matrix')).toContain('>62.5</text>');
    expect(marks(svg('confusion'))).toEqual([16]);
    // quadrants: 2 transformations x seen counts {1, 2}, four cells each.
    expect(marks(svg('confusion-quadrants'))).toEqual([4, 4, 4, 4]);
    // violins: one per transformation and panel; baseline 2 x (x + T(x), x); by seen: seen at {1,2,all}, unseen at {0,1,2}.
    expect(marks(svg('active-neurons'))).toEqual([1, 1, 1, 1]);
    expect(marks(svg('invariance-baseline'))).toEqual([2, 2]);
    expect(marks(svg('invariance-by-seen'))).toEqual([3, 3, 3, 3]);
    expect(marks(svg('invariance-trend'))).toEqual([4, 4]);
    // one dot per network: (blur, rot90) x 3 seen counts x 2 seeds per panel.
    expect(marks(svg('invariance-vs-accuracy'))).toEqual([6, 6, 6, 6]);
    expect(marks(svg('ablation'))).toEqual([5, 5, 5, 5]);
    // layerwise: 2 transformations x (all, seen, unseen) panels; seen lacks 0, unseen lacks all.
    expect(marks(svg('layerwise'))).toEqual(Array.from({ length: 20 }, () => 3));
  });

  it('each SVG has its size, titles, axis names and legend as text', () => {
    const s = svg('within-across');
    const { width, height } = chartSize(buildFigureData(makeDetail(), makeBlobs(), 'within-across'));
    expect(s).toMatch(new RegExp(`^<svg width="${width}" height="${height}"`));
    for (const text of ['Within- and across-category accuracy', 'Number of seen-transformed categories', 'Within-category accuracy (%)', 'Blur', 'Rotation 90°', 'All (4)']) {
      expect(s).toContain(`>${text}</text>`);
    }
  });

  it('each CSV holds every number behind its figure', () => {
    for (const f of FIGURE_IDS) {
      const rows = parseCsv(fs.readFileSync(path.join(out, `${f}.csv`), 'utf8'));
      const t = figureTable(buildFigureData(makeDetail(), makeBlobs(), f), 'values');
      expect(rows[0], f).toEqual(t.columns);
      expect(rows.length - 1, f).toBe(t.rows.length);
    }
    const acc = parseCsv(fs.readFileSync(path.join(out, 'acc-matrix.csv'), 'utf8'));
    expect(acc).toContainEqual(['blur', 'blur', '62.5']);
    expect(acc).toContainEqual(['none', 'clean', '89']);
    // Violins: every finite I_k of both seeds (45 each) for blur x + T(x).
    const base = parseCsv(fs.readFileSync(path.join(out, 'invariance-baseline.csv'), 'utf8'));
    expect(base.filter((r) => r[0] === 'blur' && r[1] === 'x+T(x)')).toHaveLength(90);
  });

  it('the HTML report has every section and the experiment facts', () => {
    const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
    // The experiment, the summary over seeds, then per figure its print page(s) (drawn for the page, never shrunk) and its numbers.
    expect(html.match(/<section class="page figure print"/g)!.length).toBeGreaterThanOrEqual(FIGURE_IDS.length);
    expect(html.match(/<section class="page numbers flow"/g)).toHaveLength(FIGURE_IDS.length);
    // The summary: intervals, and the sentence next to the numbers that cannot be read as the paper's measure.
    expect(html).toContain('Summary over seeds');
    expect(html).toMatch(/<td>blur<\/td><td>1<\/td><td>2<\/td><td>81\.0 \[\d+\.\d, \d+\.\d\]<\/td>/);
    expect(html).toMatch(/<li>blur: not learnable at this strength in this budget/);
    for (const f of FIGURE_IDS) expect(html).toContain(`id="fig-${f}"`);
    for (const text of ['Experiment spec', 'Dataset', 'Four things', 'Calibrated transformation strengths', 'sigma', '1.5',
      'Threshold τ', '0.35', 'Backend', 'cpu (', 'Software', '@tensorflow/tfjs', 'node', 'invariance-lab', 'Numbers behind the figure']) {
      expect(html).toContain(text);
    }
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(FIGURE_IDS.length);
  });
});

it('PNGs are 300 dpi at the figure\'s physical size', async () => {
  const out = path.join(tmp, 'png');
  const r = await exportReport({ detail: makeDetail(), blobs: makeBlobs(), outDir: out, formats: ['png'], figures: ['ablation', 'acc-matrix'] });
  expect(r.files.map((f) => path.basename(f))).toEqual(['acc-matrix.png', 'ablation.png']);
  for (const f of ['acc-matrix', 'ablation'] as const) {
    const meta = await sharp(path.join(out, `${f}.png`)).metadata();
    const size = chartSize(buildFigureData(makeDetail(), makeBlobs(), f));
    expect(meta.format).toBe('png');
    expect(meta.density).toBe(300);
    expect({ width: meta.width, height: meta.height }).toEqual(pngSize(size.width, size.height));
    expect(meta.width).toBe(Math.round((size.width * 300) / 96));
  }
});

it('a running experiment: exports what is finished and says what is missing', async () => {
  const out = path.join(tmp, 'running');
  const r = await exportReport({ detail: makeDetail({ unfinished: true }), blobs: makeBlobs(), outDir: out, formats: ['svg', 'html'] });
  expect(r.missing[0]).toMatch(/^experiment is running: \d+ of \d+ jobs finished \(4 running, 4 queued\); figures show finished jobs only$/);
  expect(r.missing).toContain('within-across: network for Blur with 2 categories seen-transformed: not finished (running)');
  expect(r.files.filter((f) => f.endsWith('.svg'))).toHaveLength(FIGURE_IDS.length);
  expect(marks(fs.readFileSync(path.join(out, 'within-across.svg'), 'utf8'))).toEqual([2, 2, 2, 2]);
  expect(fs.readFileSync(path.join(out, 'report.html'), 'utf8')).toContain('not finished (running)');
});

it('figures the data cannot support are left out with the reason', async () => {
  const d = makeDetail();
  const noSearch = { ...d, spec: { ...d.spec, analysis: { ...d.spec.analysis, tau: 0.2 } }, analyses: d.analyses.map((a) => ({ ...a, tauSearch: [] })) };
  const r = await exportReport({ detail: noSearch, blobs: makeBlobs(), outDir: path.join(tmp, 'fixed'), formats: ['csv'], figures: ['ablation', 'invariance-trend'] });
  expect(r.files.map((f) => path.basename(f))).toEqual(['invariance-trend.csv']);
  expect(r.missing).toEqual(['ablation: tau is fixed at 0.2 in the spec, so no ablation search was run']);
});

it('bad input fails with a clear message and writes nothing', async () => {
  const file = path.join(tmp, 'a-file');
  fs.writeFileSync(file, 'x');
  const args = { detail: makeDetail(), blobs: makeBlobs() };
  await expect(exportReport({ ...args, outDir: path.join(file, 'sub'), formats: ['svg'] }))
    .rejects.toThrow(new ReportError(`cannot write the report to ${path.join(file, 'sub')}: a file is in the way of the folder path`));
  await expect(exportReport({ ...args, outDir: tmp, formats: ['gif' as never] })).rejects.toThrow(/unknown report format gif/);
  await expect(exportReport({ ...args, outDir: tmp, formats: ['svg'], figures: ['pie' as never] })).rejects.toThrow(/unknown figure pie/);
  await expect(exportReport({ ...args, outDir: tmp, formats: [] })).rejects.toBeInstanceOf(ReportError);
});

group('PDF', () => {
  const title = chromiumAvailable() ? 'has a page per figure page and per table' : `has a page per figure page and per table (skipped: no Chromium at ${CHROMIUM_PATH}; apt-get install -y chromium)`;
  it.skipIf(!chromiumAvailable())(title, async () => {
    const out = path.join(tmp, 'pdf');
    const r = await exportReport({ detail: makeDetail(), blobs: makeBlobs(), outDir: out, formats: ['pdf', 'html'] });
    expect(r.files.map((f) => path.basename(f)).sort()).toEqual(['report.html', 'report.pdf']);
    const pdf = fs.readFileSync(path.join(out, 'report.pdf')).toString('latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    const sections = fs.readFileSync(path.join(out, 'report.html'), 'utf8').match(/<section class="page/g)!.length;
    const pages = pdf.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? [];
    // Each section starts a page; a long table may continue onto the next.
    expect(pages.length).toBeGreaterThanOrEqual(sections);
    expect(pages.length).toBeLessThanOrEqual(sections + FIGURE_IDS.length);
  });
});

group('print layout', () => {
  it('draws tall figures at the page width, splitting rows across pages instead of shrinking them', async () => {
    const { printPages, splitForPrint, PRINT_PAGE } = await import('../../src-main/report/pages');
    const detail = makeDetail();
    const { buildFigureData } = await import('../../shared/figure-defs/index');
    const lw = buildFigureData(detail, makeBlobs(), 'layerwise') as import('../../shared/figures').LayerwiseData;
    const many = { ...lw, series: (['blur', 'noise', 'rot90'] as const).flatMap((t) => lw.series.slice(0, 1).map((s) => ({ ...s, transform: t }))) } as typeof lw;
    const parts = splitForPrint(many);
    expect(parts.length).toBe(3);
    for (const p of printPages(many, 'light')) {
      expect(p.width).toBe(PRINT_PAGE.width);
      expect(p.height).toBeLessThanOrEqual(PRINT_PAGE.height);
      expect(p.svg).toContain(`width="${p.width}"`);
    }
  });
});
