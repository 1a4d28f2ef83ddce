// The `invlab` command line: a thin client of the application service (src-main/app).
import { Command, Option } from 'commander';
import { registerActivationsCommand } from './commands/activations';
import { registerAnalyzeCommand } from './commands/analyze';
import { registerBenchCommand } from './commands/bench';
import { registerDatasetsCommand } from './commands/datasets';
import { registerDemoCommand } from './commands/demo';
import { registerInvarianceCommand } from './commands/invariance';
import { registerProbeCommand } from './commands/probe';
import { registerReportCommand } from './commands/report';
import { registerRunCommand } from './commands/run';
import { registerRunsCommand } from './commands/runs';
import { registerServeCommand } from './commands/serve';
import { registerSweepCommand } from './commands/sweep';
import { registerTransformCommand } from './commands/transform';

const program = new Command('invlab')
  .description('Invariance Lab: is robustness to transformations driven by invariant neural representations?')
  .option('--db <file>', 'database file (default: $INVLAB_HOME/invlab.db, else ~/.invlab/invlab.db); its folder holds the data')
  .addOption(new Option('--backend <name>', 'tfjs backend').choices(['auto', 'tensorflow', 'native', 'wasm', 'cpu']))
  .option('--workers <n>', 'parallel job workers (default: cores, 1 on the tensorflow backend)')
  .showHelpAfterError('(run with --help for usage)');

registerDatasetsCommand(program);
registerRunCommand(program);
registerDemoCommand(program);
registerProbeCommand(program);
registerRunsCommand(program);
registerAnalyzeCommand(program);
registerActivationsCommand(program);
registerTransformCommand(program);
registerInvarianceCommand(program);
registerReportCommand(program);
registerServeCommand(program);
registerSweepCommand(program);
registerBenchCommand(program);

await program.parseAsync(process.argv);
