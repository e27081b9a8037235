import { Option, type Command } from 'commander';
import { redactRedisUrl } from '../../pool/queue/redis-url.js';
import { ProgressBar } from '../progress-bar.js';
import { queueSettings } from '../queue-settings.js';
import { addQueueOptions, type QueueOptions } from './queue-options.js';
import { intArg } from '../flags.js';
import { addRunOptions, addSearchOptions, inputOptions, reporterFor, type RunOptions, type SearchOptions } from './run-options.js';

interface WfOptions extends RunOptions, SearchOptions, QueueOptions {
  train: string; test: string; step?: string; anchored: boolean; purge?: number; embargo?: number; select: string; minTrades?: number;
}

/** `backtester walk-forward`: optimize on each train window, trade the selection on the following test window. */
export function registerWalkForwardCommand(program: Command, argv: readonly string[] = []): Command {
  const cmd = program.command('walk-forward')
    .description('walk-forward optimization: optimize on each train window, backtest the selection on the next test window, chain the test windows');
  addRunOptions(cmd, 'results/walk_forward');
  addSearchOptions(cmd, 'sharpe_ratio');
  cmd.requiredOption('--train <length>', 'train window: bars (4000) or a duration (6M, 2w, 30d, 12h, 1y)')
    .requiredOption('--test <length>', 'test window: bars or a duration')
    .option('--step <length>', 'how far each fold moves (default: --test)')
    .option('--anchored', 'expanding train window from the first bar', false)
    .option('--purge <bars>', 'bars dropped from the end of each train window', intArg('--purge', 0))
    .option('--embargo <bars>', 'bars skipped between a train window and its test window', intArg('--embargo', 0))
    .addOption(new Option('--select <rule>', 'best: the top combination; robust: the best mean over it and its grid neighbours').choices(['best', 'robust']).default('best'))
    .option('--min-trades <n>', 'combinations with fewer closed trades in sample are not selected', intArg('--min-trades', 0));
  addQueueOptions(cmd, "each fold's train-window combinations");
  return cmd.action(async (o: WfOptions) => {
    const queue = queueSettings(o, false);
    const [{ runWalkForwardJob }, { resolveValidationInputs }] = await Promise.all([import('../../api/walk-forward-job.js'), import('../../api/validation-inputs.js')]);
    const inputs = await resolveValidationInputs(inputOptions(o));
    await runWalkForwardJob({
      inputs, train: o.train, test: o.test, step: o.step, anchored: o.anchored, purge: o.purge, embargo: o.embargo, select: o.select, minTrades: o.minTrades,
      metric: o.metric, method: o.method, nIter: o.nIter, seed: o.seed, workers: o.workers, maxCombinations: o.maxCombinations,
      outputDir: o.output, observer: reporterFor(o), progress: new ProgressBar(), debug: o.debug, command: redactRedisUrl(['backtester', ...argv].join(' ')),
      ...(queue && { queue, handleSignals: true }),
    });
  });
}
