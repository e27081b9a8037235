import { InvalidArgumentError, Option, type Command } from 'commander';
import { inputOptions, reporterFor, type RunOptions } from './run-options.js';
import { intArg, noRichFlag, paramFlag, strategyTimeoutFlag } from '../flags.js';

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
    .addOption(paramFlag())
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
    .addOption(strategyTimeoutFlag())
    .option('--output <dir>', 'also write lookahead.json here')
    .option('--debug', 'stack traces', false)
    .addOption(noRichFlag())
    .action(async (o: LaOptions & { output?: string }) => {
      const [{ runLookaheadJob }, { resolveValidationInputs }] = await Promise.all([import('../../api/lookahead-job.js'), import('../../api/validation-inputs.js')]);
      const inputs = await resolveValidationInputs(inputOptions({ ...o, cache: true, resample: true, onBadData: 'stop' }));
      await runLookaheadJob({ inputs, sample: o.sample, shifts: o.shift, outputDir: o.output, observer: reporterFor(o) });
    });
}
