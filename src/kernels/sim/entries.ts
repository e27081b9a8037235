/**
 * Limit and stop entry orders (docs/semantics.md "Limit and stop entries"). An entry signal whose
 * bar has a finite `entryLevel` places an order at that level instead of a market entry: a limit
 * buys at or below it (sells at or above), a stop buys at or above it (sells at or below). The
 * order is live on the `entryExpiryBars` bars after its signal bar; on each it fills when the bar
 * touches the level, at the level, or at the open when the bar gaps through it (the better price
 * for a limit, the worse for a stop). An order still unfilled after its last bar expires (counted).
 */
import { openPosition, recordOrder, type SimState } from './fills.js';
import { ENTRY_LIMIT } from './sim-spec.js';
import { stopExitPrice, stopOut } from './stops.js';

/** `workEntryOrder` outcomes: still waiting (or expired), filled, filled and stopped out on the fill bar. */
export const ORDER_WAITING = 0;
export const ORDER_FILLED = 1;
export const ORDER_STOPPED = 2;

/** Places (or replaces) the pending order: `side` at `level`, signal bar t, live on bars t+1 .. t+expiry. */
export function placeEntryOrder(st: SimState, side: number, level: number, t: number): void {
  const e = st.spec.entryExpiryBars;
  st.ordSide = side;
  st.ordLevel = level;
  st.ordSig = t;
  st.ordFrom = t + 1;
  st.ordUntil = t + (e !== undefined && e >= 1 ? Math.floor(e) : 1);
}

/** Whether an order of `side` at `level` would fill at once at price `p` (limit: p at or better than level). */
export function marketable(st: SimState, side: number, level: number, p: number): boolean {
  const limit = st.spec.entryType === ENTRY_LIMIT;
  // Long limit / short stop fill at or below the level; long stop / short limit at or above it.
  return (side > 0) === limit ? p <= level : p >= level;
}

/**
 * Works the pending order on bar t (flat, t within its live bars): fills it on a gap at the open
 * or a touch of the level, then checks the fill bar's range against the stop-loss only (the worst
 * case: the adverse move is assumed to follow the fill; take-profit and the open-gap check start
 * on the next bar, as do the trailing stop's best price and stops in general). Expires the order
 * after its last live bar. Returns an `ORDER_*` outcome.
 */
export function workEntryOrder(st: SimState, t: number, open: number, high: number, low: number): number {
  if (t < st.ordFrom) return ORDER_WAITING;
  const side = st.ordSide;
  const level = st.ordLevel;
  let ref = NaN;
  if (marketable(st, side, level, open)) ref = open;
  else if (marketable(st, side, level, low) || marketable(st, side, level, high)) ref = level;
  if (ref !== ref) {
    if (t >= st.ordUntil) {
      st.ordSide = 0;
      st.expired++;
    }
    return ORDER_WAITING;
  }
  st.ordSide = 0;
  const spec = st.spec;
  const slip = spec.entryType === ENTRY_LIMIT || !spec.stopSlippage ? 0 : spec.slippage;
  const price = ref * (1 + side * slip);
  const u = openPosition(st, t, side, price, ref, st.ordSig);
  if (u === 0) return ORDER_FILLED;
  recordOrder(st, t, side, price, u, st.tr.entryFee[st.trade]);
  st.stopFrom = st.trailFrom = t + 1;
  st.timeBar = st.maxBars > 0 ? t - 1 + st.maxBars : Infinity;
  const tp = st.tp;
  st.tp = NaN;
  const px = stopExitPrice(st, open, high, low, false);
  if (px !== px) {
    st.tp = tp;
    return ORDER_FILLED;
  }
  stopOut(st, t, px);
  return ORDER_STOPPED;
}
