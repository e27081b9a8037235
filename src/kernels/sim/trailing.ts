/**
 * Trailing stop of the open position (docs/semantics.md "Trailing stop"): a distance (price units,
 * e.g. an ATR multiple read at the signal bar) or a fraction of the best price since entry, below
 * the highest high (long) / above the lowest low (short), ratcheting only, optionally armed only
 * once the best price has moved `trailActivation` beyond the entry reference. The level is folded
 * into `st.sl` (the tighter of the fixed stop-loss and the trailing level), so the stop check in
 * stops.ts needs nothing extra; the level used on bar t comes from bars before t.
 */
import type { SimState } from './fills.js';

/** Arms the trailing stop of a position just opened at reference price `ref` (signal bar `sigBar`). */
export function trailStart(st: SimState, sigBar: number, ref: number): void {
  const dist = st.trailDist;
  let d = dist !== null ? dist[sigBar] : NaN;
  if (!(d > 0 && d < Infinity)) d = 0;
  const pct = d > 0 ? 0 : st.trailFraction;
  st.trailing = d > 0 || pct > 0;
  if (!st.trailing) return;
  st.trailD = d;
  st.trailPct = pct;
  st.trailAct = ref * (1 + st.side * st.trailActivation);
  st.extreme = ref;
  ratchet(st);
}

/**
 * Folds bar t's range into the best price (when t counts: see `SimState.trailFrom`) and ratchets
 * the level for the bars after t. Call after bar t's stop check, with the position still open.
 */
export function trailUpdate(st: SimState, t: number, high: number, low: number): void {
  if (t < st.trailFrom) return;
  if (st.side > 0) {
    if (high > st.extreme) st.extreme = high;
  } else if (low < st.extreme) st.extreme = low;
  ratchet(st);
}

function ratchet(st: SimState): void {
  const x = st.extreme;
  const side = st.side;
  // Not armed until the best price reaches the activation price (the entry reference when 0).
  if (side > 0 ? !(x >= st.trailAct) : !(x <= st.trailAct)) return;
  const level = x - side * (st.trailD + x * st.trailPct);
  const sl = st.sl;
  // Only tighter: up for a long, down for a short (NaN = no stop yet).
  if (sl !== sl || (side > 0 ? level > sl : level < sl)) st.sl = level;
}
