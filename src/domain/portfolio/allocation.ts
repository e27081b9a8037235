/**
 * Target-weight allocation, the portfolio's second style (docs/semantics.md "Target weights"):
 * weights per symbol, rebalanced on a calendar schedule and/or when a weight drifts past a band,
 * optionally gated by the strategy's long/flat state per symbol.
 */
import { rebalanceLoop } from '../../kernels/sim/rebalance-loop.js';
import { allocOrders, allocTrades } from '../../kernels/sim/records.js';
import type { PortfolioLeg, PortfolioSimulation } from './simulate-portfolio.js';
import type { PortfolioSpec } from './spec.js';
import { alignColumn, positionsIn, unionTimes } from './union-index.js';

export interface Allocation {
  /** Target weight per symbol, each in [0, 1], summing to 1 (symbols not named: 0). */
  readonly weights: Readonly<Record<string, number>>;
  /** Rebalance at the first bar of every period of this length (ms, weeks start Monday 00:00 UTC); null: only at the start. */
  readonly rebalanceMs: number | null;
  /** Also rebalance when a weight is more than this away from its target; 0: off. */
  readonly band: number;
  /** Hold a symbol only while the strategy is long it (entry → exit); its weight is cash otherwise. */
  readonly gated: boolean;
}

const WEEK = 7 * 86_400_000;
/** 1970-01-05, the first Monday after the epoch. */
const MONDAY = 4 * 86_400_000;

/** Index of the calendar period holding `time`. */
export function periodIndex(time: number, ms: number): number {
  return ms % WEEK === 0 ? Math.floor((time - MONDAY) / ms) : Math.floor(time / ms);
}

/** Long/flat state per bar of one symbol on the union index from its entries and exits (stops ignored). */
function gateState(le: Uint8Array, lx: Uint8Array, close: Float64Array): Uint8Array {
  const s = new Uint8Array(close.length);
  let on = 0;
  for (let t = 0; t < close.length; t++) {
    if (close[t] === close[t]) {
      if (le[t] && !lx[t]) on = 1;
      else if (lx[t] && !le[t]) on = 0;
    }
    s[t] = on;
  }
  return s;
}

/** Simulates the allocation over the legs' union index (spot: long only). */
export function simulateAllocation(legs: readonly PortfolioLeg[], spec: PortfolioSpec, alloc: Allocation): PortfolioSimulation {
  const time = unionTimes(legs.map((l) => l.time));
  const n = time.length;
  const m = legs.length;
  const positions = legs.map((l) => positionsIn(time, l.time));
  const cols = legs.map((l, i) => alignColumn(l.prices, l.signals, positions[i], n, false));
  const nextOpen = spec.execution === 'next_open';
  // In next_open mode the decision uses the state through the previous bar and fills at this open.
  const lag = nextOpen ? 1 : 0;
  const scheduled = new Uint8Array(n);
  if (n > 0) scheduled[0] = 1;
  if (alloc.rebalanceMs !== null) {
    for (let t = 1; t < n; t++) if (periodIndex(time[t], alloc.rebalanceMs) !== periodIndex(time[t - 1], alloc.rebalanceMs)) scheduled[t] = 1;
  }
  const target = cols.map((c, i) => {
    const w = alloc.weights[legs[i].symbol] ?? 0;
    const out = new Float64Array(n).fill(w);
    if (!alloc.gated) return out;
    const g = gateState(c.longEntries, c.longExits, c.close);
    for (let t = 0; t < n; t++) {
      const on = t - lag >= 0 ? g[t - lag] : 0;
      out[t] = on ? w : 0;
      const before = t - lag - 1 >= 0 ? g[t - lag - 1] : 0;
      if (t - lag >= 0 && on !== before) scheduled[t] = 1;
    }
    return out;
  });
  const values = legs.map(() => new Float64Array(n));
  const units = legs.map(() => new Float64Array(n));
  const cap = Math.max(1, m * n);
  const out = {
    equity: new Float64Array(n), cash: new Float64Array(n), values, units, orders: allocOrders(cap), orderColumn: new Int32Array(cap),
    openPositions: new Int32Array(n),
  };
  rebalanceLoop({ price: cols.map((c) => (nextOpen ? c.open : c.close)), close: cols.map((c) => c.close), target, scheduled },
    { initCash: spec.initCash, fees: spec.fees, slippage: spec.slippage, band: alloc.band, minOrder: spec.initCash * 1e-9 }, out);
  const lastClose = cols.map((c) => {
    const a = new Float64Array(n);
    let p = NaN;
    for (let t = 0; t < n; t++) { if (c.close[t] === c.close[t]) p = c.close[t]; a[t] = p; }
    return a;
  });
  return {
    symbols: legs.map((l) => l.symbol), time, equity: out.equity, cash: out.cash, values, units, lastClose,
    orders: out.orders, orderSymbol: out.orderColumn, trades: allocTrades(0), tradeSymbol: new Int32Array(0), openPositions: out.openPositions,
    skipped: new Int32Array(m), ambiguousStopBars: new Int32Array(m), closedTrades: 0, openTrades: 0, positions,
  };
}
