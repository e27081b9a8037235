import { allocOrders, allocTrades, type OrderRecords, type TradeRecords } from './records.js';
import type { SimBuffers } from './sim-spec.js';
import { allocSteps, type SimSteps } from './steps.js';

/** What to record besides equity and trades. */
export interface SimBufferOptions {
  readonly cash?: boolean;
  readonly position?: boolean;
  readonly orders?: boolean;
  /** Trade capacity (default n); orders get twice this. A run reports SIM_CAPACITY if it is short. */
  readonly tradeCapacity?: number;
  /** Order capacity (default twice the trade capacity; runs with partial exits need n more). */
  readonly orderCapacity?: number;
  /** Perpetual-futures columns: cumulative funding and margin used per bar (default false). */
  readonly futures?: boolean;
  /** Cash and units as steps (steps.ts) with this many rows; absent or 0 = none. */
  readonly steps?: number;
}

/**
 * Every `SimBuffers` made here has this one shape, each field assigned in one order (null = not
 * recorded), so the optimizer's buffers and a backtest's share one V8 map with exact field types
 * and the fill loop's optimized code serves both (see the classes in records.ts for why not a literal).
 */
class SimBufferSet implements SimBuffers {
  declare readonly equity: Float64Array;
  declare readonly cash: Float64Array | null;
  declare readonly position: Float64Array | null;
  declare readonly trades: TradeRecords;
  declare readonly orders: OrderRecords | null;
  declare readonly funding: Float64Array | null;
  declare readonly marginUsed: Float64Array | null;
  declare readonly steps: SimSteps | null;
  constructor(n: number, opts: SimBufferOptions) {
    const tradeCap = Math.min(n, opts.tradeCapacity ?? n);
    this.equity = new Float64Array(n);
    this.cash = opts.cash === false ? null : new Float64Array(n);
    this.position = opts.position === false ? null : new Float64Array(n);
    this.trades = allocTrades(tradeCap);
    this.orders = opts.orders === false ? null : allocOrders(opts.orderCapacity ?? 2 * tradeCap);
    this.funding = opts.futures === true ? new Float64Array(n) : null;
    this.marginUsed = opts.futures === true ? new Float64Array(n) : null;
    this.steps = opts.steps !== undefined && opts.steps > 0 ? allocSteps(opts.steps) : null;
  }
}

/**
 * Buffers for runs over `n` bars (capacity n trades and 2n orders, enough for any run). Reuse
 * them across runs over the same bars; copy out whatever must outlive the next run.
 */
export function allocSimBuffers(n: number, opts: SimBufferOptions = {}): SimBuffers {
  return new SimBufferSet(n, opts);
}
