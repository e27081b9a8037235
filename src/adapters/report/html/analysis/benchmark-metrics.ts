/**
 * The benchmark's own metrics for the overview's "Buy & hold" column (issue 16 item 6): the
 * buy-and-hold equity of the run (docs/metrics.md "benchmark", from the first close) measured with
 * the same formulas, calendar and initial cash as the strategy. Trade metrics do not apply.
 */
import { computeCatalogMetrics } from '../../../../domain/metrics/compute-metrics.js';
import { metricsInput } from '../../../../domain/metrics/metrics-input.js';
import type { MetricsReport } from '../../../../domain/metrics/report-types.js';
import { allocTrades } from '../../../../domain/portfolio/records.js';
import type { BacktestResult } from '../../../../orchestration/result.js';

/**
 * The buy-and-hold equity's metrics row, or null when the run has no benchmark curve: the catalog
 * metrics only (`computeCatalogMetrics`: the column shows catalog metrics; the full
 * statistics set of the benchmark cost a cold process a few milliseconds for nothing).
 */
export function benchmarkMetrics(result: BacktestResult): MetricsReport | null {
  const equity = result.benchmarkEquity;
  if (equity.length === 0 || equity.length !== result.frame.length) return null;
  return computeCatalogMetrics(metricsInput({
    equity, time: result.frame.time, benchmark: equity, trades: allocTrades(0),
    initCash: result.portfolio.initCash, barsPerYear: result.annualization.periodsPerYear,
  }));
}
