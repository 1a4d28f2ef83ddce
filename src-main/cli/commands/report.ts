// `invlab report <experiment-id>`: every figure the experiment's stored results support, as
// SVG, PNG (300 dpi), CSV, one HTML report and its PDF (src-main/report).
import path from 'node:path';
import type { Command } from 'commander';
import type { ReportFormat } from '../../../shared/contract';
import { REPORT_FORMATS } from '../../../shared/contract-schemas';
import { FIGURE_IDS, type FigureId } from '../../../shared/figure-defs/index';
import { action, CliError, openService } from '../context';

const FORMATS: readonly ReportFormat[] = REPORT_FORMATS;

function list(s: string | undefined): string[] {
  return (s ?? '').split(',').map((x) => x.trim()).filter(Boolean);
}

export function parseFormats(s: string | undefined): ReportFormat[] {
  const asked = list(s);
  if (!asked.length) return [...FORMATS];
  const bad = asked.filter((f) => !(FORMATS as readonly string[]).includes(f));
  if (bad.length) throw new CliError(`--format: unknown format ${bad.map((b) => `"${b}"`).join(', ')} (choose from ${FORMATS.join(', ')})`);
  return [...new Set(asked)] as ReportFormat[];
}

export function parseFigures(s: string | undefined): FigureId[] | undefined {
  const asked = list(s);
  if (!asked.length) return undefined;
  const bad = asked.filter((f) => !(FIGURE_IDS as readonly string[]).includes(f));
  if (bad.length) throw new CliError(`--figures: unknown figure ${bad.map((b) => `"${b}"`).join(', ')} (figures: ${FIGURE_IDS.join(', ')})`);
  return [...new Set(asked)] as FigureId[];
}

export function registerReportCommand(program: Command): void {
  program.command('report')
    .description('export the figures of an experiment: SVG, PNG (300 dpi), CSV, an HTML report and its PDF')
    .argument('<experiment-id>', 'id or unique prefix')
    .option('--out <dir>', 'output folder (default: ./report-<experiment-id>)')
    .option('--format <list>', `comma-separated formats: ${FORMATS.join(',')}`, FORMATS.join(','))
    .option('--figures <ids>', `comma-separated figure ids (default: all): ${FIGURE_IDS.join(',')}`)
    .option('--theme <name>', 'light or dark', 'light')
    .action(action(async (id: string, opts: { out?: string; format?: string; figures?: string; theme: string }, cmd: Command) => {
      const formats = parseFormats(opts.format);
      const figures = parseFigures(opts.figures);
      if (opts.theme !== 'light' && opts.theme !== 'dark') throw new CliError(`--theme must be light or dark (got "${opts.theme}")`);
      const service = await openService(cmd);
      try {
        const detail = await service.call('experiments.get', { id });
        const outDir = path.resolve(opts.out ?? `report-${detail.id}`);
        const tty = process.stderr.isTTY;
        const off = service.on('report.progress', (p) => {
          if (p.experimentId !== detail.id) return;
          const line = `[${p.done}/${p.total}] ${path.relative(process.cwd(), p.file) || p.file}`;
          process.stderr.write(tty ? `\r\x1b[K${line}` : `${line}\n`);
        });
        // A terminal user's export replaces the files of a previous one in the folder they named.
        const result = await service.call('reports.export', {
          experimentId: detail.id, outDir, formats, theme: opts.theme, overwrite: true, ...(figures ? { figures } : {}),
        }).finally(off);
        if (tty) process.stderr.write('\n');
        process.stdout.write(`wrote ${result.files.length} file${result.files.length === 1 ? '' : 's'} to ${outDir}\n`);
        for (const f of result.files) process.stdout.write(`  ${path.relative(outDir, f)}\n`);
        if (result.missing.length) {
          process.stdout.write(`not in the report (${result.missing.length}):\n`);
          for (const m of result.missing) process.stdout.write(`  - ${m}\n`);
        }
      } finally {
        await service.close();
      }
    }));
}
