/**
 * Opening a position of a given size: the trade-row part of `openPosition` (fills.ts) without
 * its all-in sizing, for callers that size entries themselves (the portfolio's stakes).
 */
import { stopDistance, type SimState } from './fills.js';

/**
 * Opens `u` (> 0) units of `side` at fill price `price` on `bar` when flat; stop levels from `ref`
 * with distances read at `sigBar`, exactly as `openPosition` sets them. Cash pays
 * `side*u*price + fees*u*price`.
 */
export function openWithUnits(st: SimState, bar: number, side: number, price: number, ref: number, sigBar: number, u: number): void {
  const spec = st.spec;
  const tr = st.tr;
  const dSl = stopDistance(st.slDist, spec.slFraction, sigBar, ref);
  const dTp = stopDistance(st.tpDist, spec.tpFraction, sigBar, ref);
  const fee = spec.fees * u * price;
  st.cash = st.cash - side * u * price - fee;
  st.units = side * u;
  st.side = side;
  st.entryBar = bar;
  st.sl = dSl > 0 ? ref - side * dSl : NaN;
  st.tp = dTp > 0 ? ref + side * dTp : NaN;
  const k = tr.count++;
  st.trade = k;
  tr.entryIndex[k] = bar;
  tr.side[k] = side;
  tr.units[k] = u;
  tr.entryPrice[k] = price;
  tr.entryFee[k] = fee;
  tr.slLevel[k] = st.sl;
  tr.tpLevel[k] = st.tp;
}
