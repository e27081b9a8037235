/**
 * The metric catalog (guide "Performance Metrics" + DESIGN.md §5). The order here is the column
 * order of `performance_metrics.csv` and `optimization_results.csv`, and the index of each metric
 * in a metrics row (`Float64Array`) written by `computeMetricsInto`.
 */
export interface MetricInfo {
  readonly key: string;
  readonly description: string;
  /** `fraction` (0.15 = 15%), `ratio`, `count`, `days`, `currency`, `bars`. */
  readonly unit: 'fraction' | 'ratio' | 'count' | 'days' | 'currency' | 'bars';
  /** Which way is better when optimizing. */
  readonly direction: 'higher' | 'lower';
  readonly group: 'returns' | 'risk' | 'trades' | 'benchmark' | 'run';
}

export const METRICS = [
  { key: 'total_return', description: 'Total portfolio return: final / initial equity - 1', unit: 'fraction', direction: 'higher', group: 'returns' },
  { key: 'annualized_return', description: 'Annualized return: (1 + total_return)^(periods per year / bars) - 1', unit: 'fraction', direction: 'higher', group: 'returns' },
  { key: 'cagr', description: 'Compound annual growth rate by calendar time: (final / initial cash)^(365.25 days / (last bar time - first bar time)) - 1', unit: 'fraction', direction: 'higher', group: 'returns' },
  { key: 'volatility', description: 'Annualized volatility of per-bar returns (std, ddof=1)', unit: 'fraction', direction: 'lower', group: 'returns' },
  { key: 'sharpe_ratio', description: 'Annualized Sharpe ratio: mean / std of per-bar returns * sqrt(bars per year), risk-free 0', unit: 'ratio', direction: 'higher', group: 'returns' },
  { key: 'sortino_ratio', description: 'Annualized Sortino ratio: mean return * A / (downside deviation * sqrt(A)); inf when no return is negative', unit: 'ratio', direction: 'higher', group: 'returns' },
  { key: 'calmar_ratio', description: 'Calmar ratio: annualized return / max drawdown', unit: 'ratio', direction: 'higher', group: 'returns' },
  { key: 'max_drawdown', description: 'Maximum portfolio decline from a running peak (the initial cash is the first peak), as a positive fraction', unit: 'fraction', direction: 'lower', group: 'risk' },
  { key: 'avg_drawdown', description: 'Mean depth of the drawdown periods, as a positive fraction', unit: 'fraction', direction: 'lower', group: 'risk' },
  { key: 'max_drawdown_duration', description: 'Longest time from a peak to its recovery (or to the end if unrecovered), in days', unit: 'days', direction: 'lower', group: 'risk' },
  { key: 'max_drawdown_duration_bars', description: 'Longest time from a peak to its recovery (or to the end if unrecovered), in bars', unit: 'bars', direction: 'lower', group: 'risk' },
  { key: 'var_95', description: 'Value at Risk (95%): 5th percentile of per-bar returns (linear interpolation)', unit: 'fraction', direction: 'higher', group: 'risk' },
  { key: 'cvar_95', description: 'Conditional Value at Risk (95%, expected shortfall): mean of the k+1 smallest per-bar returns, k = floor((n-1) * 0.05)', unit: 'fraction', direction: 'higher', group: 'risk' },
  { key: 'total_trades', description: 'Number of closed trades', unit: 'count', direction: 'higher', group: 'trades' },
  { key: 'open_trades', description: 'Positions still open at the last bar (marked to the last close)', unit: 'count', direction: 'higher', group: 'trades' },
  { key: 'win_rate', description: 'Share of closed trades with pnl > 0', unit: 'fraction', direction: 'higher', group: 'trades' },
  { key: 'profit_factor', description: 'Gross profit / |gross loss| of closed trades (inf when there is no loss)', unit: 'ratio', direction: 'higher', group: 'trades' },
  { key: 'avg_trade_return', description: 'Mean return of closed trades: pnl / (units * entry price)', unit: 'fraction', direction: 'higher', group: 'trades' },
  { key: 'avg_trade_duration', description: 'Mean duration of closed trades, in days', unit: 'days', direction: 'lower', group: 'trades' },
  { key: 'avg_trade_duration_bars', description: 'Mean duration of closed trades, in bars (exit bar - entry bar)', unit: 'bars', direction: 'lower', group: 'trades' },
  { key: 'expectancy', description: 'Expected pnl per closed trade: win_rate * avg_win - (1 - win_rate) * |avg_loss|, in quote currency', unit: 'currency', direction: 'higher', group: 'trades' },
  { key: 'best_trade', description: 'Best closed-trade return', unit: 'fraction', direction: 'higher', group: 'trades' },
  { key: 'worst_trade', description: 'Worst closed-trade return', unit: 'fraction', direction: 'higher', group: 'trades' },
  { key: 'exposure_time', description: 'Exposure time: share of bars with an open position (after that bar\'s fills)', unit: 'fraction', direction: 'lower', group: 'trades' },
  { key: 'total_fees', description: 'Fees paid over the run, in quote currency', unit: 'currency', direction: 'lower', group: 'trades' },
  { key: 'final_equity', description: 'Portfolio value at the last bar, in quote currency', unit: 'currency', direction: 'higher', group: 'returns' },
  { key: 'benchmark_return', description: 'Buy-and-hold return of the benchmark (the traded symbol unless --benchmark) over the same bars: first close to last close, no fees', unit: 'fraction', direction: 'higher', group: 'benchmark' },
] as const satisfies readonly MetricInfo[];

export type MetricKey = (typeof METRICS)[number]['key'];

export const METRIC_KEYS: readonly MetricKey[] = METRICS.map((m) => m.key);

/** Index of each metric in a metrics row. */
export const METRIC_INDEX: Readonly<Record<MetricKey, number>> = Object.fromEntries(
  METRICS.map((m, i) => [m.key, i]),
) as Record<MetricKey, number>;

export const METRIC_COUNT = METRICS.length;

export function isMetricKey(s: string): s is MetricKey {
  return Object.prototype.hasOwnProperty.call(METRIC_INDEX, s);
}

export function metricInfo(key: MetricKey): MetricInfo {
  return METRICS[METRIC_INDEX[key]];
}

/** The guide's "Optimization Metrics" table: targets offered to `--metric`. */
export const OPTIMIZATION_METRICS: readonly MetricKey[] = [
  'total_return', 'sharpe_ratio', 'sortino_ratio', 'calmar_ratio', 'max_drawdown', 'win_rate', 'profit_factor', 'expectancy',
  'annualized_return', 'avg_trade_return', 'cvar_95', 'var_95',
];
