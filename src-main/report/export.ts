// `invlab report` and the app's Report export: every supported figure of an experiment as
// SVG, PNG (300 dpi) and CSV, one HTML report with all of them, and its PDF. An unfinished
// experiment exports what is finished and lists the rest in `missing`.
import fs from 'node:fs';
import path from 'node:path';
import type { ReportFormat } from '../../shared/contract';
import { buildChartOption, chartSize } from '../../shared/charts';
import { figureTable, toCsv } from '../../shared/charts/table';
import type { Theme } from '../../shared/charts/style';
import { FIGURE_IDS, type FigureId } from '../../shared/figure-defs/index';
import type { ExperimentDetail } from '../../shared/results';
import { buildFigureData, supportedFigures, type FigureBlobs } from '../../shared/figure-defs/index';
import { ReportError } from './errors';
import { StorageError, makeDirs, removeTempFiles, withTempFile, writeFileAtomic } from '../engine/io/atomic';
import { reportHtml, type CalibrationExampleSet, type ReportFigure } from './html';
import { chromiumPdf, type PdfPrinter } from './pdf';
import { printPages } from './pages';
import { renderSvg, svgToPng } from './render';
import { softwareVersions } from './versions';

export const REPORT_FORMATS: readonly ReportFormat[] = ['html', 'pdf', 'svg', 'png', 'csv'];

export interface ReportProgress { experimentId: string; done: number; total: number; file: string }

export interface ExportReportOptions {
  detail: ExperimentDetail;
  blobs: FigureBlobs;
  outDir: string;
  formats: ReportFormat[];
  /** Default: every figure of SPEC.md section 7. */
  figures?: FigureId[];
  onProgress?: (p: ReportProgress) => void;
  /** Default light: reports are printed. */
  theme?: Theme;
  /** How the PDF is printed: headless Chromium by default; Electron passes printToPDF. */
  printPdf?: PdfPrinter;
  /** Example images at the calibrated strengths for the HTML/PDF report (the caller has the dataset). */
  examples?: CalibrationExampleSet[];
  /** Replace existing files (default true: the CLI's `--out` is the user's own choice; the API passes its request's flag). */
  overwrite?: boolean;
}

export interface ExportReportResult {
  /** Absolute paths of the written files. */
  files: string[];
  /** What is not in the report, and why. */
  missing: string[];
}

function checkRequest(o: ExportReportOptions): FigureId[] {
  if (!o.formats.length) throw new ReportError(`no report format given (choose from ${REPORT_FORMATS.join(', ')})`);
  const badFormat = o.formats.filter((f) => !REPORT_FORMATS.includes(f));
  if (badFormat.length) throw new ReportError(`unknown report format ${badFormat.join(', ')} (choose from ${REPORT_FORMATS.join(', ')})`);
  const figures = o.figures?.length ? o.figures : [...FIGURE_IDS];
  const badFigure = figures.filter((f) => !(FIGURE_IDS as readonly string[]).includes(f));
  if (badFigure.length) throw new ReportError(`unknown figure ${badFigure.join(', ')} (figures: ${FIGURE_IDS.join(', ')})`);
  // Paper order, whatever order they were asked in.
  return FIGURE_IDS.filter((f) => figures.includes(f));
}

/** Creates the folder and proves it writable before any work, so a bad path fails at once. */
function prepareFolder(outDir: string): string {
  const dir = path.resolve(outDir);
  try {
    makeDirs(dir);
    const probe = path.join(dir, `.invlab-write-test-${process.pid}`);
    fs.writeFileSync(probe, 'x');
    fs.rmSync(probe);
    // What an export killed mid-write (kill -9, power loss) left: never under a final name.
    removeTempFiles(dir, { ofDeadProcesses: true });
  } catch (e) {
    try { fs.rmSync(path.join(dir, `.invlab-write-test-${process.pid}`), { force: true }); } catch { /* no folder: nothing to remove */ }
    // A wrong path is the user's to fix (bad-input); a full or failing disk stays a storage error.
    if (e instanceof StorageError && !['ENOSPC', 'EDQUOT', 'EIO'].includes(e.errno)) {
      throw new ReportError(`cannot write the report to ${dir}: ${e.message.replace(/^cannot [^:]+: /, '').replace(/ \(E[A-Z]+\)$/, '')}`);
    }
    if (e instanceof StorageError) throw e;
    const err = e as NodeJS.ErrnoException;
    throw new StorageError(err.code ?? 'EIO', dir, 'write the report to', err.message);
  }
  return dir;
}

/** The files an export would write; with overwrite off, one that exists stops it before anything is written. */
function refuseExisting(dir: string, names: string[]): void {
  const taken = names.filter((n) => fs.existsSync(path.join(dir, n)));
  if (!taken.length) return;
  const e = new ReportError(`${dir} already holds ${taken.length === 1 ? taken[0] : `${taken.length} of the report's files (${taken.slice(0, 4).join(', ')}${taken.length > 4 ? ', …' : ''})`}; `
    + 'nothing was written. Choose another folder, or ask to replace them (overwrite).', 'conflict');
  throw e;
}

function unfinished(d: ExperimentDetail): string | null {
  const open = d.jobList.filter((j) => j.status !== 'done');
  if (!open.length) return null;
  const by = new Map<string, number>();
  for (const j of open) by.set(j.status, (by.get(j.status) ?? 0) + 1);
  return `experiment is ${d.status}: ${d.jobList.length - open.length} of ${d.jobList.length} jobs finished `
    + `(${[...by.entries()].map(([s, n]) => `${n} ${s}`).join(', ')}); figures show finished jobs only`;
}

export async function exportReport(o: ExportReportOptions): Promise<ExportReportResult> {
  const figures = checkRequest(o);
  const dir = prepareFolder(o.outDir);
  const formats = new Set(o.formats);
  const theme = o.theme ?? 'light';
  const files: string[] = [];
  const missing: string[] = [];
  const open = unfinished(o.detail);
  if (open) missing.push(open);

  const support = new Map(supportedFigures(o.detail).map((s) => [s.figure, s]));
  const todo = figures.filter((f) => {
    const s = support.get(f)!;
    if (!s.supported) missing.push(`${f}: ${s.reason}`);
    return s.supported;
  });
  const perFigure = ['svg', 'png', 'csv'].filter((f) => formats.has(f as ReportFormat)).length;
  const total = todo.length * perFigure + (formats.has('html') ? 1 : 0) + (formats.has('pdf') ? 1 : 0);
  let done = 0;
  const overwrite = o.overwrite !== false;
  if (!overwrite) {
    const names = todo.flatMap((f) => ['svg', 'png', 'csv'].filter((x) => formats.has(x as ReportFormat)).map((x) => `${f}.${x}`));
    if (formats.has('html')) names.push('report.html');
    if (formats.has('pdf')) names.push('report.pdf');
    refuseExisting(dir, names);
  }
  // Every file through the one atomic writer: a full disk leaves no 0-byte or half file.
  const write = async (name: string, content: string | Buffer) => {
    const file = path.join(dir, name);
    await writeFileAtomic(file, content, { overwrite });
    files.push(file);
    o.onProgress?.({ experimentId: o.detail.id, done: ++done, total, file });
  };

  const drawn: ReportFigure[] = [];
  for (const figure of todo) {
    const data = buildFigureData(o.detail, o.blobs, figure);
    const values = figureTable(data, 'values');
    for (const m of data.missing) missing.push(`${figure}: ${m}`);
    if (!values.rows.length) {
      missing.push(`${figure}: no stored numbers to draw`);
      continue;
    }
    const { width, height } = chartSize(data);
    const svg = renderSvg(buildChartOption(data, { theme, interactive: false, width, height }), width, height);
    const own: string[] = [];
    if (formats.has('svg')) { await write(`${figure}.svg`, svg); own.push(`${figure}.svg`); }
    if (formats.has('png')) { await write(`${figure}.png`, await svgToPng(svg)); own.push(`${figure}.png`); }
    if (formats.has('csv')) { await write(`${figure}.csv`, toCsv(values)); own.push(`${figure}.csv`); }
    drawn.push({ figure, data, svg, pages: formats.has('html') || formats.has('pdf') ? printPages(data, theme) : [], files: own });
  }

  if (formats.has('html') || formats.has('pdf')) {
    const html = reportHtml({
      detail: o.detail, figures: drawn, missing, ...(o.examples ? { examples: o.examples } : {}), versions: softwareVersions(), generatedAt: new Date().toISOString(),
    });
    if (formats.has('html')) await write('report.html', html);
    if (formats.has('pdf')) {
      const file = path.join(dir, 'report.pdf');
      await withTempFile(file, (tmp) => (o.printPdf ?? chromiumPdf)(html, tmp), { overwrite });
      files.push(file);
      o.onProgress?.({ experimentId: o.detail.id, done: ++done, total, file });
    }
  }
  return { files, missing };
}
