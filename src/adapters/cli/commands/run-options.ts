import type { Command } from 'commander';
import { defaultConfigFor } from '../../config/config-name.js';
import type { ValidationInputOptions } from '../../api/validation-inputs.js';
import { ConsoleReporter, wantsRich } from '../console-reporter.js';
import {
  addDataFlags, addOutputFlags, addPortfolioFlags, addSearchFlags, addStrategyFlags, strategyTimeoutFlag,
  type DataFlags, type OutputFlags, type PortfolioFlags, type SearchFlags, type StrategyFlags, type StrategyTimeoutFlag,
} from '../flags.js';

/** The options `addRunOptions` adds, as commander parses them. */
export interface RunOptions extends DataFlags, StrategyFlags, PortfolioFlags, StrategyTimeoutFlag, OutputFlags {
  symbols: string;
}

/** The optimizer's flags (walk-forward and CSCV search the config's optimization_ranges). */
export type SearchOptions = SearchFlags;

/** Adds the main command's data, strategy, portfolio and console flags to a validation subcommand. */
export function addRunOptions(cmd: Command, defaultOutput: string): Command {
  addDataFlags(cmd, 'one');
  addStrategyFlags(cmd, 'resolved');
  addPortfolioFlags(cmd, 'common');
  cmd.addOption(strategyTimeoutFlag());
  return addOutputFlags(cmd, { output: defaultOutput, debug: 'verbose logging and stack traces' });
}

/** Adds the optimizer's search flags. */
export function addSearchOptions(cmd: Command, defaultMetric: string): Command {
  return addSearchFlags(cmd, defaultMetric);
}

/** The parsed flags as the API's input options. */
export function inputOptions(o: RunOptions): ValidationInputOptions {
  return {
    symbols: o.symbols, timeframe: o.timeframe, start: o.start, end: o.end, exchange: o.exchange, market: o.market,
    dataDir: o.dataDir, cacheDir: o.cacheDir, cache: o.cache, resample: o.resample, onBadData: o.onBadData,
    ...(o.warmup === false && { warmup: false }),
    config: defaultConfigFor(o.strategy, o.config), strategy: o.strategy, params: o.param ?? {},
    portfolio: {
      ...(o.initCash !== undefined && { init_cash: o.initCash }), ...(o.fees !== undefined && { fees: o.fees }),
      ...(o.slippage !== undefined && { slippage: o.slippage }), ...(o.execution !== undefined && { execution: o.execution }),
    },
  };
}

/** The console observer for a subcommand's flags. */
export function reporterFor(o: RunOptions): ConsoleReporter {
  return new ConsoleReporter({ rich: wantsRich(!o.rich), debug: o.debug, out: process.stdout, err: process.stderr });
}
