/**
 * What a strategy file usually imports from `backtester`, without the runner, data sources,
 * reports and config parsing (and so without zod, pino, piscina): a compiled `.ts` strategy
 * imports this first, which keeps optimizer threads' start-up short. Every name is re-exported
 * from the same module as in index.ts (the same classes); a file that imports anything else is
 * recompiled against index.ts (see adapters/strategy/compile-ts.ts). Not a public entry point.
 */
export {
  BaseStrategy, MemoIndicatorCache,
  type Signals, type StrategyDefinition, type StrategyClass, type StrategyContext, type IndicatorCache, type IndicatorPlacement,
} from './domain/strategies/strategy.js';
export { DMAATRTrendStrategy } from './domain/strategies/dma-atr-trend-strategy.js';
export * from './kernels/index.js';
export { runBacktest, type BacktestSpec } from './orchestration/run-backtest.js';
export { simulate } from './domain/portfolio/simulate.js';
export { DEFAULT_PORTFOLIO, type PortfolioSpec, type ExecutionMode } from './domain/portfolio/spec.js';
export * from './domain/portfolio/records.js';
export { METRICS, METRIC_KEYS, METRIC_INDEX, OPTIMIZATION_METRICS, metricInfo, isMetricKey, type MetricKey, type MetricInfo } from './domain/metrics/catalog.js';
export { computeMetrics, computeMetricsInto, createMetricsScratch, monthlyReturns, benchmarkEquity, benchmarkReturn, metricValue, type MetricsInput, type MetricsReport, type MonthlyReturn } from './domain/metrics/index.js';
export { makeFrame, sliceFrame, type OhlcvFrame, type OhlcvColumns, type DataOrigin } from './domain/frame/frame.js';
export { TIMEFRAMES, TIMEFRAME_MS, barsPerYear, type Timeframe } from './domain/frame/timeframe.js';
export { resample } from './domain/frame/resample.js';
export { checkFrame } from './domain/frame/quality.js';
export { parseDate, formatIsoUtc } from './domain/frame/dates.js';
export * from './base/errors.js';
