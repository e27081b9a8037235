/**
 * Perpetual-futures steps of the fill loop (docs/futures.md, issue 11): isolated margin, the
 * liquidation check (before the stops) and funding payments. Every function is a no-op cost when
 * the run has no margin (`st.margin` false) or no funding input.
 */
import { closePosition, recordOrder, type SimState } from './fills.js';
import { EXIT_LIQUIDATION } from './records.js';

/** Default maintenance margin rate (Binance's lowest tier for BTCUSDT perpetuals). */
export const DEFAULT_MMR = 0.005;

/**
 * Isolated liquidation price before fees: long `entry·(1 − 1/L + mmr)`, short
 * `entry·(1 + 1/L − mmr)`, where the position's loss reaches its margin less the maintenance margin.
 * `invLev` is 1/L. A long at 1× with mmr 0 has level 0 (never liquidated).
 */
export function liquidationPrice(side: number, entry: number, invLev: number, mmr: number): number {
  return entry * (1 - side * (invLev - mmr));
}

/**
 * The liquidation level of a position of `u` units entered at `entry`: with maintenance tiers, the
 * tier of its entry notional `u·entry` gives the rate and the maintenance amount `cum`
 * (maintenance margin `u·entry·rate − cum`), so the level moves by `−side·cum/u`; else `st.mmr`.
 */
export function positionLiquidation(st: SimState, side: number, entry: number, u: number): number {
  const t = st.tiers;
  if (t === null) return liquidationPrice(side, entry, st.invLev, st.mmr);
  const notional = u * entry;
  let k = 0;
  while (k + 1 < t.floor.length && t.floor[k + 1] <= notional) k++;
  return liquidationPrice(side, entry, st.invLev, t.rate[k]) - (side * t.cum[k]) / u;
}

/** Margin held by the open position: `|units|·entry/L` (0 when flat or without margin). */
export function marginOf(st: SimState): number {
  if (!st.margin || st.side === 0) return 0;
  return Math.abs(st.units) * st.tr.entryPrice[st.trade] * st.invLev;
}

/**
 * Liquidation check of bar t (after its open's fills, before the stops): the bar's low (long) or
 * high (short) against the level. A gap through the level fills at the open (`gap` false on the
 * next_open entry bar, whose open is the entry). Returns true when the position was liquidated.
 */
export function checkLiquidation(st: SimState, bar: number, open: number, high: number, low: number, gap: boolean): boolean {
  const liq = st.liq;
  const side = st.side;
  if (side > 0 ? !(low <= liq) : !(high >= liq)) return false;
  const px = gap && (side > 0 ? open <= liq : open >= liq) ? open : liq;
  liquidate(st, bar, px);
  return true;
}

/** A gap through the level at bar t's open, checked before the open's queued order fills (next_open). */
export function gapLiquidation(st: SimState, bar: number, open: number): boolean {
  if (st.side > 0 ? !(open <= st.liq) : !(open >= st.liq)) return false;
  liquidate(st, bar, open);
  return true;
}

/**
 * Closes the position at `px` with the trading fee and the liquidation fee (`liqFee·units·px`).
 * Isolated margin: the trade never loses more than its margin besides the entry fee and funding,
 * so the liquidation fee is cut to what margin is left, and a gap loss beyond the margin is borne
 * by the exchange (the charge below turns into a credit).
 */
function liquidate(st: SimState, bar: number, px: number): void {
  const side = st.side;
  const k = st.trade;
  const tr = st.tr;
  const u = Math.abs(st.units);
  const entry = tr.entryPrice[k];
  const margin = u * entry * st.invLev;
  const tradeFee = st.spec.fees * u * px;
  // What the position's own margin still holds after the price move and the trading fee.
  const left = margin + side * u * (px - entry) - tradeFee;
  const fee = st.liqFee * u * px;
  const charge = left <= 0 ? left : fee < left ? fee : left;
  closePosition(st, bar, px, EXIT_LIQUIDATION);
  st.cash -= charge;
  tr.exitFee[k] += charge;
  tr.pnl[k] -= charge;
  tr.ret[k] = tr.pnl[k] / (tr.units[k] * entry);
  st.liquidations++;
  st.liq = NaN;
  recordOrder(st, bar, -side, px, u, st.lastFee + charge);
}

/**
 * Funding at bar t's open on the position carried into it: `payment = units·mark·rate` paid
 * (long pays a positive rate, short receives it), mark = the bar's open.
 */
export function payFunding(st: SimState, rate: number, mark: number): void {
  const paid = st.units * mark * rate;
  st.cash -= paid;
  st.fundTotal += paid;
  st.tr.funding[st.trade] += paid;
}
