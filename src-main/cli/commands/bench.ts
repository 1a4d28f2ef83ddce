// `invlab bench`: training throughput on random data, comparable side by side with
// ../shared/bench/torch_reference.py (same network, data size and optimiser). Uses the global
// --backend and --workers options; --workers defaults to 1 here (the single-worker number).
import * as os from 'node:os';
import type { Command } from 'commander';
import { action, CliError, globals } from '../context';
import { NETWORK_IDS, type NetworkId } from '../../../shared/ids';

interface BenchCliOptions {
  net: string;
  images: string;
  size: string;
  channels: string;
  classes: string;
  batch: string;
  threads?: string;
  json?: boolean;
}

function positiveInt(flag: string, s: string): number {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`${flag} must be a positive integer (got "${s}")`);
  return n;
}

export function registerBenchCommand(program: Command): void {
  program.command('bench')
    .description('measure training throughput (images/s) on random data; compare with shared/bench/torch_reference.py')
    .option('--net <id>', `network: ${NETWORK_IDS.join(', ')}`, 'labnet')
    .option('--images <n>', 'images per epoch', '2048')
    .option('--size <px>', 'image side in pixels', '32')
    .option('--channels <n>', 'image channels', '3')
    .option('--classes <n>', 'categories', '40')
    .option('--batch <n>', 'batch size', '32')
    .option('--threads <n>', 'oneDNN threads per worker on the native backend (default: INVLAB_NATIVE_THREADS, else 1)')
    .option('--json', 'print one JSON line')
    .addHelpText('after', '\nGlobal options used: --backend auto|tensorflow|native|wasm|cpu, --workers N|auto (default 1 here: N>1 trains N networks concurrently in worker threads and reports the total).')
    .action(action(async (opts: BenchCliOptions, cmd: Command) => {
      const g = globals(cmd);
      const workers = g.workers === undefined ? 1 : g.workers === 'auto' ? os.availableParallelism() : positiveInt('--workers', g.workers);
      // Read by initBackend in this process and in the bench's workers (which copy process.env).
      if (opts.threads !== undefined) process.env.INVLAB_NATIVE_THREADS = String(positiveInt('--threads', opts.threads));
      const { runBench } = await import('../../app/tools');
      if (!opts.json) process.stderr.write(`training ${opts.net} on random data: warm-up epoch, then one timed epoch${workers > 1 ? ` in each of ${workers} workers` : ''}...\n`);
      let r;
      try {
        r = await runBench({
          net: opts.net as NetworkId,
          images: positiveInt('--images', opts.images),
          size: positiveInt('--size', opts.size),
          channels: positiveInt('--channels', opts.channels),
          classes: positiveInt('--classes', opts.classes),
          batch: positiveInt('--batch', opts.batch),
          backend: g.backend ?? 'auto',
          workers,
        });
      } catch (e) {
        // Option and backend problems are the user's to fix: no stack trace.
        if (e instanceof Error && /^bench: |backend "/.test(e.message)) throw new CliError(e.message);
        throw e;
      }
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(r)}\n`);
        return;
      }
      process.stdout.write(`backend: ${r.backend} (${r.backend_reason})\n`);
      process.stdout.write(`${r.net} ${r.size}x${r.size}, batch ${r.batch}, ${r.workers} worker(s): ${r.images_per_s} images/s`
        + ` (${r.seconds} s for ${r.images * r.workers} images${r.images_per_cpu_s ? `; ${r.images_per_cpu_s} images per CPU second` : ''}), peak RSS ${r.peak_rss_mb} MB\n`);
    }));
}
