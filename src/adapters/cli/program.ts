import { clip } from '../../base/clip.js';
import { Command, InvalidArgumentError, Option } from 'commander';
import { OPTIMIZATION_METRICS } from '../../domain/metrics/catalog.js';
import { TIMEFRAMES } from '../../domain/frame/timeframe.js';
import { DEFAULT_CONFIG_NAME } from '../config/config-name.js';
import { collectRange } from './range-flag.js';
import { DEFAULT_STRATEGY_TIMEOUT_SECONDS } from '../strategy/strategy-limits.js';

/** The parsed options of the main (backtest) command. */
export interface MainOptions {
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
  config: string;
  strategy: string;
  /** Undefined when no --param was given (no default, so --help shows none). */
  param?: Record<string, string | number | boolean>;
  /** `--portfolio-param key=value` overrides (undefined when none). */
  portfolioParam?: Record<string, string | number | boolean>;
  initCash?: number;
  fees?: number;
  leverage?: number;
  slippage?: number;
  execution?: 'next_open' | 'close';
  calendar?: 'auto' | 'crypto' | 'stocks';
  periodsPerYear?: number;
  benchmark?: string;
  optimize: boolean;
  metric: string;
  method: 'grid' | 'random';
  nIter?: number;
  seed?: number;
  workers?: number;
  resume: boolean;
  maxCombinations?: number;
  /** Monte Carlo paths to run on the backtest's result (0/undefined: none). */
  monteCarlo?: number;
  queue?: string | true;
  queueName?: string;
  minTrades?: number;
  objective?: string;
  range?: Record<string, (string | number | boolean)[]>;
  output: string;
  singleFile: boolean;
  portfolio?: boolean;
  stake?: string;
  maxOpenPositions?: number;
  allocation?: 'signals' | 'weights';
  weights?: string;
  rebalance?: string;
  rebalanceBand?: number;
  gateBySignal?: boolean;
  /** Seconds one call of a strategy file may run (0 = no limit). */
  strategyTimeout?: number;
  debug: boolean;
  rich: boolean;
}

/** Plain decimals only: `Number()` would also take 0x10, 0b1 and 0o7. */
const DECIMAL = /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i;

function number(flag: string) {
  return (v: string) => {
    const x = Number(v);
    if (!DECIMAL.test(v) || !Number.isFinite(x)) throw new InvalidArgumentError(`${flag} takes a number, got "${clip(v, 60)}".`);
    return x;
  };
}

function integer(flag: string, min: number) {
  return (v: string) => {
    const x = Number(v);
    if (!DECIMAL.test(v) || !Number.isInteger(x) || x < min) throw new InvalidArgumentError(`${flag} takes a whole number >= ${min}, got "${clip(v, 60)}".`);
    return x;
  };
}

/** `--param key=value`, repeatable; values become numbers or booleans where they look like one. */
export function collectParam(v: string, acc: Record<string, string | number | boolean> = {}): Record<string, string | number | boolean> {
  const eq = v.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`--param takes key=value (e.g. --param short_ma_window=10), got "${v}".`);
  const key = v.slice(0, eq).trim();
  const raw = v.slice(eq + 1).trim();
  const value = raw === 'true' ? true : raw === 'false' ? false : raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  return { ...acc, [key]: value };
}

/** `--portfolio-param key=value`, repeatable, typed as `--param` values (validated with the config schema). */
export function collectPortfolio(v: string, acc: Record<string, string | number | boolean> = {}): Record<string, string | number | boolean> {
  if (v.indexOf('=') <= 0) throw new InvalidArgumentError(`--portfolio-param takes key=value (e.g. --portfolio-param trailing_stop=0.05), got "${v}".`);
  return collectParam(v, acc);
}

/** Builds the `backtester` command with every flag of the guide (plus this tool's own), documented. */
export function buildProgram(version: string): Command {
  const program = new Command('backtester')
    .description('Backtest trading strategies on exchange, CSV or built-in sample data; write metrics, trades and interactive reports.')
    .version(version, '-V, --version')
    .showSuggestionAfterError(true)
    // Root options before a subcommand only, so `download --symbols` reaches `download`.
    .enablePositionalOptions()
    .helpOption('-h, --help', 'show this help');

  program
    .option('--symbols <list>', 'trading symbols, comma-separated, e.g. "BTC/USDT,ETH/USDT" (required)')
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
    .addOption(new Option('--on-bad-data <action>', 'bars with non-positive prices, inconsistent OHLC or conflicting duplicate timestamps: stop with an error, drop them (and say how many), or warn and keep them').choices(['stop', 'drop', 'warn']).default('stop'))
    .option('--config <file>', 'strategy configuration file (JSON); looked up as given, then in config/strategy_params/', DEFAULT_CONFIG_NAME)
    .option('--strategy <name|file>', 'strategy id (dma_atr_trend) or a .ts/.js file exporting a class that extends BaseStrategy', 'dma_atr_trend')
    .option('--param <key=value>', 'override one strategy parameter, repeatable (e.g. --param short_ma_window=10)', collectParam)
    .option('--portfolio-param <key=value>', 'override one portfolio parameter, repeatable (e.g. --portfolio-param trailing_stop=0.05 --portfolio-param finalize_trades=true)', collectPortfolio)
    .option('--init-cash <amount>', 'initial portfolio value (overrides the config)', number('--init-cash'))
    .option('--fees <rate>', 'fee rate per fill, e.g. 0.001 = 0.1% (overrides the config)', number('--fees'))
    .option('--slippage <rate>', 'slippage per signal fill, e.g. 0.0005 = 0.05% (overrides the config)', number('--slippage'))
    .option('--leverage <x>', 'swap: isolated-margin leverage (1 to 125, at most the market\'s maximum), with liquidation and funding, also in the --portfolio account; see docs/futures.md', number('--leverage'))
    .addOption(new Option('--execution <mode>', 'fill signals at the next bar\'s open (no look-ahead) or at the signal bar\'s close').choices(['next_open', 'close']))
    .addOption(new Option('--calendar <calendar>', 'trading calendar for annualization and data gaps: auto (weekday-only data is a stock calendar), crypto (every day) or stocks (252 sessions a year)').choices(['auto', 'crypto', 'stocks']))
    .option('--periods-per-year <n>', 'periods per year used to annualise, overriding the calendar (e.g. 252 for daily stock bars)', number('--periods-per-year'))
    .option('--benchmark <symbol>', 'buy and hold of another symbol from the same source (e.g. BTC/USDT for an altcoin) as the benchmark, instead of each symbol\'s own; single backtests')
    .option('--optimize', 'search parameters over the config\'s optimization_ranges instead of a single backtest', false)
    .addOption(new Option('--metric <name>', 'optimization target').choices([...OPTIMIZATION_METRICS]).default('total_return'))
    .addOption(new Option('--method <method>', 'optimization method: every combination (grid) or a seeded random sample (random)').choices(['grid', 'random']).default('grid'))
    .option('--n-iter <n>', 'random search: number of combinations to try (default 100)', integer('--n-iter', 1))
    .option('--seed <n>', 'random search: seed, so runs repeat (default 42)', integer('--seed', 0))
    .option('--workers <n>', 'optimization worker threads (default: all cores)', integer('--workers', 1))
    .option('--resume', 'continue an interrupted optimization in the same --output folder', false)
    .option('--queue [url]', 'with --optimize: evaluate on `backtester worker` processes through Redis (redis://HOST:PORT, rediss:// for TLS; default $BACKTESTER_REDIS_URL); see docs/distributed.md')
    .option('--queue-name <name>', 'with --queue: the queue (default backtester-chunks)')
    .option('--max-combinations <n>', 'largest grid (or random --n-iter) an optimization may run (default 1,000,000)', integer('--max-combinations', 1))
    .option('--portfolio', 'trade the symbols as ONE account: shared cash, one time index, a cap on open positions (writes portfolio/)')
    .option('--stake <size>', 'portfolio: size of each entry: "equal" (free cash / free slots, default), an amount (25000) or a share of free cash ("50%")')
    .option('--max-open-positions <n>', 'portfolio: positions open at once at most (default: the number of symbols)', integer('--max-open-positions', 0))
    .addOption(new Option('--allocation <style>', 'portfolio style: entries and exits with stakes (signals) or target weights (weights)').choices(['signals', 'weights']))
    .option('--weights <list>', 'target weights, e.g. "BTC/USDT=0.6,ETH/USDT=0.4" (implies --allocation weights; normalised with a note if they do not sum to 1)')
    .option('--rebalance <period>', 'target weights: rebalance at the start of every period (1d, 1w, ...; weeks start Monday UTC)')
    .option('--rebalance-band <x>', 'target weights: also rebalance when a weight is more than x from its target (0.05 = 5 points)', number('--rebalance-band'))
    .option('--gate-by-signal', 'target weights: hold a symbol only while the strategy is long it (its weight stays in cash otherwise)')
    .option('--monte-carlo <n>', 'after a backtest, resample it N times (trade reshuffling and block bootstrap) into montecarlo/; see `backtester montecarlo`', integer('--monte-carlo', 1))
    .option('--range <key=values>', 'optimization range, repeatable: key=10,20,30 or key=10:20:2 (start:stop:step); replaces the config\'s optimization_ranges', collectRange)
    .option('--min-trades <n>', 'optimization: combinations with fewer closed trades rank after all others', integer('--min-trades', 0))
    .option('--objective <file>', 'optimization: rank by your own score of each combination\'s metrics, e.g. a file with `export default (s) => s.sharpe_ratio - 2 * s.max_drawdown` (instead of --metric); see docs/optimization.md')
    .option('--strategy-timeout <seconds>', `a strategy file's calls run in a worker thread; stop one that runs longer than this (default ${DEFAULT_STRATEGY_TIMEOUT_SECONDS}; 0 = no limit)`, number('--strategy-timeout'))
    .option('--output <dir>', 'output folder', 'results')
    .option('--single-file', 'self-contained HTML pages (the charting library inside each, ~1.1 MB more per page) that can be mailed or moved alone', false)
    .option('--debug', 'verbose logging: parameters, signal statistics, timings, stack traces', false)
    .option('--no-rich', 'plain text output (also automatic with NO_COLOR or when output is not a terminal)');

  program.addHelpText('after', `
Examples:
  backtester --exchange sample --symbols BTC/USDT --timeframe 1h --start 2023-01-01 --end 2024-01-01 --output results/demo
  backtester --symbols "BTC/USDT,ETH/USDT,ADA/USDT" --timeframe 4h --start 2023-01-01 --end 2024-01-01 --output results/multi_symbol
  backtester --exchange csv --data-dir ../shared/data --symbols BTC/USDT --timeframe 1h --start 2023-01-01 --end 2024-01-01
  backtester --symbols BTC/USDT --timeframe 1h --optimize --metric sharpe_ratio --method grid --output results/optimization
  backtester download --symbols BTC/USDT --timeframe 1h --start 2023-01-01
  backtester symbols --exchange binance --quote USDT --top 10
  backtester walk-forward --symbols BTC/USDT --timeframe 1h --train 6M --test 1M --output results/wf
  backtester cscv --symbols BTC/USDT --timeframe 1h --blocks 16 --output results/cscv
  backtester montecarlo --run results/demo --paths 1000
  backtester check-lookahead --strategy my_strategy.ts
  backtester worker --redis redis://10.0.0.5:6379 --workers 8      (on each machine; then add --queue redis://10.0.0.5:6379 to --optimize)

Outputs (per symbol): performance_metrics.csv, trades.csv, monthly_returns.csv, equity.csv, data_quality.json,
overview.html, equity.html, drawdowns.html, trades.html, indicators.html, monthly_returns.html, equity.svg,
index.html, backtester.log (and its JSON-lines twin backtester.jsonl) and run.json (written last: a folder without run.json is incomplete).
With --optimize (per symbol): optimization_results.csv, best_params.json (rerun it with --config), optimization_distribution.html,
optimization_heatmap.html, optimization_convergence.html and best_backtest/; with several symbols also optimization_cross_symbol.csv.
Ctrl-C stops an optimization cleanly (finished combinations are written, marked partial); --resume continues it.
Exit codes: 0 ok, 2 bad command line or config, 3 data or network problem, 4 strategy error, 5 output error,
130 interrupted, 1 internal error.`);
  return program;
}
