import type { OhlcvFrame } from '../../domain/frame/frame.js';
import type { Annualization } from '../../domain/frame/calendar.js';
import { runAnnualization } from '../../domain/portfolio/annualization.js';
import { benchmarkEquity } from '../../domain/metrics/benchmark.js';
import { computeMetrics } from '../../domain/metrics/compute-metrics.js';
import type { MetricsReport } from '../../domain/metrics/report-types.js';
import { allocTrades, type TradeRecords } from '../../domain/portfolio/records.js';
import type { PortfolioSpec } from '../../domain/portfolio/spec.js';
import type { FoldResult } from './walk-forward.js';

/** The out-of-sample test windows joined into one run. */
export interface StitchedOos {
  /** The test bars, in order (a frame whose columns are copies). */
  readonly frame: OhlcvFrame;
  /** Fold number (0-based) of each bar. */
  readonly fold: Int32Array;
  /** Chained equity: each fold starts with the previous fold's final equity. */
  readonly equity: Float64Array;
  /** Buy-and-hold over the same bars from the initial cash. */
  readonly benchmark: Float64Array;
  /** Every fold's trades, bar indices into the stitched bars. */
  readonly trades: TradeRecords;
  readonly metrics: MetricsReport;
  /** The calendar and periods per year the metrics used (the whole frame's). */
  readonly annualization: Annualization;
  readonly portfolio: PortfolioSpec;
}

/** Joins the folds' test windows (a fold without a selection holds its cash, without trades). */
export function stitchFolds(frame: OhlcvFrame, folds: readonly FoldResult[], portfolio: PortfolioSpec): StitchedOos {
  const n = folds.reduce((s, f) => s + f.fold.testEnd - f.fold.testStart, 0);
  const cols = { time: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
  const fold = new Int32Array(n);
  const equity = new Float64Array(n);
  const trades = allocTrades(Math.max(1, folds.reduce((s, f) => s + (f.oos?.sim.trades.count ?? 0), 0)));
  let at = 0;
  for (const [k, f] of folds.entries()) {
    const { testStart: a, testEnd: b } = f.fold;
    for (const c of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) cols[c].set(frame[c].subarray(a, b), at);
    fold.fill(k, at, at + b - a);
    if (f.oos) {
      equity.set(f.oos.sim.equity, at);
      const t = f.oos.sim.trades;
      for (let i = 0; i < t.count; i++) {
        const j = trades.count++;
        trades.entryIndex[j] = t.entryIndex[i] + at;
        trades.exitIndex[j] = t.exitIndex[i] + at;
        for (const key of ['side', 'units', 'entryPrice', 'exitPrice', 'entryFee', 'exitFee', 'pnl', 'ret', 'exitReason', 'slLevel', 'tpLevel', 'funding', 'liqPrice'] as const) trades[key][j] = t[key][i];
      }
    } else {
      equity.fill(f.initCash, at, at + b - a);
    }
    at += b - a;
  }
  const { warmup: _warmup, ...meta } = frame;
  const stitched: OhlcvFrame = { ...meta, ...cols, length: n };
  const annualization = runAnnualization(frame, portfolio);
  const metrics = computeMetrics({
    equity, time: cols.time, benchmark: cols.close, trades, initCash: portfolio.initCash, barsPerYear: annualization.periodsPerYear,
  });
  return { frame: stitched, fold, equity, benchmark: benchmarkEquity(cols.close, portfolio.initCash), trades, metrics, annualization, portfolio };
}
