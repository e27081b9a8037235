import { METRIC_COUNT } from './catalog.js';
import { DD_STATS_LENGTH } from '../../kernels/stats.js';
import type { TradeRecords } from '../../kernels/sim/records.js';

/**
 * What `computeMetricsInto` reads. All bar arrays have the same length n (the bars of the run):
 * `equity[t]` is the portfolio value after bar t's fills marked to bar t's close.
 */
export interface MetricsInput {
  readonly equity: Float64Array;
  /** Bar open times, UTC epoch ms (durations are measured between bar open times). */
  readonly time: Float64Array;
  /**
   * Close prices of the buy-and-hold benchmark, one per bar: the traded symbol's own closes, or
   * those of `--benchmark SYMBOL` aligned to these bars.
   */
  readonly benchmark: Float64Array;
  /** Every trade, closed and still open (`exitReason` EXIT_END_OPEN), in entry order. */
  readonly trades: TradeRecords;
  /** Cash at the start: the base of `total_return` and of the first monthly return. */
  readonly initCash: number;
  /** Periods per year `A` used to annualise (see `periodsPerYear` in domain/frame/calendar). */
  readonly barsPerYear: number;
}

/**
 * A copy of `fields` of the one shape the engine's own runs pass (the search's evaluators and a
 * backtest after it): literals of these six keys share a V8 map whose field types are widened when
 * a literal site runs a second time, which throws away the metrics kernel's optimized code; a class
 * whose constructor assigns every field in one order keeps them exact. Plain data, same keys.
 */
export function metricsInput(fields: MetricsInput): MetricsInput {
  return new MetricsFields(fields);
}

class MetricsFields implements MetricsInput {
  declare readonly equity: Float64Array;
  declare readonly time: Float64Array;
  declare readonly benchmark: Float64Array;
  declare readonly trades: TradeRecords;
  declare readonly initCash: number;
  declare readonly barsPerYear: number;
  constructor(f: MetricsInput) {
    this.equity = f.equity;
    this.time = f.time;
    this.benchmark = f.benchmark;
    this.trades = f.trades;
    this.initCash = f.initCash;
    this.barsPerYear = f.barsPerYear;
  }
}

/**
 * Reusable buffers for `computeMetricsInto`; create once with `createMetricsScratch(n)` and pass
 * to every call. Buffers grow (once) if a longer run comes along; the object itself is kept.
 */
export interface MetricsScratch {
  /** Per-bar returns of the last call, `[0, n)` (the first from the initial cash). */
  returns: Float64Array;
  /** Workspace of the percentile's quickselect. */
  select: Float64Array;
  /** `drawdownScan` output of the last call; after `computeMetricsInto` DD_ULCER is NaN (the catalog does not use it), after the full statistics it holds the ulcer index. */
  readonly drawdown: Float64Array;
  /** Reason code per metric of the last call (see reasons.ts); 0 where the metric is defined. */
  readonly reasons: Uint8Array;
  /** `squaredSums` output (squared deviations, squared downside of the returns), then the mean return. */
  readonly moments: Float64Array;
  /** Indices of the returns that are not 0, then n (`equityPass`), `[0, n]`. */
  nonZero: Int32Array;
}

/**
 * One shape for every scratch (fields assigned in one order, `declare`d so no class-field definition
 * sets them to undefined first): an object literal would have its field types widened by V8 when
 * made a second time (a backtest after the search), throwing away the metrics kernel's optimized code.
 */
class MetricsBuffers implements MetricsScratch {
  declare returns: Float64Array;
  declare select: Float64Array;
  declare readonly drawdown: Float64Array;
  declare readonly reasons: Uint8Array;
  declare readonly moments: Float64Array;
  declare nonZero: Int32Array;
  constructor(cap: number) {
    this.returns = new Float64Array(cap);
    this.select = new Float64Array(cap);
    this.drawdown = new Float64Array(DD_STATS_LENGTH);
    this.reasons = new Uint8Array(METRIC_COUNT);
    this.moments = new Float64Array(3);
    this.nonZero = new Int32Array(cap + 1);
  }
}

/** Allocates the buffers `computeMetricsInto` needs for runs of up to `bars` bars. */
export function createMetricsScratch(bars: number): MetricsScratch {
  return new MetricsBuffers(Math.max(bars, 0));
}

/** Grows the scratch buffers in place when a run has more bars than they were made for. */
export function ensureMetricsScratch(scratch: MetricsScratch, bars: number): void {
  const cap = Math.max(bars, 0);
  if (scratch.returns.length < cap) scratch.returns = new Float64Array(cap);
  if (scratch.select.length < cap) scratch.select = new Float64Array(cap);
  if (scratch.nonZero.length < cap + 1) scratch.nonZero = new Int32Array(cap + 1);
}
