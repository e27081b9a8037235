/**
 * Entry sizing (docs/semantics.md "Sizing"): the size type of the run (or the strategy's per-signal
 * size), capped by the all-in size of the uncommitted equity, then rounded down to the size
 * granularity and checked against the exchange minimums.
 */
import type { SimState } from './fills.js';

/** `SimSpec.sizeType` codes. */
export const SIZE_ALL_IN = 0;
/** `size` = fraction of equity committed (before fees). */
export const SIZE_PERCENT = 1;
/** `size` = quote amount: units = size / reference price. */
export const SIZE_VALUE = 2;
/** `size` = units. */
export const SIZE_AMOUNT = 3;
/** `size` = fraction of equity lost if the stop-loss is hit: units = equity·size / stop distance. */
export const SIZE_RISK = 4;

/**
 * Units for an entry at fill `price` (reference `ref` before slippage, stop-loss distance `dSl`,
 * NaN = none, signal bar `sigBar`). Returns 0 when no positive size exists, and -1 (counted in
 * `st.belowMin`) when the rounded size is under `minSize` or its notional under `minNotional`.
 */
export function entryUnits(st: SimState, price: number, ref: number, dSl: number, sigBar: number): number {
  const spec = st.spec;
  // Flat: cash = equity. Adding to a position (pyramiding): equity = cash + units·ref, and only the
  // part of it not yet committed (cash for a long, cash − 2·|units|·ref for a short) can be spent.
  let cash = st.cash;
  let free = cash;
  if (st.units !== 0) {
    cash += st.units * ref;
    free = cash - Math.abs(st.units) * ref * st.invLev;
  }
  // With margin (invLev = 1/leverage < 1) the cash pays the margin `units·price/L` plus the fee.
  const per = st.invLev === 1 ? 1 + spec.fees : st.invLev + spec.fees;
  let u = (free * spec.maxPositionSize) / (price * per);
  const type = st.sizeType;
  if (type !== SIZE_ALL_IN) {
    let s = st.sizes !== null ? st.sizes[sigBar] : NaN;
    if (!(s > 0 && s < Infinity)) s = st.size;
    let want = u;
    if (type === SIZE_PERCENT) want = (cash * s) / (price * per);
    else if (type === SIZE_VALUE) want = s / ref;
    else if (type === SIZE_AMOUNT) want = s;
    else if (dSl > 0) want = (cash * s) / dSl;
    if (want < u) u = want;
  }
  if (spec.riskPerTrade > 0 && dSl > 0) {
    const r = (cash * spec.riskPerTrade) / dSl;
    if (r < u) u = r;
  }
  if (!(u > 0 && u < Infinity)) return 0;
  return limitedUnits(st, u, price);
}

/**
 * `u` (> 0) unchanged without limits, else rounded down to the size granularity, or -1 (counted in `belowMin`) when below the
 * minimum size or notional (docs/semantics.md "Whole units and exchange limits").
 */
export function limitedUnits(st: SimState, u: number, price: number): number {
  if (!(st.granularity > 0 || st.minSize > 0 || st.minNotional > 0)) return u;
  const g = st.granularity;
  if (g > 0) u = Math.floor(u / g) * g;
  if (u < st.minSize || u * price < st.minNotional || !(u > 0)) {
    st.belowMin++;
    return -1;
  }
  return u;
}
