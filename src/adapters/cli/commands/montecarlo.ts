import type { Command } from 'commander';
import { ConsoleReporter, wantsRich } from '../console-reporter.js';
import { queueSettings } from '../queue-settings.js';
import { addQueueOptions, type QueueOptions } from './queue-options.js';
import { intArg, noRichFlag, numberArg } from '../flags.js';

interface McOptions extends QueueOptions { run: string; paths?: number; seed?: number; blockLength?: number; output?: string; workers?: number; debug: boolean; rich: boolean }

/** `backtester montecarlo --run DIR`: trade reshuffling and block bootstrap of a finished backtest. */
export function registerMonteCarloCommand(program: Command): Command {
  const cmd = program.command('montecarlo')
    .description('Monte Carlo of a finished backtest: trade-order reshuffling and a stationary block bootstrap of bar returns')
    .requiredOption('--run <dir>', 'the --output folder of a single backtest (for several symbols: one symbol\'s folder)')
    .option('--paths <n>', 'paths per method (default 1,000)', intArg('--paths', 1))
    .option('--seed <n>', 'seed, so runs repeat (default 42)', intArg('--seed', 0))
    .option('--block-length <bars>', 'bootstrap mean block length in bars (default ⌈n^(1/3)⌉)', numberArg('--block-length'))
    .option('--workers <n>', 'worker threads for the paths (default: all cores; small runs stay in this thread)', intArg('--workers', 1))
    .option('--output <dir>', 'output folder (default <run>/montecarlo, linked from the run\'s index)')
    .option('--debug', 'stack traces', false)
    .addOption(noRichFlag());
  return addQueueOptions(cmd, 'the paths')
    .action(async (o: McOptions) => {
      const queue = queueSettings(o, false);
      const observer = new ConsoleReporter({ rich: wantsRich(!o.rich), debug: o.debug, out: process.stdout, err: process.stderr });
      const { runMonteCarloJob } = await import('../../api/montecarlo-job.js');
      await runMonteCarloJob({ runDir: o.run, paths: o.paths, seed: o.seed, blockLength: o.blockLength, outputDir: o.output, workers: o.workers, observer, ...(queue && { queue, handleSignals: true }) });
    });
}
