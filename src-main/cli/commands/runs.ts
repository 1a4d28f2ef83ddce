// `invlab runs list|show`: the run history. --json output is the stable format of docs/cli.md.
import type { Command } from 'commander';
import { action, openService, printJson } from '../context';
import { table } from '../format';
import { summaryTable } from '../summary';

export function registerRunsCommand(program: Command): void {
  const runs = program.command('runs').description('the run history');

  runs.command('list')
    .description('list experiments, newest first')
    .option('--json', 'print ExperimentSummary[] as JSON')
    .action(action(async (opts: { json?: boolean }, cmd: Command) => {
      const service = await openService(cmd);
      try {
        const list = await service.call('experiments.list', undefined);
        if (opts.json) return printJson(list);
        if (list.length === 0) { process.stdout.write('no experiments yet (try `invlab demo --quick`)\n'); return; }
        process.stdout.write(`${table(['id', 'name', 'dataset', 'status', 'jobs', 'created'],
          list.map((e) => [e.id, e.name.length > 50 ? `${e.name.slice(0, 47)}...` : e.name, e.datasetName, e.status,
            `${e.jobs.done}/${e.jobs.total}${e.jobs.failed ? ` (${e.jobs.failed} failed)` : ''}`, e.createdAt.slice(0, 19).replace('T', ' ')]))}\n`);
      } finally {
        await service.close();
      }
    }));

  runs.command('show')
    .description('show one experiment: jobs, calibrations and accuracies')
    .argument('<experiment-id>', 'id or unique prefix')
    .option('--json', 'print ExperimentDetail as JSON')
    .action(action(async (id: string, opts: { json?: boolean }, cmd: Command) => {
      const service = await openService(cmd);
      try {
        const d = await service.call('experiments.get', { id });
        if (opts.json) return printJson(d);
        process.stdout.write(`${d.id}  ${d.name}\n`);
        process.stdout.write(`dataset ${d.datasetName} (${d.dataset.classes.length} categories, ${d.dataset.size}x${d.dataset.size}x${d.dataset.channels}); network ${d.network}; status ${d.status}; created ${d.createdAt}${d.finishedAt ? `; finished ${d.finishedAt}` : ''}\n\n`);
        process.stdout.write(`${table(['job', 'status', 'attempts', 'backend', 'error'],
          d.jobList.map((j) => [j.id, j.status, String(j.attempts), j.backend ?? '-', j.error ? j.error.slice(0, 60) : '']))}\n\n`);
        process.stdout.write(`${summaryTable(d)}\n`);
        if (d.analyses.length) {
          const order = (k: number | 'all') => (k === 'all' ? Infinity : k);
          const rows = [...d.analyses].sort((a, b) => d.transforms.indexOf(a.transform) - d.transforms.indexOf(b.transform) || order(a.seenCount) - order(b.seenCount) || a.seed - b.seed);
          process.stdout.write(`\nmean invariance I_k (neurons of the analysed layer)\n${table(['transformation', 'seen', 'seed', 'layer', 'tau', 'all', 'seen cat.', 'unseen cat.'],
            rows.map((a) => [a.transform, String(a.seenCount), String(a.seed), a.layer, `${a.tau.toFixed(2)}${a.tauSource === 'search' ? '' : ' (fixed)'}`, num(a.all.mean), num(a.seen?.mean), num(a.unseen?.mean)]))}\n`);
        }
      } finally {
        await service.close();
      }
    }));
}

function num(x: number | null | undefined): string {
  return x === null || x === undefined ? '-' : x.toFixed(3);
}

