// `invlab probe`: before a long sweep, a quick calibration-and-learnability check of one
// transformation on a dataset (SPEC.md section 4). It runs a small experiment with seen
// counts 0 and all (the clean network, its calibration within the image-size bound, the
// network trained with every category transformed) and says in one sentence per finding
// whether the transformation hurts the clean network and whether the all-transformed network
// learns it in this budget. With `--rule learnable` it also probes strengths from the bound
// downward and reports the strongest learnable one beside the paper's rule. The probe
// experiments are stored like any other: the app shows them with example images.
import type { Command } from 'commander';
import { TRANSFORM_IDS, CALIBRATED_TRANSFORMS, type TransformId } from '../../../shared/ids';
import type { ExperimentSpecInput } from '../../../shared/spec';
import type { ExperimentDetail, TrustFlag } from '../../../shared/results';
import { LEARNABLE_RATIO, learnabilityFlags, strongestLearnable, type LearnableProbe } from '../../../shared/trust';
import { transformDef, type CalibratedId } from '../../../shared/transforms/index';
import { learnableCandidates, strongerFor } from '../../../shared/probe';
import { action, CliError, openService } from '../context';
import { runExperiment } from './run';

export interface ProbeOptions {
  dataset: string;
  transform: TransformId;
  imageSize?: number;
  per: number;
  epochs: number;
  lr: number;
  target?: number;
  seed: number;
}

export function probeSpec(o: ProbeOptions, fixed?: Record<string, number>): ExperimentSpecInput {
  return {
    name: `probe: ${o.transform}${fixed ? ` ${Object.entries(fixed).map(([k, v]) => `${k} = ${v}`).join(', ')}` : ''}`,
    dataset: o.dataset, network: 'labnet', transformations: [fixed ? { id: o.transform, params: fixed } : o.transform],
    seenCounts: fixed ? ['all'] : [0, 'all'], seeds: [o.seed], epochs: o.epochs, learningRate: o.lr, trainPerClass: o.per,
    ...(o.imageSize ? { imageSize: o.imageSize } : {}), ...(o.target !== undefined ? { calibrationTarget: o.target } : {}),
    analysis: { enabled: false },
  };
}

const cleanOf = (d: ExperimentDetail) => d.evaluations.find((e) => e.transform === null && e.seenCount === 0)?.cleanAccuracy ?? null;
const allTransformedOf = (d: ExperimentDetail) => d.evaluations.find((e) => e.transform !== null && e.seenCount === 'all')?.within ?? null;

export { learnableCandidates, strongerFor };

export function registerProbeCommand(program: Command): void {
  program.command('probe')
    .description('quick calibration-and-learnability probe of one transformation before a long sweep')
    .requiredOption('--dataset <ref>', 'dataset id, name or builtin reference')
    .requiredOption('--transform <id>', `one of ${TRANSFORM_IDS.join(', ')}`)
    .option('--image-size <n>', 'network input size (default: the dataset\'s)', Number)
    .option('--per <n>', 'training images per category', Number, 100)
    .option('--epochs <n>', 'epochs per network', Number, 3)
    .option('--lr <x>', 'learning rate', Number, 0.05)
    .option('--target <x>', 'calibration target (default: SPEC\'s chance rule)', Number)
    .option('--seed <n>', 'seed', Number, 0)
    .option('--rule <rule>', "'paper' (fall below the target) or 'learnable' (also probe the strongest learnable strength)", 'paper')
    .option('--max-probes <n>', 'strengths the learnable rule tries, from the bound downward', Number, 4)
    .option('--json', 'print the outcome as JSON')
    .action(action(async (opts: ProbeOptions & { rule: string; maxProbes: number; json?: boolean }, cmd: Command) => {
      if (!(TRANSFORM_IDS as readonly string[]).includes(opts.transform)) throw new CliError(`--transform: unknown transformation "${opts.transform}" (one of ${TRANSFORM_IDS.join(', ')})`);
      if (opts.rule !== 'paper' && opts.rule !== 'learnable') throw new CliError(`--rule must be 'paper' or 'learnable', got "${opts.rule}"`);
      const calibrated = (CALIBRATED_TRANSFORMS as readonly string[]).includes(opts.transform);
      if (opts.rule === 'learnable' && !calibrated) throw new CliError(`--rule learnable: ${opts.transform} has no strength to choose (only ${CALIBRATED_TRANSFORMS.join(', ')})`);
      const service = await openService(cmd);
      try {
        const id = await runExperiment(service, probeSpec(opts), { fresh: false, title: `probe of ${opts.transform}` });
        const d = await service.call('experiments.get', { id });
        const flags: TrustFlag[] = [...learnabilityFlags(d, opts.transform), ...(d.summary?.flags ?? []).filter((f) => f.kind === 'target-not-reached' || f.kind === 'at-chance')];
        const clean = cleanOf(d);
        const cal = d.calibrations[0];
        const out: Record<string, unknown> = {
          experimentId: id, transform: opts.transform, cleanAccuracy: clean, allTransformedAccuracy: allTransformedOf(d),
          paper: cal ? { param: cal.param, value: cal.value, target: cal.target, reachedTarget: cal.reachedTarget ?? true, bound: cal.bound } : null,
          flags,
        };
        const lines: string[] = ['', `probe of ${opts.transform} on ${d.datasetName}:`];
        if (cal) lines.push(`  paper rule: ${cal.param} = ${cal.value} (clean network below ${(100 * cal.target).toFixed(1)} %${cal.bound !== undefined ? `; bound ${cal.bound}` : ''})`);
        lines.push(...(flags.length ? flags.map((f) => `  ${f.sentence}`) : ['  the transformation hurts the clean network and the all-transformed network learns it in this budget: fit for a sweep']));

        if (opts.rule === 'learnable' && clean !== null) {
          const side = d.spec.imageSize ?? d.dataset.size;
          const probes: LearnableProbe[] = [];
          const param = transformDef(opts.transform).calibration!.param;
          let chosen: LearnableProbe | null = null;
          for (const v of learnableCandidates(opts.transform as CalibratedId, side, opts.maxProbes)) {
            const pid = await runExperiment(service, probeSpec(opts, { [param]: v }), { fresh: false, title: `probe of ${opts.transform} ${param} = ${v}` });
            const acc = allTransformedOf(await service.call('experiments.get', { id: pid }));
            if (acc === null) continue;
            probes.push({ value: v, transformedAccuracy: acc });
            chosen = strongestLearnable(probes, clean, strongerFor(opts.transform as CalibratedId));
            if (chosen) break; // from the strongest downward: the first learnable one is the strongest
          }
          out.learnable = { param, probes, chosen, ratio: LEARNABLE_RATIO };
          lines.push(`  learnable rule: ${probes.map((p) => `${param} ${p.value}: ${(100 * p.transformedAccuracy).toFixed(1)} %`).join(', ')} `
            + `(needs >= ${LEARNABLE_RATIO} x clean ${(100 * clean).toFixed(1)} % = ${(100 * LEARNABLE_RATIO * clean).toFixed(1)} %)`);
          lines.push(chosen ? `  learnable rule chooses ${param} = ${chosen.value}` : `  no probed strength is learnable in this budget (${probes.length} tried)`);
        }
        process.stdout.write(opts.json ? `${JSON.stringify(out, null, 2)}\n` : `${lines.join('\n')}\n`);
      } finally {
        await service.close();
      }
    }));
}
