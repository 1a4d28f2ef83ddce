// `invlab run <spec.json>`: validate, expand into jobs (or resume the experiment with the
// same spec), run them with live progress, print the summary table.
import fs from 'node:fs';
import type { Command } from 'commander';
import type { LabService } from '../../app';
import { duration } from '../format';
import { action, CliError, openService, printBackend } from '../context';
import { attachProgress } from '../progress';
import { summaryTable } from '../summary';

export function readSpecFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read spec file ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliError(`spec file ${file} is not valid JSON: ${(e as Error).message}`);
  }
}

/** Runs (or resumes) the experiment of a spec to the end; returns its id. Shared with `demo`. */
export async function runExperiment(service: LabService, spec: unknown, opts: { fresh: boolean; title?: string }): Promise<string> {
  // Only this experiment's jobs: others left in the queue wait for their own command or the app.
  const prepared = await service.runSpec(spec, { reuse: !opts.fresh, only: true });
  const { experiment: exp } = prepared;
  await printBackend(service);
  for (const w of prepared.warnings) process.stderr.write(`warning: ${w}\n`);
  const jobs = await service.call('jobs.list', { experimentId: exp.id });
  const done = jobs.filter((j) => j.status === 'done').length;
  const recovered = service.runtime.recoveredJobs();
  process.stderr.write(prepared.created
    ? `experiment ${exp.id} "${exp.name}": ${jobs.length} jobs\n`
    : `experiment ${exp.id} "${exp.name}": resuming, ${done}/${jobs.length} jobs already done${recovered ? `, ${recovered} interrupted job(s) resume from their checkpoint` : ''}\n`);

  const t0 = Date.now();
  const view = attachProgress(service, exp.id, jobs);
  const stopOnSignal = () => {
    process.stderr.write('\nstopping: running jobs save a checkpoint and resume next time...\n');
    void service.close().then(() => process.exit(130));
  };
  process.once('SIGINT', stopOnSignal);
  try {
    await service.start();
    await service.whenIdle();
  } finally {
    view.stop();
    process.off('SIGINT', stopOnSignal);
  }
  const detail = await service.call('experiments.get', { id: exp.id });
  process.stdout.write(`\n${opts.title ?? `experiment ${exp.id}`}: ${detail.status} in ${duration((Date.now() - t0) / 1000)} (${detail.jobs.done}/${detail.jobs.total} jobs done${detail.jobs.failed ? `, ${detail.jobs.failed} failed` : ''})\n\n`);
  process.stdout.write(`${summaryTable(detail)}\n`);
  const failed = detail.jobList.filter((j) => j.status === 'failed');
  // A full disk stops the queue: said once, not once per job.
  const storage = (await service.runtime.queue()).storageProblem();
  if (storage) {
    process.stderr.write(`invlab: the queue stopped: ${storage}\n`);
    process.exitCode = 1;
  }
  for (const j of failed.filter((f) => f.error !== storage).slice(0, 10)) process.stderr.write(`failed: ${j.id}: ${j.error}\n`);
  if (failed.length > 0) process.exitCode = 1;
  return exp.id;
}

export function registerRunCommand(program: Command): void {
  program.command('run')
    .description('run an experiment spec (JSON); the same spec again resumes it')
    .argument('<spec.json>', 'experiment spec file')
    .option('--new', 'start a new experiment even if one with the same spec exists')
    .action(action(async (file: string, opts: { new?: boolean }, cmd: Command) => {
      const spec = readSpecFile(file);
      const service = await openService(cmd);
      try {
        await runExperiment(service, spec, { fresh: !!opts.new });
      } finally {
        await service.close();
      }
    }));
}
