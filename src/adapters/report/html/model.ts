/**
 * Everything the pages derive from a BacktestResult, computed once per `writeReports` call:
 * per-bar series as typed arrays (cumulative return, underwater, rolling Sharpe), trade rows,
 * drawdown periods.
 */
import { tradeExcursions } from '../../../domain/portfolio/excursions.js';
import type { BacktestResult } from '../../../orchestration/result.js';
import { drawdownPeriods, underwater, type DrawdownPeriod } from './analysis/drawdown-periods.js';
import { rollingSharpeAndVolatility, rollingSharpeWindow } from './analysis/rolling-sharpe.js';
import { tradeRows, type TradeRow } from './analysis/trade-rows.js';

export interface ReportModel {
  readonly result: BacktestResult;
  readonly n: number;
  readonly time: Float64Array;
  readonly equity: Float64Array;
  /** `equity / initCash - 1`. */
  readonly cumReturn: Float64Array;
  /** Buy-and-hold `benchmark / initCash - 1`; null when the result has no benchmark curve. */
  readonly benchReturn: Float64Array | null;
  /** `equity / running peak - 1` (≤ 0). */
  readonly underwater: Float64Array;
  /** Per-bar returns `e_t / e_{t-1} - 1`, aligned with bars 1..n-1 (length n-1). */
  readonly returns: Float64Array;
  readonly barsPerYear: number;
  readonly sharpeWindow: number;
  readonly rollingSharpe: Float64Array;
  /** Annualised volatility over the same trailing windows. */
  readonly rollingVolatility: Float64Array;
  readonly trades: readonly TradeRow[];
  /** Closed trades only (trade statistics exclude the open one, DESIGN.md §3). */
  readonly closed: readonly TradeRow[];
  readonly periods: readonly DrawdownPeriod[];
}

export function buildModel(result: BacktestResult): ReportModel {
  const { time } = result.frame;
  const equity = result.sim.equity;
  const n = Math.min(time.length, equity.length);
  const init = result.portfolio.initCash;
  const cumReturn = new Float64Array(n);
  for (let i = 0; i < n; i++) cumReturn[i] = equity[i] / init - 1;
  let benchReturn: Float64Array | null = null;
  if (result.benchmarkEquity.length === n && n > 0) {
    benchReturn = new Float64Array(n);
    for (let i = 0; i < n; i++) benchReturn[i] = result.benchmarkEquity[i] / init - 1;
  }
  // Per-bar returns as the metrics define them (DESIGN.md §5): the first from the initial cash.
  const returns = new Float64Array(n);
  for (let i = 0; i < n; i++) returns[i] = equity[i] / (i === 0 ? init : equity[i - 1]) - 1;
  const bpy = result.annualization.periodsPerYear;
  const sharpeWindow = rollingSharpeWindow(result.frame.timeframe);
  const rolling = rollingSharpeAndVolatility(equity.subarray(0, n), sharpeWindow, bpy, init);
  const trades = tradeRows(result.sim.trades, time, tradeExcursions(result.sim.trades, result.frame, result.portfolio.execution));
  return {
    result, n, time: time.subarray(0, n), equity: equity.subarray(0, n), cumReturn, benchReturn,
    underwater: underwater(equity.subarray(0, n), undefined, init), returns, barsPerYear: bpy, sharpeWindow,
    rollingSharpe: rolling.sharpe, rollingVolatility: rolling.volatility,
    trades, closed: trades.filter((t) => !t.open), periods: drawdownPeriods(equity.subarray(0, n), time, init),
  };
}
