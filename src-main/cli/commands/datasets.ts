// `invlab datasets import|list`.
import type { Command } from 'commander';
import { action, CliError, openService, printJson } from '../context';
import { table } from '../format';

export function registerDatasetsCommand(program: Command): void {
  const ds = program.command('datasets').description('image datasets in the store');

  ds.command('import')
    .description('import a folder (one sub-folder per category) or an IDX file (MNIST family)')
    .argument('<path>', 'folder, or IDX images file (.gz or not)')
    .option('--name <name>', 'name shown in lists (default: the folder or file name)')
    .option('--size <n>', 'side of the square images after centre crop and resize (default 32)')
    .option('--json', 'print the DatasetSummary as JSON')
    .action(action(async (p: string, opts: { name?: string; size?: string; json?: boolean }, cmd: Command) => {
      const size = opts.size === undefined ? undefined : Number(opts.size);
      if (size !== undefined && (!Number.isInteger(size) || size < 8 || size > 256)) throw new CliError(`--size must be an integer in 8..256 (got "${opts.size}")`);
      const service = await openService(cmd);
      try {
        let last = 0;
        const off = service.on('dataset.importProgress', ({ done, total }) => {
          if (!process.stderr.isTTY || Date.now() - last < 200) return;
          last = Date.now();
          process.stderr.write(`\rimporting ${done}/${total}`);
        });
        const summary = await service.call('datasets.import', { path: p, name: opts.name, size });
        off();
        if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
        if (opts.json) return printJson(summary);
        process.stdout.write(`imported ${summary.id} "${summary.name}": ${summary.classes.length} categories, ${summary.size}x${summary.size}x${summary.channels}, train/val/test ${summary.counts.train}/${summary.counts.val}/${summary.counts.test}\n`);
        const r = summary.importReport;
        if (r && r.skipped.length) {
          process.stdout.write(`skipped ${r.skipped.length} file(s):\n${r.skipped.slice(0, 20).map((s) => `  ${s.file}: ${s.reason}`).join('\n')}${r.skipped.length > 20 ? `\n  ... and ${r.skipped.length - 20} more` : ''}\n`);
        }
        for (const w of r?.warnings ?? []) process.stdout.write(`warning: ${w}\n`);
      } finally {
        await service.close();
      }
    }));

  ds.command('list')
    .description('list datasets')
    .option('--json', 'print DatasetSummary[] as JSON')
    .action(action(async (opts: { json?: boolean }, cmd: Command) => {
      const service = await openService(cmd);
      try {
        const list = await service.call('datasets.list', undefined);
        if (opts.json) return printJson(list);
        if (list.length === 0) { process.stdout.write('no datasets yet (the built-in one is created by its first use: `invlab demo`)\n'); return; }
        process.stdout.write(`${table(['id', 'name', 'source', 'categories', 'size', 'train/val/test'],
          list.map((d) => [d.id, d.name, d.source, String(d.classes.length), `${d.size}x${d.size}x${d.channels}`, `${d.counts.train}/${d.counts.val}/${d.counts.test}`]))}\n`);
      } finally {
        await service.close();
      }
    }));
}
