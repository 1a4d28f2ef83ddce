// `invlab invariance`: the analysis core on its own (SPEC.md section 6). Two activation
// matrices in (.npy float32 [images, neurons], raw post-ReLU, not normalised), per-neuron
// I_k and summary counts out, so that a Python user can check or reuse the measure.
import { InvalidArgumentError, type Command } from 'commander';
import { invarianceFromFiles, type InvarianceReport } from '../../app/tools';
import type { InvarianceSummary } from '../../../shared/results';

function tauOption(v: string): number {
  const t = Number(v);
  if (v.trim() === '' || !Number.isFinite(t) || t < 0 || t > 1) throw new InvalidArgumentError(`--tau must be a number in [0, 1] (got "${v}")`);
  return t;
}

function categoryList(v: string): number[] {
  const ids = v.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  if (ids.length === 0 || !ids.every((n) => Number.isInteger(n) && n >= 0)) {
    throw new InvalidArgumentError(`--seen-categories must be comma-separated category ids, e.g. 0,3,7 (got "${v}")`);
  }
  return ids;
}

function summaryLine(name: string, s: InvarianceSummary): string {
  const f = (x: number | null) => (x === null ? 'n/a' : x.toFixed(4));
  return `${name.padEnd(7)} neurons ${String(s.count).padStart(6)}  dead ${String(s.dead).padStart(5)}  empty A_k ${String(s.emptyActive).padStart(5)}  `
    + `mean ${f(s.mean)}  q1 ${f(s.q1)}  median ${f(s.median)}  q3 ${f(s.q3)}`;
}

function printText(r: InvarianceReport): void {
  const lines = [
    `${r.images} images x ${r.neurons} neurons, tau ${r.tau}`,
    summaryLine('all', r.summary.all),
  ];
  if (r.split) lines.push(`split: ${r.split.seenImages} images of seen categories, ${r.split.unseenImages} of unseen`);
  if (r.summary.seen) lines.push(summaryLine('seen', r.summary.seen));
  if (r.summary.unseen) lines.push(summaryLine('unseen', r.summary.unseen));
  lines.push('(per-neuron values: --json)');
  process.stdout.write(`${lines.join('\n')}\n`);
}

export function registerInvarianceCommand(program: Command): Command {
  return program
    .command('invariance')
    .description('invariance coefficient I_k of every neuron from clean and transformed activations (.npy float32 [images, neurons], raw post-ReLU)')
    .requiredOption('--clean <a.npy>', 'activations on clean images')
    .requiredOption('--transformed <b.npy>', 'activations on the same images transformed, same neurons')
    .option('--tau <t>', 'activity threshold on normalised activity, in [0, 1]', tauOption, 0)
    .option('--seen <mask.npy>', 'per-image 0/1 (or bool) mask: 1 where the image\'s category is seen-transformed')
    .option('--labels <labels.npy>', 'per-image category ids (with --seen-categories, instead of --seen)')
    .option('--seen-categories <ids>', 'comma-separated seen-transformed category ids (with --labels)', categoryList)
    .option('--json', 'print the full result as JSON: per-neuron I_k (null where excluded) and summaries')
    .action(async function (this: Command, opts: { clean: string; transformed: string; tau: number; seen?: string; labels?: string; seenCategories?: number[]; json?: boolean }) {
      try {
        const r = await invarianceFromFiles({
          clean: opts.clean, transformed: opts.transformed, tau: opts.tau,
          seen: opts.seen, labels: opts.labels, seenCategories: opts.seenCategories,
        });
        if (opts.json) process.stdout.write(`${JSON.stringify(r)}\n`);
        else printText(r);
      } catch (e) {
        this.error(`invlab invariance: ${(e as Error).message}`, { exitCode: 1 });
      }
    });
}
