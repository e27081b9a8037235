/**
 * Numeric inputs, buffers and outcome of the fill loop (DESIGN.md §3). The domain layer maps its
 * `PortfolioSpec` and `Signals` onto these; the kernel never sees strings or config objects.
 */
import type { SimSteps } from './steps.js';
import type { OrderRecords, TradeRecords } from './records.js';

/** Fill at the signal bar's close. */
export const EXEC_CLOSE = 0;
/** Fill at the next bar's open (no look-ahead). */
export const EXEC_NEXT_OPEN = 1;

/** Entry order types (`SimSpec.entryType`): a market order, or a limit / stop order at `SimInputs.entryLevel`. */
export const ENTRY_MARKET = 0;
export const ENTRY_LIMIT = 1;
export const ENTRY_STOP = 2;

/** The run completed. */
export const SIM_OK = 0;
/** An input or output array is shorter/longer than `close`; nothing was simulated. */
export const SIM_BAD_LENGTH = 1;
/** The trade or order buffers hold fewer than `close.length` rows; nothing was simulated. */
export const SIM_CAPACITY = 2;

/** Portfolio and execution settings as plain numbers. */
export interface SimSpec {
  readonly initCash: number;
  /** Fee rate per fill: `fees * units * fill_price`, paid in cash. */
  readonly fees: number;
  /** Signal fills move against the trader: buy `p*(1+slippage)`, sell `p*(1-slippage)`. */
  readonly slippage: number;
  /** `EXEC_CLOSE` or `EXEC_NEXT_OPEN`. */
  readonly execution: number;
  /** false on spot (short signals ignored entirely), true on swap. */
  readonly allowShort: boolean;
  /** (0, 1]: fraction of cash committed to an entry. */
  readonly maxPositionSize: number;
  /** > 0: units = equity*riskPerTrade/slDistance, capped by the all-in size. 0: off. */
  readonly riskPerTrade: number;
  /** Stop-loss as a fraction of the reference price, used when no distance is given; 0: off. */
  readonly slFraction: number;
  /** Take-profit as a fraction of the reference price, used when no distance is given; 0: off. */
  readonly tpFraction: number;
  /** Apply `slippage` to stop exits (and stop entries) too. */
  readonly stopSlippage: boolean;
  // Optional order features (issue 10); absent or 0 = off. Read once per run, never per bar.
  /** Time stop: a trade is held at most this many bars (docs/semantics.md "Time stop"). */
  readonly maxBarsInTrade?: number;
  /** Trailing stop as a fraction of the best price since entry, used when no `trailDistance` is given. */
  readonly trailFraction?: number;
  /** The trailing stop starts once the best price since entry is this fraction beyond the entry reference. */
  readonly trailActivation?: number;
  /** `ENTRY_LIMIT` / `ENTRY_STOP`: entries with a finite `entryLevel` at their signal bar place such an order. */
  readonly entryType?: number;
  /** Bars a limit/stop entry order stays valid after its signal bar (default 1). */
  readonly entryExpiryBars?: number;
  /** Close a position still open after the last bar at the last close (fees, slippage; `end_of_data`). */
  readonly finalizeTrades?: boolean;
  /** `SIZE_*` code of sizing.ts (default all-in) and its run-level size; per-signal sizes in `SimInputs.size`. */
  readonly sizeType?: number;
  readonly size?: number;
  /** Entry units are rounded down to a multiple of this (1 = whole units); 0 = fractional. */
  readonly sizeGranularity?: number;
  /** Entries whose rounded units are below `minSize` or whose notional is below `minNotional` are skipped and counted. */
  readonly minSize?: number;
  readonly minNotional?: number;
  /** Pyramiding: entries per position (> 1: a same-side entry signal adds to the position). */
  readonly maxEntries?: number;
  // Perpetual futures (issue 11, docs/futures.md); absent = the unlevered account.
  /** Isolated margin at this leverage (≥ 1): positions carry a liquidation price. */
  readonly leverage?: number;
  /** Maintenance margin rate of the position's notional (default 0.005). */
  readonly maintenanceMarginRate?: number;
  /** Liquidation fee rate of the notional at the liquidation price, taken from what margin is left. */
  readonly liquidationFee?: number;
  /**
   * The exchange's maintenance tiers by position notional (docs/futures.md "Maintenance margin"),
   * replacing `maintenanceMarginRate`: ascending notional floors (the first 0), each tier's rate and
   * maintenance amount `cum`; absent/null = the one rate.
   */
  readonly maintenanceTiers?: MaintenanceTiers | null;
}

/** Maintenance margin of a position of notional N in tier k (`floor[k] ≤ N`, the last such): `N·rate[k] − cum[k]`. */
export interface MaintenanceTiers {
  readonly floor: Float64Array;
  readonly rate: Float64Array;
  readonly cum: Float64Array;
}

/** Prices and signals, all of one length n (`close.length`). */
export interface SimInputs {
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly longEntries: Uint8Array;
  readonly longExits: Uint8Array;
  readonly shortEntries: Uint8Array;
  readonly shortExits: Uint8Array;
  /** Stop distances in price units, read at the signal bar; NaN (or null) = use the fraction. */
  readonly slDistance: Float64Array | null;
  readonly tpDistance: Float64Array | null;
  /**
   * Multipliers of `slDistance`/`tpDistance` (absent = 1): the distance read is
   * `slDistance[t] * slScale`, the same bits as a copied `m × series` array would hold, so stops
   * that are a multiple of one series (DMA-ATR-Trend's `m × ATR`) need no bar-long copy.
   */
  readonly slScale?: number;
  readonly tpScale?: number;
  /** Trailing-stop distances in price units, read at the signal bar; NaN (or absent) = use `trailFraction`. */
  readonly trailDistance?: Float64Array | null;
  /** Limit/stop entry levels, read at the signal bar; NaN (or absent) = a market entry. */
  readonly entryLevel?: Float64Array | null;
  /** Per-signal sizes (in the run's size type), read at the signal bar; NaN (or absent) = the run's size. */
  readonly size?: Float64Array | null;
  /** Partial exits: the fraction of the position an exit signal closes, read at its bar; NaN, ≤ 0, ≥ 1 (or absent) = all. */
  readonly exitFraction?: Float64Array | null;
  /** Funding rate charged at each bar's open (the sum of the funding times in that bar); 0/NaN (or absent) = none. */
  readonly fundingRate?: Float64Array | null;
}

/**
 * Caller-owned outputs, reusable across runs (counts are reset by each run). Arrays need at least
 * n elements; trade records a capacity of at least n rows and order records 2n (a run never writes
 * more: every trade opens from a distinct signal bar and has at most two orders).
 */
export interface SimBuffers {
  readonly equity: Float64Array;
  /** null: don't record. */
  readonly cash: Float64Array | null;
  /** null: don't record. */
  readonly position: Float64Array | null;
  readonly trades: TradeRecords;
  /** null: don't record. */
  readonly orders: OrderRecords | null;
  /** Cumulative funding paid after each bar, and the margin held; null/absent: don't record. */
  readonly funding?: Float64Array | null;
  readonly marginUsed?: Float64Array | null;
  /**
   * Cash and units as steps (steps.ts): a row at bar 0 and at each bar where they changed, for
   * runs that leave `cash`/`position` null and expand them later; null/absent: don't record.
   */
  readonly steps?: SimSteps | null;
}

/** What a run reports besides its buffers. */
export interface SimCounts {
  /** `SIM_OK`, `SIM_BAD_LENGTH` or `SIM_CAPACITY`. */
  readonly status: number;
  /** Trade rows written, the open trade included. */
  readonly trades: number;
  /** 0 or 1: a position still open at the last bar. */
  readonly openTrades: number;
  /** Order rows (fills); counted even when order records are not kept. */
  readonly orders: number;
  readonly ambiguousStopBars: number;
  readonly skippedEntries: number;
  /** Limit/stop entry orders that expired unfilled (those still pending after the last bar included). */
  readonly expiredOrders: number;
  /** Entries skipped because their size fell below `minSize` / `minNotional` (after rounding). */
  readonly belowMinimum: number;
  readonly finalCash: number;
  /** Signed units held after the last bar. */
  readonly finalUnits: number;
  /** Positions liquidated, and funding paid in total (negative = received); 0 without margin/funding. */
  readonly liquidations?: number;
  readonly totalFunding?: number;
}
