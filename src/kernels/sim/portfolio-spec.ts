/**
 * Numeric inputs, buffers and outcome of the one-account portfolio fill loop (DESIGN.md §3b).
 * Columns are symbols on one union time index; a column's prices are NaN on bars it has no bar.
 */
import type { OrderRecords, TradeRecords } from './records.js';
import type { MaintenanceTiers, SimSpec } from './sim-spec.js';

/** Free cash divided by the free position slots (times `maxPositionSize`). */
export const STAKE_EQUAL = 0;
/** A fixed quote amount per entry: units = stake / reference price. */
export const STAKE_AMOUNT = 1;
/** A share of the free cash at the moment of the order. */
export const STAKE_PERCENT = 2;

/** The portfolio's settings: the per-column simulator spec plus stakes and the position cap. */
export interface PortfolioSimSpec {
  /** Fees, slippage, execution, shorts, stops, `maxPositionSize`, `riskPerTrade` (on portfolio equity). */
  readonly sim: SimSpec;
  /** `STAKE_EQUAL`, `STAKE_AMOUNT` or `STAKE_PERCENT`. */
  readonly stakeKind: number;
  /** The amount (quote currency) or the share in (0, 1]; ignored for `STAKE_EQUAL`. */
  readonly stakeValue: number;
  /** At most this many positions open at once (>= 1). */
  readonly maxOpenPositions: number;
  /** An entry whose cash budget is below this (rounding dust) is skipped and counted. */
  readonly minBudget: number;
  /**
   * Per column (listed order): the exchange's order limits of that symbol (issue 10 item 5), which
   * replace `sim`'s `sizeGranularity`/`minSize`/`minNotional` for that column; absent = `sim`'s.
   */
  readonly columnLimits?: readonly ColumnLimits[];
}

/**
 * One symbol's exchange limits: units rounded down to `sizeGranularity`, entries below `minSize`
 * units or `minNotional` skipped; with margin, its maintenance tiers.
 */
export interface ColumnLimits {
  readonly sizeGranularity?: number;
  readonly minSize?: number;
  readonly minNotional?: number;
  readonly maintenanceTiers?: MaintenanceTiers | null;
}

/** One symbol's prices and signals on the union index (length N each; prices NaN where absent). */
export interface PortfolioColumn {
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly longEntries: Uint8Array;
  readonly longExits: Uint8Array;
  readonly shortEntries: Uint8Array;
  readonly shortExits: Uint8Array;
  readonly slDistance: Float64Array | null;
  readonly tpDistance: Float64Array | null;
  /** Funding rate charged at each bar's open (docs/futures.md); NaN/0 (or absent) = none. */
  readonly fundingRate?: Float64Array | null;
}

export interface PortfolioSimInputs {
  /** In the order the symbols were listed. */
  readonly columns: readonly PortfolioColumn[];
  /** Column indices in the order entries of one bar fill (a permutation of 0..m-1). */
  readonly entryOrder: Int32Array;
}

/** Caller-owned outputs. Trade and order rows of every column share one set of records. */
export interface PortfolioSimBuffers {
  /** Account value per bar: cash + Σ units × last close. */
  readonly equity: Float64Array;
  readonly cash: Float64Array;
  /** Per column: signed units × last close after each bar (null: don't record). */
  readonly values: readonly Float64Array[] | null;
  /** Per column: signed units after each bar (null: don't record). */
  readonly units: readonly Float64Array[] | null;
  readonly trades: TradeRecords;
  /** Column of each trade row. */
  readonly tradeColumn: Int32Array;
  readonly orders: OrderRecords;
  /** Column of each order row. */
  readonly orderColumn: Int32Array;
  /** Per column counts, written by the run. */
  readonly skipped: Int32Array;
  readonly ambiguous: Int32Array;
  /** Open positions after each bar. */
  readonly openPositions: Int32Array;
  /** Per column: entries skipped below the exchange minimums (absent: not recorded). */
  readonly belowMinimum?: Int32Array;
  /** Perpetual futures (docs/futures.md): account funding paid so far and margin held after each bar, liquidations per column; absent/null: not recorded. */
  readonly funding?: Float64Array | null;
  readonly marginUsed?: Float64Array | null;
  readonly liquidations?: Int32Array | null;
}

export interface PortfolioSimCounts {
  /** `SIM_OK`, `SIM_BAD_LENGTH` or `SIM_CAPACITY`. */
  readonly status: number;
  readonly trades: number;
  readonly openTrades: number;
  readonly orders: number;
  readonly finalCash: number;
  /** Positions liquidated, and funding paid by the account in total (negative = received). */
  readonly liquidations?: number;
  readonly totalFunding?: number;
}
