import type { MetricInfo } from './catalog.js';

/**
 * The full statistics set of a single backtest (issue 9 item 8, docs/metrics.md "Full statistics"),
 * beyond the core catalog: computed by `computeMetrics` (single runs, `performance_metrics.csv`,
 * `result.stats`) but not by the optimizer, which ranks and writes only the core catalog.
 */
export const STATISTICS = [
  { key: 'equity_peak', description: 'Highest equity over the run, in quote currency', unit: 'currency', direction: 'higher', group: 'returns' },
  { key: 'best_day', description: 'Best UTC calendar day return (equity at the day\'s last bar / at the previous day\'s last bar, or initial cash - 1)', unit: 'fraction', direction: 'higher', group: 'returns' },
  { key: 'worst_day', description: 'Worst UTC calendar day return', unit: 'fraction', direction: 'higher', group: 'returns' },
  { key: 'best_month', description: 'Best UTC calendar month return', unit: 'fraction', direction: 'higher', group: 'returns' },
  { key: 'worst_month', description: 'Worst UTC calendar month return', unit: 'fraction', direction: 'higher', group: 'returns' },
  { key: 'omega_ratio', description: 'Omega ratio at a 0 threshold: sum of positive per-bar returns / |sum of negative ones| (inf with no negative return)', unit: 'ratio', direction: 'higher', group: 'returns' },
  { key: 'skew', description: 'Skewness of per-bar returns: m3 / m2^1.5 from the biased central moments (scipy.stats.skew)', unit: 'ratio', direction: 'higher', group: 'returns' },
  { key: 'kurtosis', description: 'Excess kurtosis of per-bar returns: m4 / m2^2 - 3 (scipy.stats.kurtosis; 0 for normal returns)', unit: 'ratio', direction: 'lower', group: 'returns' },
  { key: 'tail_ratio', description: 'Tail ratio: |95th percentile| / |5th percentile| of per-bar returns', unit: 'ratio', direction: 'higher', group: 'returns' },
  { key: 'probabilistic_sharpe_ratio', description: 'Probability that the true Sharpe ratio is above 0 given skew, kurtosis and length (Bailey & Lopez de Prado 2012)', unit: 'fraction', direction: 'higher', group: 'returns' },
  { key: 'ulcer_index', description: 'Ulcer index: sqrt(mean over bars of drawdown^2), drawdown as a fraction', unit: 'fraction', direction: 'lower', group: 'risk' },
  { key: 'recovery_factor', description: 'Recovery factor: total_return / max_drawdown', unit: 'ratio', direction: 'higher', group: 'risk' },
  { key: 'long_trades', description: 'Closed long trades', unit: 'count', direction: 'higher', group: 'trades' },
  { key: 'short_trades', description: 'Closed short trades', unit: 'count', direction: 'higher', group: 'trades' },
  { key: 'long_win_rate', description: 'Share of closed long trades with pnl > 0', unit: 'fraction', direction: 'higher', group: 'trades' },
  { key: 'short_win_rate', description: 'Share of closed short trades with pnl > 0', unit: 'fraction', direction: 'higher', group: 'trades' },
  { key: 'avg_winning_trade', description: 'Mean return of closed trades with pnl > 0', unit: 'fraction', direction: 'higher', group: 'trades' },
  { key: 'avg_losing_trade', description: 'Mean return of closed trades with pnl < 0', unit: 'fraction', direction: 'higher', group: 'trades' },
  { key: 'avg_winning_duration', description: 'Mean duration of winning closed trades, in days', unit: 'days', direction: 'lower', group: 'trades' },
  { key: 'avg_losing_duration', description: 'Mean duration of losing closed trades, in days', unit: 'days', direction: 'lower', group: 'trades' },
  { key: 'payoff_ratio', description: 'Payoff ratio: avg_winning_trade / |avg_losing_trade| (inf with wins and no loss)', unit: 'ratio', direction: 'higher', group: 'trades' },
  { key: 'kelly_criterion', description: 'Kelly fraction: win_rate - (1 - win_rate) / payoff_ratio', unit: 'fraction', direction: 'higher', group: 'trades' },
  { key: 'sqn', description: 'System Quality Number (Van Tharp): sqrt(N) * mean(pnl) / std(pnl, ddof=1) of closed trades', unit: 'ratio', direction: 'higher', group: 'trades' },
  { key: 'max_consecutive_wins', description: 'Longest run of consecutive winning closed trades (pnl > 0)', unit: 'count', direction: 'higher', group: 'trades' },
  { key: 'max_consecutive_losses', description: 'Longest run of consecutive losing closed trades (pnl < 0)', unit: 'count', direction: 'lower', group: 'trades' },
  { key: 'turnover', description: 'Traded value (entry and exit notional of every fill) / mean equity', unit: 'ratio', direction: 'lower', group: 'trades' },
  { key: 'alpha', description: 'Annualized alpha against the benchmark: (mean(r) - beta * mean(b)) * periods per year', unit: 'fraction', direction: 'higher', group: 'benchmark' },
  { key: 'beta', description: 'Beta against the benchmark: cov(r, b) / var(b) of per-bar returns', unit: 'ratio', direction: 'lower', group: 'benchmark' },
  { key: 'correlation', description: 'Pearson correlation of per-bar returns with the benchmark\'s', unit: 'ratio', direction: 'lower', group: 'benchmark' },
  { key: 'information_ratio', description: 'Information ratio: mean(r - b) / std(r - b, ddof=1), per bar (not annualized, as empyrical)', unit: 'ratio', direction: 'higher', group: 'benchmark' },
] as const satisfies readonly MetricInfo[];

export type StatKey = (typeof STATISTICS)[number]['key'];

export const STAT_INDEX: Readonly<Record<StatKey, number>> = Object.fromEntries(
  STATISTICS.map((m, i) => [m.key, i]),
) as Record<StatKey, number>;

export const STAT_COUNT = STATISTICS.length;

export function isStatKey(s: string): s is StatKey {
  return Object.prototype.hasOwnProperty.call(STAT_INDEX, s);
}
