// `invlab analyze <experiment-id> [--layer] [--tau]`: run or re-run its neuron-level analysis.
import type { Command } from 'commander';
import { action, CliError, openService, printBackend } from '../context';
import { attachProgress } from '../progress';

export function registerAnalyzeCommand(program: Command): void {
  program.command('analyze')
    .description('run or re-run the neuron-level invariance analysis of an experiment')
    .argument('<experiment-id>', 'id or unique prefix')
    .option('--layer <name>', 'layer to analyse (default: the penultimate layer)')
    .option('--tau <t>', 'fixed tau in [0,1], or "auto" for the ablation search')
    .action(action(async (id: string, opts: { layer?: string; tau?: string }, cmd: Command) => {
      let tau: number | 'auto' | undefined;
      if (opts.tau !== undefined) {
        tau = opts.tau === 'auto' ? 'auto' : Number(opts.tau);
        if (tau !== 'auto' && !(Number.isFinite(tau) && tau >= 0 && tau <= 1)) throw new CliError(`--tau must be a number in [0,1] or "auto" (got "${opts.tau}")`);
      }
      const service = await openService(cmd);
      try {
        const exp = await service.call('experiments.get', { id });
        const { jobs } = await service.analyze(exp.id, { layer: opts.layer, tau, only: true });
        await printBackend(service);
        process.stderr.write(`experiment ${exp.id}: ${jobs} analyse job(s) queued (they run after their networks are trained)\n`);
        const view = attachProgress(service, exp.id, await service.call('jobs.list', { experimentId: exp.id }));
        try {
          await service.start();
          await service.whenIdle();
        } finally { view.stop(); }
        const d = await service.call('experiments.get', { id: exp.id });
        const failed = d.jobList.filter((j) => j.kind === 'analyse' && j.status === 'failed');
        process.stdout.write(`${d.analyses.length} analyses stored; see \`invlab runs show ${exp.id}\`\n`);
        for (const j of failed.slice(0, 10)) process.stderr.write(`failed: ${j.id}: ${j.error}\n`);
        if (failed.length) process.exitCode = 1;
      } finally {
        await service.close();
      }
    }));
}
