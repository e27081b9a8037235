import type { Command } from 'commander';
import { redactRedisUrl } from '../../pool/queue/redis-url.js';
import { ProgressBar } from '../progress-bar.js';
import { queueSettings } from '../queue-settings.js';
import { addQueueOptions, type QueueOptions } from './queue-options.js';
import { intArg } from '../flags.js';
import { addRunOptions, addSearchOptions, inputOptions, reporterFor, type RunOptions, type SearchOptions } from './run-options.js';

/** `backtester cscv`: the probability of backtest overfitting over the config's optimization_ranges. */
export function registerCscvCommand(program: Command, argv: readonly string[] = []): Command {
  const cmd = program.command('cscv')
    .description('probability of backtest overfitting (CSCV, Bailey et al. 2015) over the optimizer\'s combinations');
  addRunOptions(cmd, 'results/cscv');
  addSearchOptions(cmd, 'sharpe_ratio');
  cmd.option('--blocks <n>', 'S: number of blocks, even (default 16: 12,870 splits)', intArg('--blocks', 0), 16);
  addQueueOptions(cmd, 'the combinations');
  return cmd.action(async (o: RunOptions & SearchOptions & QueueOptions & { blocks: number }) => {
    const queue = queueSettings(o, false);
    const [{ runCscvJob }, { resolveValidationInputs }] = await Promise.all([import('../../api/cscv-job.js'), import('../../api/validation-inputs.js')]);
    const inputs = await resolveValidationInputs(inputOptions(o));
    await runCscvJob({
      inputs, blocks: o.blocks, metric: o.metric, method: o.method, nIter: o.nIter, seed: o.seed, workers: o.workers, maxCombinations: o.maxCombinations,
      outputDir: o.output, observer: reporterFor(o), progress: new ProgressBar(), debug: o.debug, command: redactRedisUrl(['backtester', ...argv].join(' ')),
      ...(queue && { queue, handleSignals: true }),
    });
  });
}
