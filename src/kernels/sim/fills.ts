/**
 * Fill arithmetic of the fill loop (DESIGN.md §3): sizing, cash, trade and order rows. Each
 * function mutates the run's `SimState`; none allocates.
 */
import type { OrderRecords, TradeRecords } from './records.js';
import { EXEC_NEXT_OPEN, type MaintenanceTiers, type SimInputs, type SimSpec } from './sim-spec.js';
import { entryUnits, SIZE_ALL_IN } from './sizing.js';
import { trailStart } from './trailing.js';
import { DEFAULT_MMR, positionLiquidation } from './margin.js';

/**
 * Mutable state of one run, with the run's spec and outputs. Created once per run, never shared.
 * A class whose constructor assigns every field in one order (fields `declare`d: no class-field
 * definition sets them to undefined first), so every run's state has one V8 shape with exact field
 * representations and the fill loop's optimized code serves the search and a backtest alike.
 */
export class SimState {
  declare readonly spec: SimSpec;
  declare readonly tr: TradeRecords;
  declare readonly orderRecs: OrderRecords | null;
  declare readonly slDist: Float64Array | null;
  declare readonly tpDist: Float64Array | null;
  /** `inp.slScale`, `inp.tpScale` (absent = 1): the distances read are `slDist[t] * slScale`. */
  declare readonly slScale: number;
  declare readonly tpScale: number;
  declare readonly trailDist: Float64Array | null;
  /** `spec.trailFraction`, `spec.trailActivation`, `spec.maxBarsInTrade` with absent = 0. */
  declare readonly trailFraction: number;
  declare readonly trailActivation: number;
  declare readonly maxBars: number;
  /** Sizing (sizing.ts): type code, run size, per-signal sizes, granularity and minimums (0 = none). */
  declare readonly sizeType: number;
  declare readonly size: number;
  declare readonly sizes: Float64Array | null;
  declare readonly granularity: number;
  declare readonly minSize: number;
  declare readonly minNotional: number;
  /** Entries skipped because their size fell below the minimums. */
  declare belowMin: number;
  /** Per-bar exit fractions (partial exits), null = every exit closes the position. */
  declare readonly exitFrac: Float64Array | null;
  /** Partial exits of the open trade so far: units, value (units·price) and fees. */
  declare xUnits: number;
  declare xValue: number;
  declare xFee: number;
  /** Fee of the last exit fill (for its order row). */
  declare lastFee: number;
  /** Pyramiding: entries allowed per position (≤ 1 = off) and entries of the open one. */
  declare readonly maxEntries: number;
  declare entries: number;
  declare cash: number;
  /** Signed units: > 0 long, < 0 short. */
  declare units: number;
  /** -1 short, 0 flat, +1 long. */
  declare side: number;
  /** Row of the open trade, -1 when flat. */
  declare trade: number;
  /** Active stop levels; NaN = none. `sl` is the tighter of the fixed stop-loss and the trailing level. */
  declare sl: number;
  declare tp: number;
  /** The fixed stop-loss level set at entry (`sl` differs once a trailing level is tighter). */
  declare slFixed: number;
  /** Bar the current position was filled on. */
  declare entryBar: number;
  /** First bar whose stops are live (close mode: entry bar + 1; next_open: the entry bar). */
  declare stopFrom: number;
  /** Bar at whose close the time stop fires (Infinity = none). */
  declare timeBar: number;
  /** Trailing stop of the position (docs/semantics.md "Trailing stop"): on, distance, fraction, activation price. */
  declare trailing: boolean;
  declare trailD: number;
  declare trailPct: number;
  declare trailAct: number;
  /** Best price since entry (highest high long, lowest low short), over bars from `trailFrom`. */
  declare extreme: number;
  declare trailFrom: number;
  /** Limit/stop entry order waiting to fill: side (0 none), level, signal bar, valid bars [from, until]. */
  declare ordSide: number;
  declare ordLevel: number;
  declare ordSig: number;
  declare ordFrom: number;
  declare ordUntil: number;
  declare expired: number;
  /** Reason code of the stop found by `stopExitPrice`. */
  declare stopReason: number;
  declare ambiguous: number;
  declare skipped: number;
  declare orders: number;
  /** Perpetual futures (margin.ts): isolated margin on, 1/leverage (1 without margin), maintenance and liquidation fee rates. */
  declare readonly margin: boolean;
  declare readonly invLev: number;
  declare readonly mmr: number;
  declare readonly liqFee: number;
  /** The exchange's maintenance tiers (null: the one rate `mmr`). */
  declare readonly tiers: MaintenanceTiers | null;
  /** Liquidation price of the open position (NaN: none), positions liquidated, funding paid in total. */
  declare liq: number;
  declare liquidations: number;
  declare fundTotal: number;
  constructor(spec: SimSpec, tr: TradeRecords, orderRecs: OrderRecords | null, inp: SimInputs) {
    this.spec = spec;
    this.tr = tr;
    this.orderRecs = orderRecs;
    this.slDist = inp.slDistance;
    this.tpDist = inp.tpDistance;
    // NaN first makes these fields doubles from the first run on: the search passes scale 1 (a small
    // integer to V8), a backtest a fractional scale, and changing the field's representation then
    // would give the state a new shape and deoptimize the fill loop.
    this.slScale = NaN;
    this.slScale = inp.slScale ?? 1;
    this.tpScale = NaN;
    this.tpScale = inp.tpScale ?? 1;
    this.trailDist = inp.trailDistance ?? null;
    this.trailFraction = positive(spec.trailFraction);
    this.trailActivation = positive(spec.trailActivation);
    this.maxBars = positive(spec.maxBarsInTrade);
    this.sizeType = spec.sizeType ?? SIZE_ALL_IN;
    this.size = positive(spec.size);
    this.sizes = inp.size ?? null;
    this.granularity = positive(spec.sizeGranularity);
    this.minSize = positive(spec.minSize);
    this.minNotional = positive(spec.minNotional);
    this.belowMin = 0;
    this.exitFrac = inp.exitFraction ?? null;
    this.xUnits = 0;
    this.xValue = 0;
    this.xFee = 0;
    this.lastFee = 0;
    this.maxEntries = spec.maxEntries !== undefined && spec.maxEntries > 1 ? Math.floor(spec.maxEntries) : 1;
    this.entries = 0;
    this.cash = spec.initCash;
    this.units = 0;
    this.side = 0;
    this.trade = -1;
    this.sl = NaN;
    this.tp = NaN;
    this.slFixed = NaN;
    this.entryBar = -1;
    this.stopFrom = 0;
    this.timeBar = Infinity;
    this.trailing = false;
    this.trailD = 0;
    this.trailPct = 0;
    this.trailAct = NaN;
    this.extreme = NaN;
    this.trailFrom = 0;
    this.ordSide = 0;
    this.ordLevel = NaN;
    this.ordSig = -1;
    this.ordFrom = 0;
    this.ordUntil = -1;
    this.expired = 0;
    this.stopReason = 0;
    this.ambiguous = 0;
    this.skipped = 0;
    this.orders = 0;
    this.margin = spec.leverage !== undefined;
    this.invLev = spec.leverage !== undefined && spec.leverage >= 1 ? 1 / spec.leverage : 1;
    this.mmr = spec.maintenanceMarginRate ?? DEFAULT_MMR;
    this.liqFee = positive(spec.liquidationFee);
    this.tiers = spec.maintenanceTiers ?? null;
    this.liq = NaN;
    this.liquidations = 0;
    this.fundTotal = 0;
  }
}

export function newState(spec: SimSpec, tr: TradeRecords, orderRecs: OrderRecords | null, inp: SimInputs): SimState {
  return new SimState(spec, tr, orderRecs, inp);
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
