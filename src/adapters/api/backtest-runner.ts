import { parseDate } from '../../domain/frame/dates.js';
import { isTimeframe, timeframeMs } from '../../domain/frame/timeframe.js';
import { resolve as resolvePath } from 'node:path';
import type { ConfigFile, PortfolioParameters } from '../../domain/config/config-file.js';
import { resolveConfig, type RunOverrides } from '../../domain/config/resolve-config.js';
import type { QualityAction } from '../../domain/frame/quality-types.js';
import type { StrategyDefinition, StrategyClass } from '../../domain/strategies/strategy.js';
import { findBuiltinStrategy } from '../../domain/strategies/registry.js';
import { gridWarmup, strategyWarmup } from '../../domain/strategies/warmup-bars.js';
import type { StrategySource } from '../../orchestration/optimize/job.js';
import type { Objective } from '../../domain/params/objective.js';
import type { Progress } from '../../orchestration/ports.js';
import { configIssuesError, configPathForDisplay, DEFAULT_CONFIG_NAME, findConfigPath, loadConfigFile } from '../config/load-config.js';
import { definitionFromClass } from '../strategy/load-strategy-file.js';
import { looksLikeStrategyFile, resolveStrategy } from '../strategy/resolve-strategy.js';
import { createDataSource } from './data-sources.js';
import { loadBenchmark, loadMarketData, type MarketData } from './market-data.js';
import { marginRequest } from './market-margin.js';
import { UsageError } from '../../base/errors.js';
import { silentObserver, type RunObserver } from './observer.js';
import { runSingleJob, type SingleBacktestOutput } from './single-backtest-job.js';
import type { OptimizationOutput } from './optimization-job.js';
import type { PortfolioModeOverrides } from '../../domain/config/portfolio-mode-config.js';

export interface BacktestRunnerOptions {
  /** `binance` (default) or any ccxt exchange id; `sample` for the built-in synthetic market; `csv` for local files. */
  readonly exchange?: string;
  readonly market?: 'spot' | 'swap';
  /** Folder of CSV files for `exchange: 'csv'`. */
  readonly dataDir?: string;
  readonly cacheDir?: string;
  /** What to do with bad bars (non-positive prices, inconsistent OHLC, conflicting duplicates). */
  readonly onBadData?: QualityAction;
  /** Receives progress events; the CLI prints them. Silent by default. */
  readonly observer?: RunObserver;
  readonly debug?: boolean;
}

export type StrategyRef = string | StrategyDefinition<any> | StrategyClass<any>;

/** Extra settings for `runFromConfig` beyond the guide's positional arguments. */
export interface RunFromConfigOptions {
  /** Strategy id, class or file; default: the config's `strategy`/`strategy_class`, else dma_atr_trend. */
  readonly strategy?: StrategyRef;
  readonly overrides?: RunOverrides;
  readonly useCache?: boolean;
  readonly preferResampling?: boolean;
  /** Recorded in run.json and index.html. */
  readonly settings?: Record<string, unknown>;
  /** Use the strategy's defaults instead of reading `configPath` (a strategy file without --config). */
  readonly ignoreConfig?: boolean;
  /** Optimization settings (with `optimize`). */
  readonly optimization?: OptimizationSettings;
  /** Self-contained HTML pages (ECharts inside each, `--single-file`) instead of one shared copy in the output root's assets/. */
  readonly singleFile?: boolean;
  /** Benchmark symbol from the same source (`--benchmark`; single backtests). */
  readonly benchmark?: string;
  /** One account over all symbols (`--portfolio`, `--stake`, `--max-open-positions`); wins over the config. */
  readonly portfolio?: PortfolioModeOverrides;
  /** Optimization ranges (`--range`): replace the config's `optimization_ranges`. */
  readonly ranges?: Readonly<Record<string, readonly (string | number | boolean)[]>>;
  /**
   * Load the strategy's warm-up history before `startDate` (default: the config's
   * `portfolio_parameters.warmup`, else true); false = `--no-warmup`, the first bars only warm up.
   */
  readonly warmup?: boolean;
}

export interface OptimizationSettings {
  readonly method?: 'grid' | 'random';
  readonly nIter?: number;
  readonly seed?: number;
  readonly workers?: number;
  readonly resume?: boolean;
  /** Largest grid (or random sample) allowed; default 1,000,000 combinations. */
  readonly maxCombinations?: number;
  /** Combinations with fewer closed trades rank after all others (`--min-trades`). */
  readonly minTrades?: number;
  /** Rank by a score of each combination's metrics (`--objective FILE`): an objective, or the path of an objective file. */
  readonly objective?: Objective | string;
  /** Draws the progress (the CLI passes its progress bar). */
  readonly progress?: Progress;
  /** Stops the optimization cleanly (finished combinations are written, marked partial). */
  readonly signal?: AbortSignal;
  /** Stop cleanly on SIGINT/SIGTERM (the CLI sets this). */
  readonly handleSignals?: boolean;
  /** Work (combinations × bars) below which the optimization stays in this thread; default `inProcessBelow(threads)` (18 M on 2 threads). */
  readonly inProcessBelow?: number;
  /** Write best_backtest/ (default true). */
  readonly bestBacktest?: boolean;
  /** Evaluate on queue workers over Redis (`--queue`, docs/distributed.md). */
  readonly queue?: import('./optimization-queue.js').QueueSettings;
}

/** Options of `runOptimization` (the guide's `run_optimization` keyword arguments, camelCase). */
export interface RunOptimizationOptions extends OptimizationSettings {
  /** Target metric (the guide's "Optimization Metrics" table); default total_return. */
  readonly metric?: string;
  readonly outputDir?: string;
  /** Portfolio settings with the config's `portfolio_parameters` keys. */
  readonly portfolioParams?: PortfolioParameters;
  /** Recorded in run.json and index.html. */
  readonly settings?: Record<string, unknown>;
}

/**
 * The public runner (the guide's `BacktestRunner`): load data, run a backtest or an optimization,
 * write results. The CLI is a thin layer over this class.
 */
export class BacktestRunner {
  readonly options: Required<Pick<BacktestRunnerOptions, 'exchange' | 'market'>> & BacktestRunnerOptions;

  constructor(options: BacktestRunnerOptions = {}) {
    this.options = { exchange: 'binance', market: 'spot', ...options };
  }

  private get observer(): RunObserver {
    return this.options.observer ?? silentObserver;
  }

  /**
   * Loads bars for the symbols over [startDate, endDate) (dates `YYYY-MM-DD`, UTC). With
   * `warmupBars` (e.g. `strategy.warmupBars(params)`), that many bars before `startDate` come too,
   * for the indicators only: backtests on this data trade and measure from `startDate`.
   */
  async loadData(symbols: string | readonly string[], timeframe = '1d', startDate?: string, endDate?: string,
    useCache = true, preferResampling = true, warmupBars = 0): Promise<MarketData> {
    const source = createDataSource({ ...this.options, useCache, preferResampling });
    return loadMarketData(source, { symbols, timeframe, start: startDate, end: endDate, warmupBars }, this.observer);
  }

  /**
   * Runs one parameter set on every symbol in `data` and writes the outputs to `outputDir`.
   * `strategyParams` is flat (`{ short_ma_window: 20, ... }`); `portfolioParams` uses the config's
   * `portfolio_parameters` keys (`init_cash`, `fees`, `slippage`, `execution`, ...).
   */
  async runSingleBacktest(data: MarketData, strategy: StrategyRef = 'dma_atr_trend', strategyParams: Record<string, unknown> = {},
    portfolioParams: PortfolioParameters = {}, outputDir = 'results'): Promise<SingleBacktestOutput> {
    const def = await this.strategyDefinition(strategy);
    const file = { technical_parameters: strategyParams, portfolio_parameters: portfolioParams } as ConfigFile;
    const r = resolveConfig(file, def, { market: data.market });
    if (!r.ok) throw configIssuesError('the strategy/portfolio parameters', r.issues);
    return runSingleJob({ data, strategy: def, params: r.value.params, portfolio: r.value.portfolio, outputDir,
      observer: this.observer, debug: this.options.debug });
  }

  /**
   * Runs a parameter optimization over `optimizationParams` (parameter → values to try) starting
   * from `baseParams`, on every symbol in `data`, and writes its outputs (docs/optimization.md).
   */
  async runOptimization(data: MarketData, strategy: StrategyRef = 'dma_atr_trend', baseParams: Record<string, unknown> = {},
    optimizationParams: Record<string, readonly unknown[]> = {}, options: RunOptimizationOptions = {}): Promise<OptimizationOutput> {
    const def = await this.strategyDefinition(strategy);
    const file = { technical_parameters: baseParams, portfolio_parameters: options.portfolioParams ?? {} } as ConfigFile;
    const r = resolveConfig(file, def, { market: data.market });
    if (!r.ok) throw configIssuesError('the base strategy/portfolio parameters', r.issues);
    const { source, ref } = strategySource(strategy, def);
    const { runOptimizationJob } = await import('./optimization-job.js');
    return runOptimizationJob({
      ...options, objective: await resolveObjective(options.objective), data, strategy: def, source, strategyRef: ref, params: r.value.params, ranges: optimizationParams, portfolio: r.value.portfolio,
      outputDir: options.outputDir ?? 'results', observer: this.observer, debug: this.options.debug, rangesSource: 'optimizationParams',
    });
  }

  /** Runs a backtest (or, with `optimize`, an optimization over the config's optimization_ranges) from a JSON config file. */
  async runFromConfig(configPath: string, symbols: string | readonly string[], timeframe?: string, startDate?: string, endDate?: string,
    optimize?: false, metric?: string, outputDir?: string, options?: RunFromConfigOptions): Promise<SingleBacktestOutput>;
  async runFromConfig(configPath: string, symbols: string | readonly string[], timeframe: string | undefined, startDate: string | undefined, endDate: string | undefined,
    optimize: true, metric?: string, outputDir?: string, options?: RunFromConfigOptions): Promise<OptimizationOutput>;
  async runFromConfig(configPath: string, symbols: string | readonly string[], timeframe?: string, startDate?: string, endDate?: string,
    optimize?: boolean, metric?: string, outputDir?: string, options?: RunFromConfigOptions): Promise<SingleBacktestOutput | OptimizationOutput>;
  async runFromConfig(configPath: string, symbols: string | readonly string[], timeframe = '1d', startDate?: string, endDate?: string,
    optimize = false, metric = 'total_return', outputDir = 'results', options: RunFromConfigOptions = {}): Promise<SingleBacktestOutput | OptimizationOutput> {
    const path = options.ignoreConfig ? '(strategy defaults)' : findConfigPath(configPath || DEFAULT_CONFIG_NAME);
    const file: ConfigFile = options.ignoreConfig ? {} : await loadConfigFile(path);
    const def = await this.strategyDefinition(options.strategy ?? file.strategy ?? file.strategy_class ?? 'dma_atr_trend');
    const r = resolveConfig(file, def, { ...options.overrides, market: this.options.market });
    if (!r.ok) throw configIssuesError(path, r.issues);
    const source = createDataSource({ ...this.options, useCache: options.useCache ?? true, preferResampling: options.preferResampling ?? true });
    // --range flags, else the config's optimization_ranges, else the strategy's static optimizationRanges
    const fromConfig = Object.keys(r.value.optimizationRanges).length > 0;
    const ranges = options.ranges ?? (fromConfig ? r.value.optimizationRanges : def.optimizationRanges ?? {});
    const warmupBars = (options.warmup ?? options.overrides?.portfolio?.warmup ?? file.portfolio_parameters?.warmup ?? true)
      ? (optimize ? gridWarmup(def, r.value.params, ranges) : strategyWarmup(def, r.value.params)) : 0;
    const data = async (o: RunObserver) => {
      const margin = marginRequest(r.value.portfolio, optimize ? ranges : undefined);
      const d = await loadMarketData(source, { symbols, timeframe, start: startDate, end: endDate, calendar: r.value.portfolio.calendar, warmupBars,
        informativeSymbols: def.informativeSymbols?.(r.value.params), ...(margin && { margin }) }, o);
      return options.benchmark && !optimize ? loadBenchmark(source, d, options.benchmark, o) : d;
    };
    if (options.optimization?.objective !== undefined && !optimize) {
      throw new UsageError('--objective ranks the combinations of an optimization: it needs --optimize.', { hint: 'Add --optimize (and the ranges to search), or drop --objective.' });
    }
    if (optimize && options.benchmark) {
      throw new UsageError('--benchmark applies to single backtests, not to --optimize.', { hint: 'Run the best parameters again without --optimize to compare them with another symbol.' });
    }
    const rangesSource = options.ranges ? '--range' : fromConfig ? path : `${def.name}.optimizationRanges`;
    const pp0 = file.portfolio_parameters;
    if (optimize && ((options.portfolio?.portfolio ?? pp0?.portfolio ?? false) || (options.portfolio?.allocation ?? pp0?.allocation) === 'weights' || options.portfolio?.weights !== undefined)) {
      const { objective: _objective, ...settings } = options.optimization ?? {};
      if (_objective !== undefined) {
        throw new UsageError('--objective is not available with --portfolio --optimize yet.', { hint: 'Rank the one-account optimization by --metric, or optimize the symbols separately with --objective.' });
      }
      const { runPortfolioOptimization } = await import('./portfolio-run.js');
      return runPortfolioOptimization({ ...settings, metric, data, strategy: def,
        source: strategySource(options.strategy ?? file.strategy ?? file.strategy_class ?? 'dma_atr_trend', def).source, params: r.value.params, debug: this.options.debug,
        ranges, portfolio: r.value.portfolio, outputDir, observer: this.observer, rangesSource }, pp0, options.portfolio ?? {}, symbols, path) as never;
    }
    if (optimize) {
      const strategy = strategySource(options.strategy ?? file.strategy ?? file.strategy_class ?? 'dma_atr_trend', def);
      // The threads boot while the optimizer's code, the objective and the data load (the job owns them).
      const threads = (await import('./optimization-run.js')).startPoolEarly(strategy.source, options.optimization ?? {}, ranges,
        maxBarsOf(symbols, timeframe, startDate, endDate, warmupBars));
      let objective: Objective | undefined;
      let runOptimizationJob: typeof import('./optimization-job.js').runOptimizationJob;
      try {
        objective = await resolveObjective(options.optimization?.objective);
        ({ runOptimizationJob } = await import('./optimization-job.js'));
      } catch (e) {
        await threads?.close().catch(() => undefined); // the error that stopped the run is the one to report
        throw e;
      }
      return runOptimizationJob({
        ...options.optimization, threads, objective, metric, data, strategy: def, source: strategy.source, strategyRef: strategy.ref, params: r.value.params,
        ranges, portfolio: r.value.portfolio, keyPaths: r.value.keyPaths, rangesSource, outputDir,
        observer: this.observer, debug: this.options.debug, settings: { config: configPathForDisplay(path), ...options.settings }, singleFile: options.singleFile,
      });
    }
    if (options.optimization?.resume) this.observer.note('--resume is ignored without --optimize: a single backtest always runs in full.');
    const job = { data, strategy: def, params: r.value.params, portfolio: r.value.portfolio, outputDir,
      observer: this.observer, debug: this.options.debug, settings: { config: configPathForDisplay(path), ...options.settings }, assets: { singleFile: options.singleFile },
      symbolCount: symbolCount(symbols) };
    const pp = file.portfolio_parameters;
    const portfolioOn = (options.portfolio?.portfolio ?? pp?.portfolio ?? false) || (options.portfolio?.allocation ?? pp?.allocation) === 'weights'
      || options.portfolio?.weights !== undefined;
    if (portfolioOn) return (await import('./portfolio-run.js')).runPortfolioJob(job, file.portfolio_parameters, options.portfolio ?? {}, symbols, path);
    return runSingleJob(job);
  }

  /**
   * Runs one parameter set on every symbol in `data` as ONE account (DESIGN.md §3b) and writes the
   * per-symbol folders plus `portfolio/`. `mode` takes `stake` (`'equal'`, an amount or `'50%'`) and
   * `maxOpenPositions`; the result's `portfolio` holds the account, labelled by symbol.
   */
  async runPortfolioBacktest(data: MarketData, strategy: StrategyRef = 'dma_atr_trend', strategyParams: Record<string, unknown> = {},
    portfolioParams: PortfolioParameters = {}, mode: Omit<PortfolioModeOverrides, 'portfolio'> = {}, outputDir = 'results'): Promise<SingleBacktestOutput> {
    const def = await this.strategyDefinition(strategy);
    const file = { technical_parameters: strategyParams, portfolio_parameters: portfolioParams } as ConfigFile;
    const r = resolveConfig(file, def, { market: data.market });
    if (!r.ok) throw configIssuesError('the strategy/portfolio parameters', r.issues);
    const { runPortfolioJob } = await import('./portfolio-run.js');
    return runPortfolioJob({ data, strategy: def, params: r.value.params, portfolio: r.value.portfolio, outputDir,
      observer: this.observer, debug: this.options.debug }, portfolioParams, { ...mode, portfolio: true }, [...data.frames.keys()], 'the portfolio parameters');
  }

  private async strategyDefinition(ref: StrategyRef): Promise<StrategyDefinition<any>> {
    if (typeof ref === 'string') return resolveStrategy(ref);
    if (typeof ref === 'function') return definitionFromClass(ref as never, ref.name);
    return ref;
  }
}

/** How worker threads find the strategy: a file by path, a built-in by id; any other object stays in this thread. */
export function strategySource(ref: StrategyRef, def: StrategyDefinition<any>): { source: StrategySource; ref?: string } {
  if (typeof ref === 'string' && looksLikeStrategyFile(ref)) return { source: { kind: 'file', path: resolvePath(ref) }, ref: resolvePath(ref) };
  if (findBuiltinStrategy(def.id) === def) return { source: { kind: 'builtin', id: def.id } };
  return { source: { kind: 'inline', def } };
}

/** Symbols named by a comma-separated list or an array (the loader validates them). */
function symbolCount(symbols: string | readonly string[]): number {
  return (typeof symbols === 'string' ? symbols.split(',') : symbols).filter((s) => s.trim() !== '').length;
}

/** An objective given as a file path is loaded (only then: the loader pulls in the module machinery). */
async function resolveObjective(o: Objective | string | undefined): Promise<Objective | undefined> {
  if (typeof o !== 'string') return o;
  return (await import('../strategy/load-objective.js')).loadObjectiveFile(o);
}

/**
 * The most bars a run's data can hold (every symbol at `timeframe` from start to end, a bar at
 * every step, plus the warm-up), or undefined when the dates are not both given or not readable.
 */
function maxBarsOf(symbols: string | readonly string[], timeframe: string, start: string | undefined, end: string | undefined, warmup: number): number | undefined {
  if (start === undefined || end === undefined || !isTimeframe(timeframe)) return undefined;
  const a = parseDate(start), b = parseDate(end);
  if (!a.ok || !b.ok || !(b.value > a.value)) return undefined;
  const count = typeof symbols === 'string' ? symbols.split(',').filter((x) => x.trim() !== '').length : symbols.length;
  return Math.max(1, count) * (Math.ceil((b.value - a.value) / timeframeMs(timeframe)) + warmup);
}
