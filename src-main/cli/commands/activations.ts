// `invlab activations <job-id> --layer <name> --out <dir>`: clean and transformed activations
// of a trained network as .npy, for checking the analysis in Python.
import type { Command } from 'commander';
import { action, CliError, openService } from '../context';

export function registerActivationsCommand(program: Command): void {
  program.command('activations')
    .description('export a layer\'s activations (clean and transformed test images) as .npy + JSON index')
    .argument('<job-id>', 'an analyse job, or a train job (then --transform picks the transformation)')
    .requiredOption('--layer <name>', 'layer name')
    .requiredOption('--out <dir>', 'output folder')
    .option('--transform <id>', 'transformation, for a train job of the clean network')
    .action(action(async (jobId: string, opts: { layer: string; out: string; transform?: string }, cmd: Command) => {
      const service = await openService(cmd);
      try {
        const { exportJobActivations } = await import('../../app/activations');
        const r = await exportJobActivations(service, jobId, { layer: opts.layer, outDir: opts.out, transform: opts.transform });
        process.stdout.write(`wrote ${r.images} images x ${r.neurons} neurons:\n  ${r.cleanPath}\n  ${r.transformedPath}\n  ${r.indexPath}\n`);
      } catch (e) {
        if (e instanceof Error && /not found/.test(e.message)) throw new CliError(e.message);
        throw e;
      } finally {
        await service.close();
      }
    }));
}
