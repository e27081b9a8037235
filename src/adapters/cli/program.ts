import { Command, Option } from 'commander';
import {
  addDataFlags, addOutputFlags, addPortfolioFlags, addStrategyFlags, intArg, numberArg, searchFlags, strategyTimeoutFlag,
  type DataFlags, type MorePortfolioFlags, type OutputFlags, type PortfolioFlags, type SearchFlags, type StrategyFlags, type StrategyTimeoutFlag,
} from './flags.js';
import { collectRange } from './range-flag.js';

/** The parsed options of the main (backtest) command. */
export interface MainOptions extends DataFlags, StrategyFlags, PortfolioFlags, MorePortfolioFlags, SearchFlags, StrategyTimeoutFlag, OutputFlags {
  config: string;
  strategy: string;
  benchmark?: string;
  optimize: boolean;
  resume: boolean;
  /** Monte Carlo paths to run on the backtest's result (0/undefined: none). */
  monteCarlo?: number;
  queue?: string | true;
  queueName?: string;
  minTrades?: number;
  objective?: string;
  range?: Record<string, (string | number | boolean)[]>;
  singleFile: boolean;
  portfolio?: boolean;
  stake?: string;
  maxOpenPositions?: number;
  allocation?: 'signals' | 'weights';
  weights?: string;
  rebalance?: string;
  rebalanceBand?: number;
  gateBySignal?: boolean;
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

  addDataFlags(program, 'list');
  addStrategyFlags(program, 'shown');
  addPortfolioFlags(program, 'all');
  const search = searchFlags('total_return');
  program
    .option('--benchmark <symbol>', 'buy and hold of another symbol from the same source (e.g. BTC/USDT for an altcoin) as the benchmark, instead of each symbol\'s own; single backtests')
    .option('--optimize', 'search parameters over the config\'s optimization_ranges instead of a single backtest', false)
    .addOption(search.metric)
    .addOption(search.method)
    .addOption(search.nIter)
    .addOption(search.seed)
    .addOption(search.workers)
    .option('--resume', 'continue an interrupted optimization in the same --output folder', false)
    .option('--queue [url]', 'with --optimize: evaluate on `backtester worker` processes through Redis (redis://HOST:PORT, rediss:// for TLS; default $BACKTESTER_REDIS_URL); see docs/distributed.md')
    .option('--queue-name <name>', 'with --queue: the queue (default backtester-chunks)')
    .addOption(search.maxCombinations)
    .option('--portfolio', 'trade the symbols as ONE account: shared cash, one time index, a cap on open positions (writes portfolio/)')
    .option('--stake <size>', 'portfolio: size of each entry: "equal" (free cash / free slots, default), an amount (25000) or a share of free cash ("50%")')
    .option('--max-open-positions <n>', 'portfolio: positions open at once at most (default: the number of symbols)', intArg('--max-open-positions', 0))
    .addOption(new Option('--allocation <style>', 'portfolio style: entries and exits with stakes (signals) or target weights (weights)').choices(['signals', 'weights']))
    .option('--weights <list>', 'target weights, e.g. "BTC/USDT=0.6,ETH/USDT=0.4" (implies --allocation weights; normalised with a note if they do not sum to 1)')
    .option('--rebalance <period>', 'target weights: rebalance at the start of every period (1d, 1w, ...; weeks start Monday UTC)')
    .option('--rebalance-band <x>', 'target weights: also rebalance when a weight is more than x from its target (0.05 = 5 points)', numberArg('--rebalance-band'))
    .option('--gate-by-signal', 'target weights: hold a symbol only while the strategy is long it (its weight stays in cash otherwise)')
    .option('--monte-carlo <n>', 'after a backtest, resample it N times (trade reshuffling and block bootstrap) into montecarlo/; see `backtester montecarlo`', intArg('--monte-carlo', 1))
    .option('--range <key=values>', 'optimization range, repeatable: key=10,20,30 or key=10:20:2 (start:stop:step); replaces the config\'s optimization_ranges', collectRange)
    .option('--min-trades <n>', 'optimization: combinations with fewer closed trades rank after all others', intArg('--min-trades', 0))
    .option('--objective <file>', 'optimization: rank by your own score of each combination\'s metrics, e.g. a file with `export default (s) => s.sharpe_ratio - 2 * s.max_drawdown` (instead of --metric); see docs/optimization.md')
    .addOption(strategyTimeoutFlag());
  addOutputFlags(program, { output: 'results', singleFile: true, debug: 'verbose logging: parameters, signal statistics, timings, stack traces' });

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
