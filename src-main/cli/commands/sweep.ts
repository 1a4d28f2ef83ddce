// `invlab sweep submit|task|status|collect`: an experiment as Slurm job arrays on a cluster,
// collected back into the run history (docs/cluster.md). `sweep task` runs on compute nodes
// and never opens the database; the others run on the login node.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { ExperimentSpecInput } from '../../../shared/spec';
import type { SweepSlurmOptions } from '../../../shared/sweep';
import { action, CliError, globals, openService, printJson } from '../context';
import { table } from '../format';
import { readSpecFile } from './run';
import { runSweepTask, sweepStatus } from '../../app/tools';

interface SubmitOpts {
  slurm?: boolean; dir?: string; partition?: string; time?: string; cpus?: string; mem?: string; gpus?: string;
  maxParallel?: string; account?: string; sbatchArg?: string[]; dryRun?: boolean; datasetInPlace?: boolean; shared?: boolean; json?: boolean;
}

function positiveInt(name: string, s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`${name} must be a positive integer (got "${s}")`);
  return n;
}

/** The flags as the contract's Slurm options (the service checks and completes them); the CLI names its flags. */
export function slurmOptions(o: SubmitOpts): SweepSlurmOptions {
  if (o.time !== undefined && !/^(\d+-)?\d+(:\d{1,2}){0,2}$/.test(o.time)) throw new CliError(`--time must be a Slurm time such as 30:00, 02:00:00 or 1-12:00:00 (got "${o.time}")`);
  if (o.mem !== undefined && !/^\d+[KMGT]?$/i.test(o.mem)) throw new CliError(`--mem must be a Slurm memory size such as 4G or 2000M (got "${o.mem}")`);
  const given = {
    partition: o.partition, time: o.time, cpus: positiveInt('--cpus', o.cpus), mem: o.mem, gpus: positiveInt('--gpus', o.gpus),
    maxParallel: positiveInt('--max-parallel', o.maxParallel), account: o.account, sbatchArgs: o.sbatchArg,
  };
  return Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as SweepSlurmOptions;
}

export function registerSweepCommand(program: Command): void {
  const sweep = program.command('sweep').description('run an experiment as Slurm job arrays and collect it into the history (docs/cluster.md)');

  sweep.command('submit')
    .description('write a sweep folder for an experiment and submit it with sbatch')
    .argument('<spec.json|experiment-id>', 'an experiment spec file, or an experiment of the history that has not run')
    .option('--slurm', 'submit to Slurm (the only scheduler so far; the default)')
    .requiredOption('--dir <folder>', 'the sweep folder, on the file system the compute nodes share (new or empty)')
    .option('--partition <p>', 'sbatch --partition')
    .option('--time <hh:mm:ss>', 'time limit per array task (sbatch --time)')
    .option('--cpus <n>', 'CPUs per task (sbatch --cpus-per-task; default 2)')
    .option('--mem <m>', 'memory per task, e.g. 4G (sbatch --mem)')
    .option('--gpus <n>', 'GPUs per task (sbatch --gpus)')
    .option('--max-parallel <n>', 'at most n tasks of an array at once (--array=...%n)')
    .option('--account <a>', 'sbatch --account')
    .option('--sbatch-arg <arg...>', 'more #SBATCH lines, e.g. --sbatch-arg=--qos=long (repeatable)')
    .option('--dataset-in-place', 'reference the dataset folder instead of copying it (it must be on the shared file system)')
    .option('--shared', 'the folder is shared with the compute nodes although its file system looks local')
    .option('--dry-run', 'write the folder and print what would be submitted; submit nothing')
    .option('--json', 'print the result as JSON')
    .action(action(async (target: string, opts: SubmitOpts, cmd: Command) => {
      const slurm = slurmOptions(opts);
      const isFile = target.endsWith('.json') || fs.existsSync(target);
      const service = await openService(cmd);
      try {
        const r = await service.call('sweeps.submit', {
          ...(isFile ? { spec: readSpecFile(target) as ExperimentSpecInput } : { experimentId: target }), dir: path.resolve(opts.dir!), slurm,
          ...(opts.dryRun ? { dryRun: true } : {}), ...(opts.datasetInPlace ? { datasetInPlace: true } : {}), ...(opts.shared ? { shared: true } : {}),
        });
        if (opts.json) return printJson(r);
        process.stdout.write(`sweep ${r.sweepId}: experiment ${r.experimentId} "${r.experimentName}", ${r.jobs} jobs in ${r.dir}\n`);
        process.stdout.write(`${table(['level', 'array', 'jobs', 'kinds', 'slurm job', 'dependency'],
          r.levels.map((l) => [String(l.level), l.array, String(l.jobs), l.kinds.join('+'), l.slurmJobId ?? '-', l.dependency ?? '-']))}\n`);
        if (r.dryRun) process.stdout.write(`\ndry run: nothing submitted. Submit by hand with: bash ${r.submitScript}\n  (then \`invlab sweep collect ${r.dir}\` imports the results)\n`);
        else process.stdout.write(`\nsubmitted${r.cluster ? ` to cluster ${r.cluster}` : ''}. Follow it with: invlab sweep status ${r.dir}\n`);
      } finally {
        await service.close();
      }
    }));

  sweep.command('task')
    .description('run one array task of a sweep folder (what the sbatch scripts run; never opens the database)')
    .argument('<dir>', 'the sweep folder')
    .argument('[index]', 'array index (default: $SLURM_ARRAY_TASK_ID)')
    .action(action(async (dir: string, index: string | undefined, _opts: unknown, cmd: Command) => {
      process.exitCode = await runSweepTask(dir, index, { backend: globals(cmd).backend });
    }));

  sweep.command('status')
    .description('per job: pending / running / done / failed, from the task folders and squeue / scontrol / sacct')
    .argument('<dir>', 'the sweep folder')
    .option('--json', 'print SweepStatus as JSON')
    .action(action(async (dir: string, opts: { json?: boolean }) => {
      const s = await sweepStatus(dir);
      if (opts.json) return printJson(s);
      process.stdout.write(`sweep ${s.sweepId}: experiment ${s.experimentId} "${s.experimentName}"${s.cluster ? ` on ${s.cluster}` : ''}${s.submitted ? '' : ' (not submitted)'}\n`);
      process.stdout.write(`${table(['index', 'job', 'state', 'slurm job', 'node', 'attempts', 'detail'],
        s.jobs.map((j) => [String(j.index), j.jobId, j.state, j.slurmJobId ?? '-', j.node ?? '-', String(j.attempts),
          j.progress ? `epoch ${j.progress.epoch}/${j.progress.epochs}, step ${j.progress.step}/${j.progress.steps}` : (j.reason ?? '') + (j.state === 'failed' && j.log ? ` (log ${j.log})` : '')]))}\n`);
      process.stdout.write(`\n${Object.entries(s.counts).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(', ')}` +
        `${s.slurmSources.length ? ` (Slurm: ${s.slurmSources.join(', ')})` : ' (task folders only: Slurm no longer lists these jobs, or is not on PATH)'}\n`);
    }));

  sweep.command('collect')
    .description('import the finished jobs of a sweep folder into the run history (idempotent; again at any time)')
    .argument('<dir>', 'the sweep folder')
    .option('--json', 'print the result as JSON')
    .action(action(async (dir: string, opts: { json?: boolean }, cmd: Command) => {
      const service = await openService(cmd);
      try {
        const r = await service.call('sweeps.collect', { dir: path.resolve(dir) });
        if (opts.json) printJson(r);
        else {
          process.stdout.write(`sweep ${r.sweepId}: experiment ${r.experimentId}: ${r.imported.length} job(s) imported, ${r.alreadyCollected} collected before, ` +
            `${r.notFinished} not finished, ${r.failed.length} failed\n`);
          for (const f of r.failed) process.stdout.write(`failed: ${f.jobId}: ${f.error}\n`);
        }
        for (const p of r.problems) process.stderr.write(`not imported: ${p.jobId}: ${p.message}\n`);
        if (r.problems.length) process.exitCode = 1;
      } finally {
        await service.close();
      }
    }));
}
