import { allocOrders, allocTrades } from './records.js';
import type { SimBuffers } from './sim-spec.js';

/** What to record besides equity and trades. */
export interface SimBufferOptions {
  readonly cash?: boolean;
  readonly position?: boolean;
  readonly orders?: boolean;
  /** Trade capacity (default n); orders get twice this. A run reports SIM_CAPACITY if it is short. */
  readonly tradeCapacity?: number;
  /** Order capacity (default twice the trade capacity; runs with partial exits need n more). */
  readonly orderCapacity?: number;
}

/**
 * Buffers for runs over `n` bars (capacity n trades and 2n orders, enough for any run). Reuse
 * them across runs over the same bars; copy out whatever must outlive the next run.
 */
export function allocSimBuffers(n: number, opts: SimBufferOptions = {}): SimBuffers {
  return {
    equity: new Float64Array(n),
    cash: opts.cash === false ? null : new Float64Array(n),
    position: opts.position === false ? null : new Float64Array(n),
    trades: allocTrades(Math.min(n, opts.tradeCapacity ?? n)),
    orders: opts.orders === false ? null : allocOrders(opts.orderCapacity ?? 2 * Math.min(n, opts.tradeCapacity ?? n)),
  };
}
