import { InvalidArgumentError, Option, type Command } from 'commander';
import { inputOptions, intArg, numberArg, reporterFor, type RunOptions } from './run-options.js';
import { DEFAULT_STRATEGY_TIMEOUT_SECONDS } from '../../strategy/strategy-limits.js';
import { collectParam } from '../program.js';

interface LaOptions extends RunOptions { sample?: number; shift: number[] }

function shiftList(v: string, acc: number[] | undefined): number[] {
  const x = Number(v);
  if (!Number.isInteger(x) || x < 1) throw new InvalidArgumentError(`--shift takes a whole number >= 1, got "${v}".`);
  return [...(acc ?? []), x];
}

/** `backtester check-lookahead --strategy FILE`: flags indicators and signals that use future bars or depend on the data's start. */
export function registerCheckLookaheadCommand(program: Command): Command {
  return program.command('check-lookahead')
    .description('check a strategy for look-ahead (values that change when later bars are removed) and warm-up dependence (values that change with the data\'s start); exits non-zero on a problem')
    .option('--strategy <name|file>', 'strategy id or a .ts/.js strategy file')
    .option('--config <file>', 'strategy configuration file (default: none for a strategy file, dma_atr_trend_params.json otherwise)')
    .option('--param <key=value>', 'override one strategy parameter, repeatable', collectParam)
    .option('--symbols <symbol>', 'symbol to check on', 'BTC/USDT')
    .addOption(new Option('--timeframe <tf>', 'bar size').default('1h'))
    .option('--start <date>', 'first day (UTC, inclusive)', '2023-01-01')
    .option('--end <date>', 'end day (UTC, exclusive)', '2023-07-01')
    .option('--exchange <id>', 'data source: sample (default), csv or a ccxt exchange id', 'sample')
    .addOption(new Option('--market <type>', 'market type').choices(['spot', 'swap']).default('spot'))
    .option('--data-dir <dir>', 'folder of CSV files for --exchange csv')
    .option('--cache-dir <dir>', 'candle cache folder')
    .option('--sample <n>', 'bars without a signal also truncated at (default 50)', intArg('--sample', 0))
    .option('--shift <bars>', 'start shift for the warm-up check, repeatable (default 100)', shiftList)
    .option('--strategy-timeout <seconds>', `stop a strategy file's call that runs longer (default ${DEFAULT_STRATEGY_TIMEOUT_SECONDS}; 0 = no limit)`, numberArg('--strategy-timeout'))
    .option('--output <dir>', 'also write lookahead.json here')
    .option('--debug', 'stack traces', false)
    .option('--no-rich', 'plain text output')
    .action(async (o: LaOptions & { output?: string }) => {
      const [{ runLookaheadJob }, { resolveValidationInputs }] = await Promise.all([import('../../api/lookahead-job.js'), import('../../api/validation-inputs.js')]);
      const inputs = await resolveValidationInputs(inputOptions({ ...o, cache: true, resample: true, onBadData: 'stop' }));
      await runLookaheadJob({ inputs, sample: o.sample, shifts: o.shift, outputDir: o.output, observer: reporterFor(o) });
    });
}
