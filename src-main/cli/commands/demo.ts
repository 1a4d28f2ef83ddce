// `invlab demo [--quick]`: the paper's first result on the built-in dataset. The demo
// experiment is stored like any other; running the command again resumes it.
import type { Command } from 'commander';
import type { ExperimentSpecInput } from '../../../shared/spec';
import { action, CliError, openService } from '../context';
import { runExperiment } from './run';

/**
 * Sizes and settings chosen by measurement on a 2-core machine (docs/cli.md, "Why these
 * settings, and what the demo shows"). --quick must end within 10 minutes, so it renders the
 * built-in dataset at 16x16 (150 / 25 / 25 images per category) and trains on 100 images per
 * category for 4 epochs: a preview of the workflow, too small to show the across-category rise
 * reliably. The full demo is sized where it does show (32 px, 300 per category, 15 epochs).
 *
 * Shared by both modes so that they differ only in size:
 * - calibration target 0.6 rather than the chance rule: with strong transformations networks
 *   learn "a transformed image belongs to a seen category", and across-category accuracy falls
 *   with the seen count (measured at 0.35: 26 -> 12 % for blur from 1 to 20 seen categories);
 * - seen count 30 besides the paper's [0, 1, 5, 10, 20, all]: the rise is clearest when most
 *   categories are seen transformed, as in the paper's largest counts.
 * The analysis runs on every layer (paper Fig. 10): forward passes only, small next to training.
 */
export function demoSpec(quick: boolean, seeds = 1): ExperimentSpecInput {
  const common: Pick<ExperimentSpecInput, 'network' | 'transformations' | 'seenCounts' | 'seeds' | 'batchSize' | 'calibrationTarget' | 'analysis'> = {
    network: 'labnet',
    transformations: ['blur', 'highpass', 'noise', 'rot90', 'hue180'],
    seenCounts: [0, 1, 5, 10, 20, 30, 'all'],
    seeds: Array.from({ length: seeds }, (_, i) => i),
    batchSize: 32,
    calibrationTarget: 0.6,
    analysis: { enabled: true, tau: 'auto', maxUnits: 4096, layerwise: true },
  };
  const name = (base: string) => (seeds > 1 ? `${base} (${seeds} seeds)` : base);
  return quick
    ? { ...common, name: name('demo --quick'), dataset: 'builtin-s16-n150', trainPerClass: 100, epochs: 4, learningRate: 0.05 }
    : { ...common, name: name('demo'), dataset: 'builtin', epochs: 15, learningRate: 0.01 };
}

function parseSeeds(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 10) throw new CliError(`--seeds must be an integer from 1 to 10, got "${v}"`);
  return n;
}

export function registerDemoCommand(program: Command): void {
  program.command('demo')
    .description('run the built-in demo: 5 transformations x seen counts [0,1,5,10,20,30,all] on the built-in dataset')
    .option('--quick', 'a smaller version that finishes in under 10 minutes on 2 cores')
    .option('--seeds <n>', 'train every network with n seeds and average them (n times longer; steadier numbers)', parseSeeds, 1)
    .action(action(async (opts: { quick?: boolean; seeds: number }, cmd: Command) => {
      const service = await openService(cmd);
      try {
        const spec = demoSpec(!!opts.quick, opts.seeds);
        await runExperiment(service, spec, { fresh: false, title: spec.name });
      } finally {
        await service.close();
      }
    }));
}
