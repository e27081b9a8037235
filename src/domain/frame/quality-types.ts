/** The data quality report (DESIGN.md §2; issue: market data). Bad data is reported, never repaired silently. */

export type QualityCheck =
  | 'gap'
  | 'duplicate_same'
  | 'duplicate_conflict'
  | 'non_positive_price'
  | 'ohlc_inconsistent'
  | 'zero_volume'
  | 'misaligned_time'
  /** A row whose time is earlier than a row before it in the file (added with the quality checks). */
  | 'out_of_order'
  /** Volume below zero or missing (added with the quality checks). */
  | 'negative_volume'
  /**
   * A price no market trades at: not finite, above 1e12 or below 1e-12 (a denormal), or a bar more
   * than 1,000× (or under 1/1,000 of) both neighbouring closes (added with the hostile-input checks).
   */
  | 'absurd_price';

export interface QualityFinding {
  readonly check: QualityCheck;
  /** Number of affected bars (for `gap`: number of missing candles). */
  readonly count: number;
  /** Number of distinct occurrences (for `gap`: number of gaps). */
  readonly occurrences: number;
  /** The first few examples, as ISO-8601 UTC times with a short note. */
  readonly examples: readonly { readonly time: string; readonly note: string }[];
}

export interface DataQualityReport {
  readonly symbol: string;
  readonly timeframe: string;
  readonly bars: number;
  readonly firstTime: string | null;
  readonly lastTime: string | null;
  readonly findings: readonly QualityFinding[];
  /** Bars dropped under a `drop` policy (0 when nothing was dropped). */
  readonly droppedBars: number;
  /** Problems of the file itself, e.g. a last line without its newline that may be cut short. */
  readonly warnings?: readonly string[];
  /**
   * Warm-up history before the run's start (issue 10): bars the strategy asked for, bars loaded,
   * bars the source did not have. The counts above cover the warm-up bars too.
   */
  readonly warmup?: { readonly requested: number; readonly loaded: number; readonly missing: number; readonly from: string | null; readonly reason?: string };
}

/** What to do when a check finds something: keep going (report only), drop the bad bars, or stop. */
export type QualityAction = 'warn' | 'drop' | 'stop';
