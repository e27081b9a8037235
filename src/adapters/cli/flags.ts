/**
 * The flags the main command and the validation subcommands share, each defined once: its text,
 * parser and default, and the type of the value commander parses. The builders add them in the
 * order `--help` lists them.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { clip } from '../../base/clip.js';
import { TIMEFRAMES } from '../../domain/frame/timeframe.js';
import { OPTIMIZATION_METRICS } from '../../domain/metrics/catalog.js';
import { DEFAULT_CONFIG_NAME } from '../config/config-name.js';
import { DEFAULT_STRATEGY_TIMEOUT_SECONDS } from '../strategy/strategy-limits.js';

/** Plain decimals only: `Number()` would also take 0x10, 0b1, 0o7 and an empty string. */
const DECIMAL = /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i;

/** A number flag's parser. */
export function numberArg(flag: string) {
  return (v: string) => {
    const x = Number(v);
    if (!DECIMAL.test(v) || !Number.isFinite(x)) throw new InvalidArgumentError(`${flag} takes a number, got "${clip(v, 60)}".`);
    return x;
  };
}

/** A whole-number flag's parser (`min` inclusive). */
export function intArg(flag: string, min: number) {
  return (v: string) => {
    const x = Number(v);
    if (!DECIMAL.test(v) || !Number.isInteger(x) || x < min) throw new InvalidArgumentError(`${flag} takes a whole number >= ${min}, got "${clip(v, 60)}".`);
    return x;
  };
}

type FlagValues = Record<string, string | number | boolean>;

/** `--param key=value`, repeatable; values become numbers or booleans where they look like one. */
function collectParam(v: string, acc: FlagValues = {}): FlagValues {
  const eq = v.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`--param takes key=value (e.g. --param short_ma_window=10), got "${v}".`);
  const key = v.slice(0, eq).trim();
  const raw = v.slice(eq + 1).trim();
  const value = raw === 'true' ? true : raw === 'false' ? false : raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  return { ...acc, [key]: value };
}

/** `--portfolio-param key=value`, repeatable, typed as `--param` values (validated with the config schema). */
function collectPortfolio(v: string, acc: FlagValues = {}): FlagValues {
  if (v.indexOf('=') <= 0) throw new InvalidArgumentError(`--portfolio-param takes key=value (e.g. --portfolio-param trailing_stop=0.05), got "${v}".`);
  return collectParam(v, acc);
}

/** Where the market data comes from (`addDataFlags`). */
export interface DataFlags {
  /** Optional on the main command (it says so itself), required on the validation commands. */
  symbols?: string;
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
}

/** The strategy and its parameters (`addStrategyFlags`). */
export interface StrategyFlags {
  config?: string;
  strategy?: string;
  /** Undefined when no --param was given (no default, so --help shows none). */
  param?: FlagValues;
}

/** The portfolio settings every run command takes (`addPortfolioFlags`). */
export interface PortfolioFlags {
  initCash?: number;
  fees?: number;
  slippage?: number;
  execution?: 'next_open' | 'close';
}

/** The main command's further portfolio settings (`addPortfolioFlags(cmd, 'all')`). */
export interface MorePortfolioFlags {
  /** `--portfolio-param key=value` overrides (undefined when none). */
  portfolioParam?: FlagValues;
  leverage?: number;
  calendar?: 'auto' | 'crypto' | 'stocks';
  periodsPerYear?: number;
}

/** The optimizer's search (`searchFlags`). */
export interface SearchFlags {
  metric: string;
  method: 'grid' | 'random';
  nIter?: number;
  seed?: number;
  workers?: number;
  maxCombinations?: number;
}

/** `--strategy-timeout` (`strategyTimeoutFlag`). */
export interface StrategyTimeoutFlag {
  /** Seconds one call of a strategy file may run (0 = no limit). */
  strategyTimeout?: number;
}

/** The output folder and the console (`addOutputFlags`). */
export interface OutputFlags {
  output: string;
  debug: boolean;
  rich: boolean;
}

/**
 * Adds the market-data flags. `symbols`: `list` for the main command (comma-separated, checked by
 * the command itself so that `--help` and the subcommands need none), `one` for a validation
 * command (required).
 */
export function addDataFlags(cmd: Command, symbols: 'list' | 'one'): Command {
  if (symbols === 'list') cmd.option('--symbols <list>', 'trading symbols, comma-separated, e.g. "BTC/USDT,ETH/USDT" (required)');
  else cmd.requiredOption('--symbols <symbol>', 'the symbol to validate, e.g. BTC/USDT');
  return cmd
    .addOption(new Option('--timeframe <tf>', `bar size: ${TIMEFRAMES.join(', ')}`).default('1d'))
    .option('--start <date>', 'first day, YYYY-MM-DD (UTC, inclusive); default: the first available bar')
    .option('--end <date>', 'end day, YYYY-MM-DD (UTC, exclusive): --end 2024-01-01 ends with 2023-12-31; default: the last closed bar')
    .option('--exchange <id>', 'data source: a ccxt exchange id (binance, bybit, ...), "sample" for the built-in synthetic market (no network), or "csv" for local files', 'binance')
    .addOption(new Option('--market <type>', 'market type: spot (long only) or swap (long and short)').choices(['spot', 'swap']).default('spot'))
    .option('--data-dir <dir>', 'folder of CSV files for --exchange csv (files named BASE-QUOTE_TIMEFRAME.csv, e.g. BTC-USDT_1h.csv)')
    .option('--cache-dir <dir>', 'where exchange candles are cached (default: $BACKTESTER_CACHE_DIR or ~/.cache/backtester)')
    .option('--no-cache', 'do not read or write the candle cache; fetch everything from the exchange')
    .option('--no-resample', 'do not build bars from a lower timeframe (by default, missing timeframes are resampled)')
    .option('--no-warmup', 'do not load the strategy\'s warm-up history before --start (by default its indicators warm up on earlier bars and trading starts at --start)')
    .addOption(new Option('--on-bad-data <action>', 'bars with non-positive prices, inconsistent OHLC or conflicting duplicate timestamps: stop with an error, drop them (and say how many), or warn and keep them').choices(['stop', 'drop', 'warn']).default('stop'));
}

/** `--param <key=value>`, repeatable. */
export function paramFlag(): Option {
  return new Option('--param <key=value>', 'override one strategy parameter, repeatable (e.g. --param short_ma_window=10)').argParser(collectParam);
}

/**
 * Adds `--config`, `--strategy` and `--param`. `defaults`: `shown` gives --config and --strategy
 * the defaults the main command resolves itself (it tells a default from a given value); `resolved`
 * leaves them unset for `resolveValidationInputs` (the config's strategy, no config for a file).
 */
export function addStrategyFlags(cmd: Command, defaults: 'shown' | 'resolved'): Command {
  if (defaults === 'shown') {
    cmd.option('--config <file>', 'strategy configuration file (JSON); looked up as given, then in config/strategy_params/', DEFAULT_CONFIG_NAME)
      .option('--strategy <name|file>', 'strategy id (dma_atr_trend) or a .ts/.js file exporting a class that extends BaseStrategy', 'dma_atr_trend');
  } else {
    cmd.option('--config <file>', `strategy configuration file (JSON); looked up as given, then in config/strategy_params/; default ${DEFAULT_CONFIG_NAME} (none for a strategy file)`)
      .option('--strategy <name|file>', 'strategy id (dma_atr_trend) or a .ts/.js file exporting a class that extends BaseStrategy (default: the config\'s, else dma_atr_trend)');
  }
  return cmd.addOption(paramFlag());
}

/** Adds the portfolio flags; `all` (the main command) also `--portfolio-param`, `--leverage`, `--calendar` and `--periods-per-year`. */
export function addPortfolioFlags(cmd: Command, which: 'common' | 'all'): Command {
  const all = which === 'all';
  if (all) cmd.option('--portfolio-param <key=value>', 'override one portfolio parameter, repeatable (e.g. --portfolio-param trailing_stop=0.05 --portfolio-param finalize_trades=true)', collectPortfolio);
  cmd.option('--init-cash <amount>', 'initial portfolio value (overrides the config)', numberArg('--init-cash'))
    .option('--fees <rate>', 'fee rate per fill, e.g. 0.001 = 0.1% (overrides the config)', numberArg('--fees'))
    .option('--slippage <rate>', 'slippage per signal fill, e.g. 0.0005 = 0.05% (overrides the config)', numberArg('--slippage'));
  if (all) cmd.option('--leverage <x>', 'swap: isolated-margin leverage (1 to 125, at most the market\'s maximum), with liquidation and funding, also in the --portfolio account; see docs/futures.md', numberArg('--leverage'));
  cmd.addOption(new Option('--execution <mode>', 'fill signals at the next bar\'s open (no look-ahead) or at the signal bar\'s close').choices(['next_open', 'close']));
  if (all) {
    cmd.addOption(new Option('--calendar <calendar>', 'trading calendar for annualization and data gaps: auto (weekday-only data is a stock calendar), crypto (every day) or stocks (252 sessions a year)').choices(['auto', 'crypto', 'stocks']))
      .option('--periods-per-year <n>', 'periods per year used to annualise, overriding the calendar (e.g. 252 for daily stock bars)', numberArg('--periods-per-year'));
  }
  return cmd;
}

/** The optimizer's search flags, one by one (the main command puts its own between them). */
export function searchFlags(defaultMetric: string): Record<'metric' | 'method' | 'nIter' | 'seed' | 'workers' | 'maxCombinations', Option> {
  return {
    metric: new Option('--metric <name>', 'optimization target').choices([...OPTIMIZATION_METRICS]).default(defaultMetric),
    method: new Option('--method <method>', 'optimization method: every combination (grid) or a seeded random sample (random)').choices(['grid', 'random']).default('grid'),
    nIter: new Option('--n-iter <n>', 'random search: number of combinations to try (default 100)').argParser(intArg('--n-iter', 1)),
    seed: new Option('--seed <n>', 'random search: seed, so runs repeat (default 42)').argParser(intArg('--seed', 0)),
    workers: new Option('--workers <n>', 'threads evaluating combinations, the main one included for a built-in strategy (default: all cores; a search too small to gain from threads runs on one, see docs/optimization.md)').argParser(intArg('--workers', 1)),
    maxCombinations: new Option('--max-combinations <n>', 'largest grid (or random --n-iter) an optimization may run (default 1,000,000)').argParser(intArg('--max-combinations', 1)),
  };
}

/** Adds the optimizer's search flags in a row (the validation commands). */
export function addSearchFlags(cmd: Command, defaultMetric: string): Command {
  for (const o of Object.values(searchFlags(defaultMetric))) cmd.addOption(o);
  return cmd;
}

/** `--strategy-timeout <seconds>` (read process-wide by the CLI's preAction hook). */
export function strategyTimeoutFlag(): Option {
  return new Option('--strategy-timeout <seconds>', `a strategy file's calls run in a worker thread; stop one that runs longer than this (default ${DEFAULT_STRATEGY_TIMEOUT_SECONDS}; 0 = no limit)`)
    .argParser(numberArg('--strategy-timeout'));
}

/**
 * Adds `--output` (default `output`), `--single-file` (`singleFile`: the main command),
 * `--debug` (described by `debug`: what it adds differs by command) and `--no-rich`.
 */
export function addOutputFlags(cmd: Command, o: { output: string; singleFile?: boolean; debug: string }): Command {
  cmd.option('--output <dir>', 'output folder', o.output);
  if (o.singleFile) cmd.option('--single-file', 'self-contained HTML pages (the charting library inside each, ~1.1 MB more per page) that can be mailed or moved alone', false);
  return cmd
    .option('--debug', o.debug, false)
    .addOption(noRichFlag());
}

/** `--no-rich`. */
export function noRichFlag(): Option {
  return new Option('--no-rich', 'plain text output (also automatic with NO_COLOR or when output is not a terminal)');
}
