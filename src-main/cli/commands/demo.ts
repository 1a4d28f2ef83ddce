// `invlab demo [--quick]`: the paper's first result on the built-in dataset. The demo
// experiment is stored like any other; running the command again resumes it.
import type { Command } from 'commander';
import type { ExperimentSpecInput } from '../../../shared/spec';
import { action, openService } from '../context';
import { runExperiment } from './run';

/**
 * Sizes chosen by measurement on a 2-core machine (docs/cli.md): --quick must end within
 * 10 minutes, so it uses the built-in dataset rendered at 16x16 (120 / 20 / 20 images per
 * category), 100 training images per category and 3 epochs (labnet reaches about 70% clean
 * accuracy on 40 categories). The analysis runs on every layer (paper Fig. 10): forward passes
 * only, small next to training.
 */
export function demoSpec(quick: boolean): ExperimentSpecInput {
  const common: Pick<ExperimentSpecInput, 'network' | 'transformations' | 'seenCounts' | 'seeds' | 'batchSize'> = {
    network: 'labnet',
    transformations: ['blur', 'highpass', 'noise', 'rot90', 'hue180'],
    seenCounts: [0, 1, 5, 10, 20, 'all'],
    seeds: [0],
    batchSize: 32,
  };
  return quick
    ? {
      ...common, name: 'demo --quick', dataset: 'builtin-s16-n120', trainPerClass: 100, epochs: 3, learningRate: 0.02,
      // Milder blur and noise than the chance rule: at 16x16 that rule's sigma leaves colour blobs
      // that a 3-epoch network cannot learn at all (within accuracy collapses).
      calibrationTarget: 0.35,
      analysis: { enabled: true, tau: 'auto', maxUnits: 4096, layerwise: true },
    }
    : {
      ...common, name: 'demo', dataset: 'builtin', epochs: 15, learningRate: 0.01,
      analysis: { enabled: true, tau: 'auto', maxUnits: 4096, layerwise: true },
    };
}

export function registerDemoCommand(program: Command): void {
  program.command('demo')
    .description('run the built-in demo: 5 transformations x seen counts [0,1,5,10,20,all] on the built-in dataset')
    .option('--quick', 'a smaller version that finishes in under 10 minutes on 2 cores')
    .action(action(async (opts: { quick?: boolean }, cmd: Command) => {
      const service = await openService(cmd);
      try {
        await runExperiment(service, demoSpec(!!opts.quick), { fresh: false, title: opts.quick ? 'demo --quick' : 'demo' });
      } finally {
        await service.close();
      }
    }));
}
