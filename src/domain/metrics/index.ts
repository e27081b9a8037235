/** Metrics (DESIGN.md §5): the catalog, computeMetrics / computeMetricsInto, monthly returns, benchmark. */
export * from './catalog.js';
export * from './report-types.js';
export { labelStats, type LabelledStat, type LabelledStats } from './labelled.js';
export { computeMetrics, metricReasons } from './compute-metrics.js';
export { computeMetricsInto } from './compute-metrics-into.js';
export { computeStatisticsInto } from './compute-statistics.js';
export * from './stats-catalog.js';
export { createMetricsScratch, ensureMetricsScratch, type MetricsInput, type MetricsScratch } from './metrics-input.js';
export { ZERO_STD } from './equity-metrics.js';
export { REASON_TEXT } from './reasons.js';
export { monthlyReturns } from './monthly-returns.js';
export { benchmarkEquity, benchmarkReturn } from './benchmark.js';
export { utcMonthIndex } from './utc-month.js';
