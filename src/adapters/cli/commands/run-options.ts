import { InvalidArgumentError, Option, type Command } from 'commander';
import { OPTIMIZATION_METRICS } from '../../../domain/metrics/catalog.js';
import { TIMEFRAMES } from '../../../domain/frame/timeframe.js';
import { defaultConfigFor } from '../../config/config-name.js';
import type { ValidationInputOptions } from '../../api/validation-inputs.js';
import { ConsoleReporter, wantsRich } from '../console-reporter.js';
import { collectParam } from '../program.js';
import { DEFAULT_STRATEGY_TIMEOUT_SECONDS } from '../../strategy/strategy-limits.js';

/** The options `addRunOptions` adds, as commander parses them. */
export interface RunOptions {
  symbols: string;
  timeframe: string;
  start?: string;
  end?: string;
  exchange: string;
  market: 'spot' | 'swap';
  dataDir?: string;
  cacheDir?: string;
  cache: boolean;
  resample: boolean;
  /** False with --no-warmup. */
  warmup: boolean;
  onBadData: 'stop' | 'drop' | 'warn';
  config?: string;
  strategy?: string;
  param?: Record<string, string | number | boolean>;
  initCash?: number;
  fees?: number;
  slippage?: number;
  execution?: 'next_open' | 'close';
  output: string;
  debug: boolean;
  rich: boolean;
}

/** The optimizer's flags (walk-forward and CSCV search the config's optimization_ranges). */
export interface SearchOptions {
  metric: string;
  method: 'grid' | 'random';
  nIter?: number;
  seed?: number;
  workers?: number;
  maxCombinations?: number;
}

/** A number flag parser. */
export function numberArg(flag: string) {
  return (v: string) => {
    const x = Number(v);
    if (v.trim() === '' || !Number.isFinite(x)) throw new InvalidArgumentError(`${flag} takes a number, got "${v}".`);
    return x;
  };
}

/** A whole-number flag parser (min inclusive). */
export function intArg(flag: string, min: number) {
  return (v: string) => {
    const x = Number(v);
    if (!Number.isInteger(x) || x < min) throw new InvalidArgumentError(`${flag} takes a whole number >= ${min}, got "${v}".`);
    return x;
  };
}

/** Adds the main command's data, strategy, portfolio and console flags to a validation subcommand. */
export function addRunOptions(cmd: Command, defaultOutput: string): Command {
  return cmd
    .requiredOption('--symbols <symbol>', 'the symbol to validate, e.g. BTC/USDT')
    .addOption(new Option('--timeframe <tf>', `bar size: ${TIMEFRAMES.join(', ')}`).default('1d'))
    .option('--start <date>', 'first day, YYYY-MM-DD (UTC, inclusive)')
    .option('--end <date>', 'end day, YYYY-MM-DD (UTC, exclusive)')
    .option('--exchange <id>', 'a ccxt exchange id, "sample" or "csv"', 'binance')
    .addOption(new Option('--market <type>', 'market type').choices(['spot', 'swap']).default('spot'))
    .option('--data-dir <dir>', 'folder of CSV files for --exchange csv')
    .option('--cache-dir <dir>', 'candle cache folder')
    .option('--no-cache', 'do not read or write the candle cache')
    .option('--no-resample', 'do not build bars from a lower timeframe')
    .option('--no-warmup', 'do not load the strategy\'s warm-up history before --start')
    .addOption(new Option('--on-bad-data <action>', 'bad bars: stop, drop or warn').choices(['stop', 'drop', 'warn']).default('stop'))
    .option('--config <file>', 'strategy configuration file (JSON); default dma_atr_trend_params.json (none for a strategy file)')
    .option('--strategy <name|file>', 'strategy id or a .ts/.js strategy file (default: the config\'s, else dma_atr_trend)')
    .option('--param <key=value>', 'override one strategy parameter, repeatable', collectParam)
    .option('--init-cash <amount>', 'initial portfolio value', numberArg('--init-cash'))
    .option('--fees <rate>', 'fee rate per fill', numberArg('--fees'))
    .option('--slippage <rate>', 'slippage per signal fill', numberArg('--slippage'))
    .addOption(new Option('--execution <mode>', 'fill at the next open or at the signal close').choices(['next_open', 'close']))
    .option('--strategy-timeout <seconds>', `stop a strategy file's call that runs longer (default ${DEFAULT_STRATEGY_TIMEOUT_SECONDS}; 0 = no limit)`, numberArg('--strategy-timeout'))
    .option('--output <dir>', 'output folder', defaultOutput)
    .option('--debug', 'verbose logging and stack traces', false)
    .option('--no-rich', 'plain text output');
}

/** Adds the optimizer's search flags. */
export function addSearchOptions(cmd: Command, defaultMetric: string): Command {
  return cmd
    .addOption(new Option('--metric <name>', 'optimization target').choices([...OPTIMIZATION_METRICS]).default(defaultMetric))
    .addOption(new Option('--method <method>', 'grid or seeded random search').choices(['grid', 'random']).default('grid'))
    .option('--n-iter <n>', 'random search: combinations to try (default 100)', intArg('--n-iter', 1))
    .option('--seed <n>', 'random search seed (default 42)', intArg('--seed', 0))
    .option('--workers <n>', 'worker threads (default: all cores)', intArg('--workers', 1))
    .option('--max-combinations <n>', 'largest grid allowed (default 1,000,000)', intArg('--max-combinations', 1));
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
