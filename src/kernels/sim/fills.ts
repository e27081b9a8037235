/**
 * Fill arithmetic of the fill loop (DESIGN.md §3): sizing, cash, trade and order rows. Each
 * function mutates the run's `SimState`; none allocates.
 */
import type { OrderRecords, TradeRecords } from './records.js';
import { EXEC_NEXT_OPEN, type MaintenanceTiers, type SimInputs, type SimSpec } from './sim-spec.js';
import { entryUnits, SIZE_ALL_IN } from './sizing.js';
import { trailStart } from './trailing.js';
import { DEFAULT_MMR, positionLiquidation } from './margin.js';

/** Mutable state of one run, with the run's spec and outputs. Created once per run, never shared. */
export interface SimState {
  readonly spec: SimSpec;
  readonly tr: TradeRecords;
  readonly orderRecs: OrderRecords | null;
  readonly slDist: Float64Array | null;
  readonly tpDist: Float64Array | null;
  /** `inp.slScale`, `inp.tpScale` (absent = 1): the distances read are `slDist[t] * slScale`. */
  readonly slScale: number;
  readonly tpScale: number;
  readonly trailDist: Float64Array | null;
  /** `spec.trailFraction`, `spec.trailActivation`, `spec.maxBarsInTrade` with absent = 0. */
  readonly trailFraction: number;
  readonly trailActivation: number;
  readonly maxBars: number;
  /** Sizing (sizing.ts): type code, run size, per-signal sizes, granularity and minimums (0 = none). */
  readonly sizeType: number;
  readonly size: number;
  readonly sizes: Float64Array | null;
  readonly granularity: number;
  readonly minSize: number;
  readonly minNotional: number;
  /** Entries skipped because their size fell below the minimums. */
  belowMin: number;
  /** Per-bar exit fractions (partial exits), null = every exit closes the position. */
  readonly exitFrac: Float64Array | null;
  /** Partial exits of the open trade so far: units, value (units·price) and fees. */
  xUnits: number;
  xValue: number;
  xFee: number;
  /** Fee of the last exit fill (for its order row). */
  lastFee: number;
  /** Pyramiding: entries allowed per position (≤ 1 = off) and entries of the open one. */
  readonly maxEntries: number;
  entries: number;
  cash: number;
  /** Signed units: > 0 long, < 0 short. */
  units: number;
  /** -1 short, 0 flat, +1 long. */
  side: number;
  /** Row of the open trade, -1 when flat. */
  trade: number;
  /** Active stop levels; NaN = none. `sl` is the tighter of the fixed stop-loss and the trailing level. */
  sl: number;
  tp: number;
  /** The fixed stop-loss level set at entry (`sl` differs once a trailing level is tighter). */
  slFixed: number;
  /** Bar the current position was filled on. */
  entryBar: number;
  /** First bar whose stops are live (close mode: entry bar + 1; next_open: the entry bar). */
  stopFrom: number;
  /** Bar at whose close the time stop fires (Infinity = none). */
  timeBar: number;
  /** Trailing stop of the position (docs/semantics.md "Trailing stop"): on, distance, fraction, activation price. */
  trailing: boolean;
  trailD: number;
  trailPct: number;
  trailAct: number;
  /** Best price since entry (highest high long, lowest low short), over bars from `trailFrom`. */
  extreme: number;
  trailFrom: number;
  /** Limit/stop entry order waiting to fill: side (0 none), level, signal bar, valid bars [from, until]. */
  ordSide: number;
  ordLevel: number;
  ordSig: number;
  ordFrom: number;
  ordUntil: number;
  expired: number;
  /** Reason code of the stop found by `stopExitPrice`. */
  stopReason: number;
  ambiguous: number;
  skipped: number;
  orders: number;
  /** Perpetual futures (margin.ts): isolated margin on, 1/leverage (1 without margin), maintenance and liquidation fee rates. */
  readonly margin: boolean;
  readonly invLev: number;
  readonly mmr: number;
  readonly liqFee: number;
  /** The exchange's maintenance tiers (null: the one rate `mmr`). */
  readonly tiers: MaintenanceTiers | null;
  /** Liquidation price of the open position (NaN: none), positions liquidated, funding paid in total. */
  liq: number;
  liquidations: number;
  fundTotal: number;
}

export function newState(spec: SimSpec, tr: TradeRecords, orderRecs: OrderRecords | null, inp: SimInputs): SimState {
  return {
    spec, tr, orderRecs, slDist: inp.slDistance, tpDist: inp.tpDistance, slScale: inp.slScale ?? 1, tpScale: inp.tpScale ?? 1, trailDist: inp.trailDistance ?? null,
    trailFraction: positive(spec.trailFraction), trailActivation: positive(spec.trailActivation), maxBars: positive(spec.maxBarsInTrade),
    sizeType: spec.sizeType ?? SIZE_ALL_IN, size: positive(spec.size), sizes: inp.size ?? null,
    granularity: positive(spec.sizeGranularity), minSize: positive(spec.minSize), minNotional: positive(spec.minNotional), belowMin: 0,
    exitFrac: inp.exitFraction ?? null, xUnits: 0, xValue: 0, xFee: 0, lastFee: 0,
    maxEntries: spec.maxEntries !== undefined && spec.maxEntries > 1 ? Math.floor(spec.maxEntries) : 1, entries: 0,
    cash: spec.initCash, units: 0, side: 0, trade: -1, sl: NaN, tp: NaN, slFixed: NaN, entryBar: -1, stopFrom: 0, timeBar: Infinity,
    trailing: false, trailD: 0, trailPct: 0, trailAct: NaN, extreme: NaN, trailFrom: 0,
    ordSide: 0, ordLevel: NaN, ordSig: -1, ordFrom: 0, ordUntil: -1, expired: 0,
    stopReason: 0, ambiguous: 0, skipped: 0, orders: 0,
    margin: spec.leverage !== undefined, invLev: spec.leverage !== undefined && spec.leverage >= 1 ? 1 / spec.leverage : 1,
    mmr: spec.maintenanceMarginRate ?? DEFAULT_MMR, liqFee: positive(spec.liquidationFee), tiers: spec.maintenanceTiers ?? null,
    liq: NaN, liquidations: 0, fundTotal: 0,
  };
}

const positive = (x: number | undefined): number => (x !== undefined && x > 0 && x < Infinity ? x : 0);

/**
 * A stop distance in price units: the distance array's value at the signal bar times `scale` when
 * that is a positive number, else `fraction*ref` when the fraction is positive, else NaN (no stop).
 * (`x * 1` is `x` bit for bit, so a scale of 1 reads the array as it is.)
 */
export function stopDistance(dist: Float64Array | null, scale: number, fraction: number, sigBar: number, ref: number): number {
  if (dist !== null) {
    const d = dist[sigBar] * scale;
    if (d > 0 && d < Infinity) return d;
  }
  return fraction > 0 ? fraction * ref : NaN;
}

/**
 * Opens a position of `side` (+1/-1) at fill price `price` on `bar` when flat. Stop distances are
 * read at `sigBar` and levels set from `ref` (before slippage). Sizing by `entryUnits` (all-in
 * `cash*maxPositionSize/(price*(1+fees))` by default). Returns the units bought/sold (> 0), or 0
 * when the entry was skipped (no positive size: counted in `skipped`; below the minimums: `belowMin`).
 */
export function openPosition(st: SimState, bar: number, side: number, price: number, ref: number, sigBar: number): number {
  const dSl = stopDistance(st.slDist, st.slScale, st.spec.slFraction, sigBar, ref);
  const u = entryUnits(st, price, ref, dSl, sigBar);
  if (u <= 0) {
    if (u === 0) st.skipped++;
    return 0;
  }
  openUnits(st, bar, side, price, ref, sigBar, u);
  return u;
}

/**
 * Opens `u` (> 0) units of `side` at fill price `price` on `bar` when flat, sized by the caller
 * (`openPosition`'s sizing, or the portfolio's stakes): cash pays `side*u*price + fees*u*price`;
 * stop levels from `ref` with distances read at `sigBar`; the trade row starts.
 */
export function openUnits(st: SimState, bar: number, side: number, price: number, ref: number, sigBar: number, u: number): void {
  const spec = st.spec;
  const tr = st.tr;
  const dSl = stopDistance(st.slDist, st.slScale, spec.slFraction, sigBar, ref);
  const dTp = stopDistance(st.tpDist, st.tpScale, spec.tpFraction, sigBar, ref);
  const fee = spec.fees * u * price;
  st.cash = st.cash - side * u * price - fee;
  st.units = side * u;
  st.side = side;
  st.entryBar = bar;
  st.sl = st.slFixed = dSl > 0 ? ref - side * dSl : NaN;
  st.tp = dTp > 0 ? ref + side * dTp : NaN;
  // Market entries: close mode fills at the close (stops live and range counted from the next bar,
  // held 0 bars at this close); next_open fills at the open (all from this bar, held 1 bar at its close).
  // Limit/stop fills override these (entries.ts).
  const atOpen = spec.execution === EXEC_NEXT_OPEN;
  st.stopFrom = st.trailFrom = atOpen ? bar : bar + 1;
  st.timeBar = st.maxBars > 0 ? bar - (atOpen ? 1 : 0) + st.maxBars : Infinity;
  trailStart(st, sigBar, ref);
  st.entries = 1;
  const k = tr.count++;
  st.trade = k;
  tr.entryIndex[k] = bar;
  tr.side[k] = side;
  tr.units[k] = u;
  tr.entryPrice[k] = price;
  tr.entryFee[k] = fee;
  tr.slLevel[k] = st.sl;
  tr.tpLevel[k] = st.tp;
  tr.funding[k] = 0;
  tr.liqPrice[k] = st.liq = st.margin ? positionLiquidation(st, side, price, u) : NaN;
}

/**
 * Pyramiding: adds to the open position at `price` (reference `ref`, sizes from `sigBar`) while it
 * has fewer than `maxEntries` entries. The trade row keeps one position: units summed, entry price
 * the units-weighted mean, entry fees summed; stop levels, trailing stop and time stop stay those of
 * the first entry. Returns the units added (0: at the limit, or no positive size).
 */
export function addToPosition(st: SimState, bar: number, price: number, ref: number, sigBar: number): number {
  if (st.entries >= st.maxEntries) return 0;
  const u = entryUnits(st, price, ref, stopDistance(st.slDist, st.slScale, st.spec.slFraction, sigBar, ref), sigBar);
  if (u <= 0) {
    if (u === 0) st.skipped++;
    return 0;
  }
  const side = st.side;
  const fee = st.spec.fees * u * price;
  st.cash -= side * u * price + fee;
  st.units += side * u;
  st.entries++;
  const tr = st.tr;
  const k = st.trade;
  const total = tr.units[k] + u;
  tr.entryPrice[k] = (tr.entryPrice[k] * tr.units[k] + price * u) / total;
  tr.units[k] = total;
  tr.entryFee[k] += fee;
  if (st.margin) tr.liqPrice[k] = st.liq = positionLiquidation(st, side, tr.entryPrice[k], total);
  st.lastFee = fee;
  return u;
}

/**
 * Closes the open position at fill price `price` on `bar` and completes its trade row:
 * `pnl = side*units*(exit - entry) - entryFee - exitFee`, `ret = pnl/(units*entry)`, where after
 * partial exits `exit` is the units-weighted mean exit price and `exitFee` the sum of exit fees.
 * Returns the units closed (> 0); this fill's fee is in `st.lastFee`.
 */
export function closePosition(st: SimState, bar: number, price: number, reason: number): number {
  const side = st.side;
  const u = side * st.units;
  const fee = st.spec.fees * u * price;
  st.cash += side * u * price - fee;
  st.lastFee = fee;
  markTrade(st, bar, price, fee, reason, u);
  st.units = 0;
  st.side = 0;
  st.trade = -1;
  st.sl = st.slFixed = NaN;
  st.tp = NaN;
  st.timeBar = Infinity;
  st.trailing = false;
  return u;
}

/**
 * Completes the open trade's row with its remaining `u` units leaving at `price` (fee `fee`),
 * folding in its partial exits. Also marks a trade still open at the end (fee 0, `EXIT_END_OPEN`).
 */
export function markTrade(st: SimState, bar: number, price: number, fee: number, reason: number, u: number): void {
  const tr = st.tr;
  const k = st.trade;
  if (st.xUnits === 0) finishTrade(tr, k, bar, price, fee, reason);
  else finishTrade(tr, k, bar, (st.xValue + u * price) / tr.units[k], st.xFee + fee, reason);
  st.xUnits = st.xValue = st.xFee = 0;
}

/**
 * Sells (long) / buys back (short) `frac` of the open units at `price`, rounded down to the size
 * granularity; a fraction that leaves nothing closes the position (`reason`). Returns the units
 * (0 when the rounded part is empty); the fee is in `st.lastFee`.
 */
export function reducePosition(st: SimState, bar: number, price: number, frac: number, reason: number): number {
  const side = st.side;
  const held = side * st.units;
  let u = held * frac;
  const g = st.granularity;
  if (g > 0) u = Math.floor(u / g) * g;
  if (!(u > 0)) return 0;
  if (u >= held) return closePosition(st, bar, price, reason);
  const fee = st.spec.fees * u * price;
  st.cash += side * u * price - fee;
  st.units -= side * u;
  st.xUnits += u;
  st.xValue += u * price;
  st.xFee += fee;
  st.lastFee = fee;
  return u;
}

/** Completes trade row `k` with its exit (also used to mark an open trade at the last close). */
export function finishTrade(tr: TradeRecords, k: number, bar: number, price: number, fee: number, reason: number): void {
  const u = tr.units[k];
  const entry = tr.entryPrice[k];
  const pnl = tr.side[k] * u * (price - entry) - tr.entryFee[k] - fee - tr.funding[k];
  tr.exitIndex[k] = bar;
  tr.exitPrice[k] = price;
  tr.exitFee[k] = fee;
  tr.pnl[k] = pnl;
  tr.ret[k] = pnl / (u * entry);
  tr.exitReason[k] = reason;
}

/** Appends one fill (`side` +1 buy / -1 sell, positive units) when order records are kept. */
export function recordOrder(st: SimState, bar: number, side: number, price: number, units: number, fee: number): void {
  st.orders++;
  const orders = st.orderRecs;
  if (orders === null) return;
  const k = orders.count++;
  orders.barIndex[k] = bar;
  orders.side[k] = side;
  orders.price[k] = price;
  orders.units[k] = units;
  orders.fee[k] = fee;
}
