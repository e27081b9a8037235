import type { Timeframe } from './timeframe.js';

/** Where a frame's bars came from; every output of a run on synthetic data says so. */
export interface DataOrigin {
  readonly kind: 'sample' | 'csv' | 'ccxt';
  /** True for the built-in sample market. */
  readonly synthetic: boolean;
  /** Exchange id (`binance`, `sample`, `csv`). */
  readonly exchange: string;
  /** `spot` or `swap`. */
  readonly market: 'spot' | 'swap';
  /** A human-readable description: file path, cache file, generator seed. */
  readonly description: string;
}

/**
 * A columnar OHLCV frame (DESIGN.md §2). `time` is the bar's open time in UTC epoch ms,
 * strictly increasing; all columns have `length` elements. Columns may be views on a
 * SharedArrayBuffer so worker threads can read them without copying.
 */
export interface OhlcvFrame {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  readonly length: number;
  readonly origin: DataOrigin;
  /**
   * Leading bars that are history before the run's start (issue 10, warm-up): indicators and
   * signals are computed over them, the simulation and every measurement start after them.
   * Absent or 0: every bar is traded.
   */
  readonly warmup?: number;
  /**
   * Bars of other symbols on the same timeframe that the strategy reads through
   * `this.informative(tf, symbol)` (issue 10 item 9), by symbol; aligned by time, never by index.
   */
  readonly informative?: Readonly<Record<string, OhlcvFrame>>;
  /** Swap markets with funding data: the funding rate charged at each bar's open (domain/frame/funding.ts). */
  readonly funding?: Float64Array;
}

export interface OhlcvColumns {
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

export function makeFrame(symbol: string, timeframe: Timeframe, cols: OhlcvColumns, origin: DataOrigin): OhlcvFrame {
  return { symbol, timeframe, ...cols, length: cols.time.length, origin };
}

/** First index with `time >= t` (binary search; `time` never goes down). */
export function lowerBound(time: Float64Array, t: number): number {
  let lo = 0;
  let hi = time.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The bars with `start <= time < end` (DESIGN.md §2: start inclusive, end exclusive), as views. */
export function sliceFrame(frame: OhlcvFrame, start: number, end: number): OhlcvFrame {
  const a = lowerBound(frame.time, start);
  const b = lowerBound(frame.time, end);
  const cut = (c: Float64Array) => c.subarray(a, b);
  const { warmup: _warmup, ...rest } = frame;
  return {
    ...rest,
    time: cut(frame.time), open: cut(frame.open), high: cut(frame.high),
    low: cut(frame.low), close: cut(frame.close), volume: cut(frame.volume),
    ...(frame.funding !== undefined && { funding: cut(frame.funding) }),
    length: Math.max(0, b - a),
  };
}
