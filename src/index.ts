/**
 * The public API of `backtester`: one import for library users, the same runner the CLI uses.
 *
 *   import { BacktestRunner } from 'backtester';
 *   const runner = new BacktestRunner({ exchange: 'sample' });
 *   const data = await runner.loadData('BTC/USDT', '1h', '2023-01-01', '2024-01-01');
 *   const out = await runner.runSingleBacktest(data, 'dma_atr_trend', { short_ma_window: 10 }, { fees: 0.001 }, 'results/api');
 */

// The runner (the guide's BacktestRunner) and what it returns.
export { BacktestRunner, type BacktestRunnerOptions, type RunFromConfigOptions, type OptimizationSettings, type RunOptimizationOptions, type StrategyRef } from './adapters/api/backtest-runner.js';
export type { MarketData, LoadRequest } from './adapters/api/market-data.js';
export type { SingleBacktestOutput } from './adapters/api/single-backtest-job.js';
export type { OptimizationOutput, SymbolOptimizationSummary } from './adapters/api/optimization-job.js';
export type { BestCombination } from './adapters/api/optimization-outputs.js';
export { deflatedSharpe, type DeflatedSharpe, type DeflatedSharpeInput } from './domain/params/deflated-sharpe.js';
export { DEFAULT_MAX_COMBINATIONS, type ParamSpace, type ParamValue } from './domain/params/param-space.js';
export { silentObserver, type RunObserver } from './adapters/api/observer.js';
export { createDataSource, type DataSourceOptions } from './adapters/api/data-sources.js';
export { runBacktest, type BacktestSpec } from './orchestration/run-backtest.js';
export type { BacktestResult, StepTiming } from './orchestration/result.js';
export { runPortfolioBacktest, type PortfolioBacktestSpec, type PortfolioBacktestResult } from './orchestration/run-portfolio-backtest.js';
export type { DataSource, DataRequest, LoadedFrame, Logger, Progress } from './orchestration/ports.js';

// Out-of-sample validation (docs/validation.md): the jobs the CLI runs and the pure statistics under them.
export { resolveValidationInputs, type ValidationInputOptions, type ValidationInputs } from './adapters/api/validation-inputs.js';
export { runWalkForwardJob, type WalkForwardJob, type WalkForwardOutput } from './adapters/api/walk-forward-job.js';
export { runCscvJob, type CscvJob } from './adapters/api/cscv-job.js';
export { runMonteCarloJob, type MonteCarloJob } from './adapters/api/montecarlo-job.js';
export { runLookaheadJob, type LookaheadJob } from './adapters/api/lookahead-job.js';
export { checkLookahead, type LookaheadReport, type LookaheadProblem } from './orchestration/validate/lookahead.js';
export { backtestWindow, type WindowBacktest } from './orchestration/validate/window-backtest.js';
export { cscv, splitMasks, type CscvSplits } from './kernels/stats/cscv.js';
export { summarizeCscv, type CscvSummary } from './kernels/stats/cscv-summary.js';
export { blockBounds, blockReturnSums } from './kernels/stats/block-sums.js';
export { runMonteCarlo, monteCarloInput, type MonteCarloResult } from './domain/validate/monte-carlo.js';
export { planFolds, parseWindowLength, type Fold, type FoldSpec } from './domain/validate/folds.js';

// Strategies.
export {
  BaseStrategy, MemoIndicatorCache,
  type Signals, type StrategyDefinition, type StrategyClass, type StrategyContext, type IndicatorCache, type IndicatorPlacement,
} from './domain/strategies/strategy.js';
export { dmaAtrTrend, DMAATRTrendStrategy, type DmaAtrTrendParams } from './domain/strategies/dma-atr-trend.js';
export { BUILTIN_STRATEGIES, findBuiltinStrategy } from './domain/strategies/registry.js';
export { loadStrategyFile } from './adapters/strategy/load-strategy-file.js';
export { resolveStrategy } from './adapters/strategy/resolve-strategy.js';

// Indicator, crossover and signal kernels (Float64Array in, Float64Array out).
export * from './kernels/index.js';

// Portfolio simulation and metrics.
export { simulate } from './domain/portfolio/simulate.js';
export { DEFAULT_PORTFOLIO, type PortfolioSpec, type ExecutionMode } from './domain/portfolio/spec.js';
export * from './domain/portfolio/records.js';
export { simulatePortfolio, type PortfolioLeg, type PortfolioSimulation } from './domain/portfolio/simulate-portfolio.js';
export { DEFAULT_PORTFOLIO_MODE, type PortfolioMode, type Stake } from './domain/portfolio/portfolio-mode.js';
export type { SymbolContribution } from './domain/portfolio/contributions.js';
export type { Objective } from './domain/params/objective.js';
export { METRICS, METRIC_KEYS, METRIC_INDEX, OPTIMIZATION_METRICS, metricInfo, isMetricKey, type MetricKey, type MetricInfo } from './domain/metrics/catalog.js';
export { computeMetrics, computeMetricsInto, createMetricsScratch, monthlyReturns, benchmarkEquity, benchmarkReturn, metricValue, type MetricsInput, type MetricsReport, type MonthlyReturn, type MetricsSource } from './domain/metrics/index.js';
export { computeStatisticsInto, STATISTICS, STAT_INDEX, isStatKey, type StatKey, labelStats, type LabelledStat, type LabelledStats } from './domain/metrics/index.js';
export { tradeList, type TradeListRow } from './domain/portfolio/trade-list.js';
export { tradeExcursions, type TradeExcursions } from './domain/portfolio/excursions.js';
export { annualization, detectCalendar, type Calendar, type CalendarChoice, type Annualization } from './domain/frame/calendar.js';

// Data.
export { makeFrame, sliceFrame, type OhlcvFrame, type OhlcvColumns, type DataOrigin } from './domain/frame/frame.js';
export { TIMEFRAMES, TIMEFRAME_MS, barsPerYear, type Timeframe } from './domain/frame/timeframe.js';
export { resample } from './domain/frame/resample.js';
export { alignFunding, withFunding, type FundingSeries } from './domain/frame/funding.js';
export { informativeFrame, type InformativeFrame } from './domain/strategies/informative.js';
export { checkFrame } from './domain/frame/quality.js';
export type { DataQualityReport, QualityCheck, QualityAction } from './domain/frame/quality-types.js';
export { parseDate, formatIsoUtc } from './domain/frame/dates.js';
export { SampleMarketSource } from './adapters/data/sample-market.js';
export { CsvSource } from './adapters/data/csv-source.js';
export { CcxtSource, type CcxtSourceOptions } from './adapters/data/ccxt/ccxt-source.js';
export { fetchTopSymbols } from './adapters/data/ccxt/top-symbols.js';
export { downloadData } from './adapters/data/ccxt/download.js';
export { defaultCacheDir } from './adapters/cache/cache-dir.js';

// Reports (the runner writes them; exported for custom pipelines).
export { writeReports, writeIndexPage, writeSummaryPage, renderEquitySvg, type RunInfo } from './adapters/report/html/index.js';

// Config.
export { parseConfigFile, type ConfigFile, type PortfolioParameters } from './domain/config/config-file.js';
export { resolveConfig } from './domain/config/resolve-config.js';
export { loadConfigFile } from './adapters/config/load-config.js';

// Errors.
export * from './base/errors.js';
