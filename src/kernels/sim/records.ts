/** Columnar simulation records (DESIGN.md §4). Capacity may exceed `count`; read `[0, count)`. */

export const EXIT_REASONS = ['signal', 'stop_loss', 'take_profit', 'reverse', 'end_open', 'trailing_stop', 'time_stop', 'end_of_data', 'liquidation'] as const;
export type ExitReason = (typeof EXIT_REASONS)[number];
/** Numeric codes stored in `TradeRecords.exitReason`. */
export const EXIT_SIGNAL = 0;
export const EXIT_STOP_LOSS = 1;
export const EXIT_TAKE_PROFIT = 2;
export const EXIT_REVERSE = 3;
export const EXIT_END_OPEN = 4;
export const EXIT_TRAILING_STOP = 5;
export const EXIT_TIME_STOP = 6;
/** Closed at the last close by `finalizeTrades`. */
export const EXIT_END_OF_DATA = 7;
/** Closed by the exchange at the liquidation price (perpetual futures with margin, issue 11). */
export const EXIT_LIQUIDATION = 8;

/** One row per fill. `side` is +1 buy, -1 sell. */
export interface OrderRecords {
  count: number;
  readonly barIndex: Int32Array;
  readonly side: Int8Array;
  readonly price: Float64Array;
  readonly units: Float64Array;
  readonly fee: Float64Array;
}

/**
 * One row per position, closed or still open at the last bar. `side` is +1 long, -1 short;
 * `units` is the (positive) size. For an open trade, `exitIndex` is the last bar, `exitPrice` the
 * last close, `exitFee` 0, and `exitReason` EXIT_END_OPEN. `pnl` is after both fees;
 * `ret = pnl / (units * entryPrice)`.
 */
export interface TradeRecords {
  count: number;
  readonly entryIndex: Int32Array;
  readonly exitIndex: Int32Array;
  readonly side: Int8Array;
  readonly units: Float64Array;
  readonly entryPrice: Float64Array;
  readonly exitPrice: Float64Array;
  readonly entryFee: Float64Array;
  readonly exitFee: Float64Array;
  readonly pnl: Float64Array;
  readonly ret: Float64Array;
  readonly exitReason: Uint8Array;
  /** Stop levels set at entry; NaN when the trade had no such stop. */
  readonly slLevel: Float64Array;
  readonly tpLevel: Float64Array;
  /** Funding paid over the trade's life (negative = received); included in `pnl`. 0 without funding. */
  readonly funding: Float64Array;
  /** Liquidation price (isolated margin); NaN without margin. */
  readonly liqPrice: Float64Array;
}

/**
 * The records are instances of these classes, not object literals: V8 builds a literal's template on
 * its second run and widens every field's type then, which throws away optimized code that read the
 * records (the search makes one set per thread, a backtest after it another). A class whose
 * constructor assigns every field in one order keeps one shape with exact field types. The fields
 * are `declare`d so no class-field definition sets them to undefined first. Plain data still: own
 * enumerable fields only (spread, structuredClone and JSON see the same keys as before).
 */
class OrderColumns implements OrderRecords {
  declare count: number;
  declare readonly barIndex: Int32Array;
  declare readonly side: Int8Array;
  declare readonly price: Float64Array;
  declare readonly units: Float64Array;
  declare readonly fee: Float64Array;
  constructor(capacity: number) {
    this.count = 0;
    this.barIndex = new Int32Array(capacity);
    this.side = new Int8Array(capacity);
    this.price = new Float64Array(capacity);
    this.units = new Float64Array(capacity);
    this.fee = new Float64Array(capacity);
  }
}

class TradeColumns implements TradeRecords {
  declare count: number;
  declare readonly entryIndex: Int32Array;
  declare readonly exitIndex: Int32Array;
  declare readonly side: Int8Array;
  declare readonly units: Float64Array;
  declare readonly entryPrice: Float64Array;
  declare readonly exitPrice: Float64Array;
  declare readonly entryFee: Float64Array;
  declare readonly exitFee: Float64Array;
  declare readonly pnl: Float64Array;
  declare readonly ret: Float64Array;
  declare readonly exitReason: Uint8Array;
  declare readonly slLevel: Float64Array;
  declare readonly tpLevel: Float64Array;
  declare readonly funding: Float64Array;
  declare readonly liqPrice: Float64Array;
  constructor(capacity: number) {
    this.count = 0;
    this.entryIndex = new Int32Array(capacity);
    this.exitIndex = new Int32Array(capacity);
    this.side = new Int8Array(capacity);
    this.units = new Float64Array(capacity);
    this.entryPrice = new Float64Array(capacity);
    this.exitPrice = new Float64Array(capacity);
    this.entryFee = new Float64Array(capacity);
    this.exitFee = new Float64Array(capacity);
    this.pnl = new Float64Array(capacity);
    this.ret = new Float64Array(capacity);
    this.exitReason = new Uint8Array(capacity);
    this.slLevel = new Float64Array(capacity);
    this.tpLevel = new Float64Array(capacity);
    this.funding = new Float64Array(capacity);
    this.liqPrice = new Float64Array(capacity);
  }
}

export function allocOrders(capacity: number): OrderRecords {
  return new OrderColumns(capacity);
}

export function allocTrades(capacity: number): TradeRecords {
  return new TradeColumns(capacity);
}

/** Everything one simulation produced. */
export interface SimulationResult {
  /** Portfolio value after each bar's fills, marked to that bar's close. */
  readonly equity: Float64Array;
  /** Cash after each bar's fills (negative units mean cash holds short-sale proceeds). */
  readonly cash: Float64Array;
  /** Signed units held after each bar's fills. */
  readonly position: Float64Array;
  readonly orders: OrderRecords;
  readonly trades: TradeRecords;
  /** Closed trades (`trades.count - openTrades`). */
  readonly closedTrades: number;
  /** 0 or 1: a position still open at the last bar. */
  readonly openTrades: number;
  /** Bars where SL and TP both lay inside the range; SL was taken (DESIGN.md §3). */
  readonly ambiguousStopBars: number;
  /** Entry signals that could not be filled (e.g. no cash, or on the last bar in next_open mode). */
  readonly skippedEntries: number;
  /** Limit/stop entry orders that expired unfilled (absent: a simulator without entry orders). */
  readonly expiredOrders?: number;
  /** Entries skipped because their size fell below the minimum size or notional. */
  readonly belowMinimum?: number;
  /** Perpetual-futures runs (docs/futures.md): absent on spot and unlevered swap runs without funding. */
  readonly futures?: FuturesRecords;
}

/** What a perpetual-futures run adds: per-bar cumulative funding and margin, liquidations, leverage. */
export interface FuturesRecords {
  /** The run's leverage (1 when only funding is on: the unlevered account). */
  readonly leverage: number;
  readonly funding: Float64Array;
  readonly marginUsed: Float64Array;
  readonly liquidations: number;
  readonly totalFunding: number;
  /** False when funding was off or had no data (the run had margin only). */
  readonly fundingData: boolean;
}
