/**
 * The one-account portfolio fill loop (DESIGN.md §3b): columns are symbols on one union time
 * index, sharing one cash balance. Each column runs the single-symbol steps (stops.ts,
 * signal-orders.ts, fills.ts) on its own `SimState`; the loop owns the shared cash, the order of
 * fills within a bar and the stakes. No allocation inside the bar loop, no exceptions.
 */
import { EXIT_END_OPEN, EXIT_REVERSE, EXIT_SIGNAL } from './records.js';
import { closePosition, finishTrade, newState, openUnits, recordOrder, type SimState } from './fills.js';
import { checkPortfolioShapes } from './portfolio-shapes.js';
import type { PortfolioColumn, PortfolioSimBuffers, PortfolioSimCounts, PortfolioSimInputs, PortfolioSimSpec } from './portfolio-spec.js';
import { ACT_CLOSE, ACT_NONE, ACT_OPEN_LONG, ACT_OPEN_SHORT, ACT_REVERSE, fillSignal, opensPosition, signalAction } from './signal-orders.js';
import { EXEC_NEXT_OPEN, SIM_OK } from './sim-spec.js';
import { stakeUnits } from './stake-units.js';
import { stopExitPrice } from './stops.js';
import { checkLiquidation, gapLiquidation, marginOf, payFunding } from './margin.js';

/** Per-run working state of the loop (allocated once per run). */
interface Book {
  readonly cols: readonly PortfolioColumn[];
  readonly st: SimState[];
  readonly ps: PortfolioSimSpec;
  readonly out: PortfolioSimBuffers;
  /** Last close seen per column (NaN before its first bar). */
  readonly last: Float64Array;
  /** Cash held back per short position: proceeds plus collateral, 2·units·entry price. */
  readonly resv: Float64Array;
  /** This bar's entry per column (ACT_OPEN_LONG/SHORT or ACT_NONE) and the reversal's order row. */
  readonly act: Int32Array;
  readonly revOrder: Int32Array;
  cash: number;
  open: number;
  /** Perpetual futures (margin.ts): isolated margin on, and whether any column has funding rates. */
  readonly margin: boolean;
  readonly funding: boolean;
}

/**
 * Simulates the portfolio. Within bar t (docs/semantics.md "Portfolio"):
 * - `close`: (1) per column in listed order, a stop exit, else a signal exit or the closing part
 *   of a reversal (all release cash); (2) in `entryOrder`, entries and reversals' opening parts at
 *   `close[t]`, sized by the stake from the cash free at that moment.
 * - `next_open`: (1) queued exits and reversal closes at `open[t]`; (2) queued entries at
 *   `open[t]` in `entryOrder`; (3) stops of every position; (4) bar t's signals are queued for the
 *   column's next bar (an entry on a column's last bar is skipped).
 * A column without a bar at t (NaN close) does nothing at t and is valued at its last close.
 * Perpetual futures (docs/futures.md "Portfolio"), as for one symbol: funding at the open of the
 * column's bar on the position carried into it, first of all; next_open: a gap through a position's
 * liquidation level at the open liquidates it before its queued order; each position's liquidation
 * check comes before its stops.
 */
export function portfolioFillLoop(inp: PortfolioSimInputs, ps: PortfolioSimSpec, out: PortfolioSimBuffers): PortfolioSimCounts {
  const cols = inp.columns;
  const m = cols.length;
  out.trades.count = 0;
  out.orders.count = 0;
  const status = checkPortfolioShapes(inp, out);
  if (status !== SIM_OK) return { status, trades: 0, openTrades: 0, orders: 0, finalCash: ps.sim.initCash };
  const n = cols[0].close.length;
  const st: SimState[] = [];
  for (let c = 0; c < m; c++) st.push(newState(columnSpec(ps, c), out.trades, out.orders, cols[c]));
  let funding = false;
  for (const c of cols) if (c.fundingRate != null) funding = true;
  const b: Book = {
    cols, st, ps, out, last: new Float64Array(m).fill(NaN), resv: new Float64Array(m),
    act: new Int32Array(m), revOrder: new Int32Array(m), cash: ps.sim.initCash, open: 0, margin: st[0].margin, funding,
  };
  const lastBar = new Int32Array(m).fill(-1);
  for (let c = 0; c < m; c++) for (let t = n - 1; t >= 0; t--) if (cols[c].close[t] === cols[c].close[t]) { lastBar[c] = t; break; }
  const nextOpen = ps.sim.execution === EXEC_NEXT_OPEN;
  const pending = new Int32Array(m);
  const pendingSig = new Int32Array(m);
  const order = inp.entryOrder;

  for (let t = 0; t < n; t++) {
    for (let c = 0; c < m; c++) { b.act[c] = ACT_NONE; b.revOrder[c] = -1; }
    if (b.funding) payFundingAt(b, t);
    if (b.margin && nextOpen) gapLiquidations(b, t, pending);
    if (!nextOpen) {
      for (let c = 0; c < m; c++) {
        const col = cols[c];
        if (col.close[t] !== col.close[t]) continue;
        if (b.margin && liquidated(b, c, t)) continue;
        if (stopExit(b, c, t, 1)) continue;
        const a = barAction(st[c], col, t, ps.sim.allowShort);
        if (a !== ACT_NONE) release(b, c, a, t, col.close[t], t);
      }
      for (let k = 0; k < m; k++) {
        const c = order[k];
        if (b.act[c] !== ACT_NONE) enter(b, c, t, cols[c].close[t], t);
      }
    } else {
      for (let c = 0; c < m; c++) {
        const a = pending[c];
        if (a === ACT_NONE || cols[c].open[t] !== cols[c].open[t]) continue;
        pending[c] = ACT_NONE;
        release(b, c, a, t, cols[c].open[t], pendingSig[c]);
      }
      for (let k = 0; k < m; k++) {
        const c = order[k];
        if (b.act[c] !== ACT_NONE) enter(b, c, t, cols[c].open[t], pendingSig[c]);
      }
      for (let c = 0; c < m; c++) {
        const col = cols[c];
        if (col.close[t] !== col.close[t]) continue;
        // A stop at t does not void t's close signals here: read after it, they act at the next open (as for one symbol).
        if (!(b.margin && liquidated(b, c, t))) stopExit(b, c, t, 0);
        const a = barAction(st[c], col, t, ps.sim.allowShort);
        if (a === ACT_NONE) continue;
        if (t < lastBar[c]) { pending[c] = a; pendingSig[c] = t; } else if (opensPosition(a)) st[c].skipped++;
      }
    }
    markBar(b, t);
    if (out.funding != null || out.marginUsed != null) markFutures(b, t);
  }

  let openTrades = 0;
  for (let c = 0; c < m; c++) {
    const s = st[c];
    out.skipped[c] = s.skipped;
    out.ambiguous[c] = s.ambiguous;
    if (out.belowMinimum != null) out.belowMinimum[c] = s.belowMin;
    if (out.liquidations != null) out.liquidations[c] = s.liquidations;
    if (s.side === 0) continue;
    finishTrade(out.trades, s.trade, lastBar[c], b.last[c], 0, EXIT_END_OPEN);
    openTrades++;
  }
  let liquidations = 0;
  let totalFunding = 0;
  for (let c = 0; c < m; c++) { liquidations += st[c].liquidations; totalFunding += st[c].fundTotal; }
  return { status: SIM_OK, trades: out.trades.count, openTrades, orders: out.orders.count, finalCash: b.cash, liquidations, totalFunding };
}

/** Column c's simulator spec: the run's, with that symbol's exchange limits where given (read once per run). */
function columnSpec(ps: PortfolioSimSpec, c: number) {
  const lim = ps.columnLimits?.[c];
  return lim === undefined ? ps.sim : { ...ps.sim, ...lim };
}

/** Funding at bar t's open for every position carried into a bar of its column (margin.ts `payFunding`). */
function payFundingAt(b: Book, t: number): void {
  for (let c = 0; c < b.st.length; c++) {
    const s = b.st[c];
    const rates = b.cols[c].fundingRate;
    if (s.side === 0 || rates == null) continue;
    const r = rates[t];
    if (r !== 0 && r === r) {
      s.cash = b.cash;
      payFunding(s, r, b.cols[c].open[t]);
      b.cash = s.cash;
    }
  }
}

/**
 * next_open: a position whose column has a queued order at t and whose open gapped through its
 * liquidation level is liquidated first; a queued reversal still opens its new side, any other
 * queued order has nothing left to act on.
 */
function gapLiquidations(b: Book, t: number, pending: Int32Array): void {
  for (let c = 0; c < b.st.length; c++) {
    const s = b.st[c];
    const a = pending[c];
    const open = b.cols[c].open[t];
    if (a === ACT_NONE || s.side === 0 || open !== open || t <= s.entryBar) continue;
    s.cash = b.cash;
    const side = s.side;
    if (!gapLiquidation(s, t, open)) continue;
    closed(b, c);
    pending[c] = a === ACT_REVERSE ? (side > 0 ? ACT_OPEN_SHORT : ACT_OPEN_LONG) : ACT_NONE;
  }
}

/** The liquidation check of column c's position at bar t (live from its stops' first bar); true if it was liquidated. */
function liquidated(b: Book, c: number, t: number): boolean {
  const s = b.st[c];
  if (s.side === 0 || t < s.stopFrom) return false;
  const col = b.cols[c];
  s.cash = b.cash;
  if (!checkLiquidation(s, t, col.open[t], col.high[t], col.low[t], t > s.entryBar)) return false;
  closed(b, c);
  return true;
}

/** Cumulative funding paid by the account and the margin its positions hold after bar t. */
function markFutures(b: Book, t: number): void {
  let f = 0;
  let mg = 0;
  for (let c = 0; c < b.st.length; c++) {
    f += b.st[c].fundTotal;
    mg += marginOf(b.st[c]);
  }
  if (b.out.funding != null) b.out.funding[t] = f;
  if (b.out.marginUsed != null) b.out.marginUsed[t] = mg;
}

function barAction(s: SimState, col: PortfolioColumn, t: number, allowShort: boolean): number {
  const le = col.longEntries[t];
  const lx = col.longExits[t];
  const se = allowShort ? col.shortEntries[t] : 0;
  const sx = allowShort ? col.shortExits[t] : 0;
  return (le | lx | se | sx) === 0 ? ACT_NONE : signalAction(s.side, le, lx, se, sx);
}

/** A stop exit of column c's position at bar t (live from `entryBar + lag`); true if one filled. */
function stopExit(b: Book, c: number, t: number, lag: number): boolean {
  const s = b.st[c];
  if (s.side === 0 || t < s.entryBar + lag) return false;
  const col = b.cols[c];
  const px = stopExitPrice(s, col.open[t], col.high[t], col.low[t], t > s.entryBar);
  if (px !== px) return false;
  const side = s.side;
  const price = px * (1 - side * (s.spec.stopSlippage ? s.spec.slippage : 0));
  const k = s.trade;
  s.cash = b.cash;
  const u = closePosition(s, t, price, s.stopReason);
  recordOrder(s, t, -side, price, u, b.out.trades.exitFee[k]);
  closed(b, c);
  return true;
}

/** The releasing part of action `a` at reference `ref`; an entry (or a reversal's new side) waits in `act`. */
function release(b: Book, c: number, a: number, t: number, ref: number, sigBar: number): void {
  const s = b.st[c];
  if (a === ACT_CLOSE) {
    s.cash = b.cash;
    fillSignal(s, ACT_CLOSE, t, ref, sigBar, EXIT_SIGNAL);
    closed(b, c);
  } else if (a === ACT_REVERSE) {
    const side = s.side;
    const price = ref * (1 - side * s.spec.slippage);
    const k = s.trade;
    s.cash = b.cash;
    const u = closePosition(s, t, price, EXIT_REVERSE);
    recordOrder(s, t, -side, price, u, b.out.trades.exitFee[k]);
    closed(b, c);
    b.revOrder[c] = b.out.orders.count - 1;
    b.act[c] = side > 0 ? ACT_OPEN_SHORT : ACT_OPEN_LONG;
  } else if (a === ACT_OPEN_LONG || a === ACT_OPEN_SHORT) {
    b.act[c] = a;
  }
}

function closed(b: Book, c: number): void {
  b.cash = b.st[c].cash;
  b.out.orderColumn[b.out.orders.count - 1] = c;
  b.resv[c] = 0;
  b.open--;
}

/** Column c's pending entry at reference `ref`, sized by the stake; skipped (and counted) without a slot or cash. */
function enter(b: Book, c: number, t: number, ref: number, sigBar: number): void {
  const s = b.st[c];
  const ps = b.ps;
  if (b.open >= ps.maxOpenPositions) { s.skipped++; return; }
  const side = b.act[c] === ACT_OPEN_LONG ? 1 : -1;
  const price = ref * (1 + side * ps.sim.slippage);
  let held = 0;
  for (let j = 0; j < b.resv.length; j++) held += b.resv[j];
  const equity = ps.sim.riskPerTrade > 0 ? equityNow(b, t) : NaN;
  const u = stakeUnits(s, ps, { freeCash: b.cash - held, freeSlots: ps.maxOpenPositions - b.open, equity }, price, ref, sigBar);
  if (u <= 0) {
    // -1: below the exchange minimums (counted in belowMin by stakeUnits).
    if (u === 0) s.skipped++;
    return;
  }
  s.cash = b.cash;
  openUnits(s, t, side, price, ref, sigBar, u);
  b.cash = s.cash;
  b.open++;
  // Cash held back: unlevered, a short's proceeds plus collateral (2·u·price); with isolated margin,
  // what keeps free cash = cash before the entry − margin − fee (a long's borrowed notional counts back).
  if (s.margin) b.resv[c] = u * price * s.invLev - side * u * price;
  else if (side < 0) b.resv[c] = 2 * u * price;
  const out = b.out;
  out.tradeColumn[s.trade] = c;
  const fee = out.trades.entryFee[s.trade];
  const r = b.revOrder[c];
  if (r >= 0) {
    out.orders.units[r] += u;
    out.orders.fee[r] += fee;
  } else {
    recordOrder(s, t, side, price, u, fee);
    out.orderColumn[out.orders.count - 1] = c;
  }
}

/** Account value now: cash + Σ units × (this bar's price where the column has one, else its last close). */
function equityNow(b: Book, t: number): number {
  let eq = b.cash;
  const nextOpen = b.ps.sim.execution === EXEC_NEXT_OPEN;
  for (let c = 0; c < b.st.length; c++) {
    const u = b.st[c].units;
    if (u === 0) continue;
    const p = nextOpen ? b.cols[c].open[t] : b.cols[c].close[t];
    eq += u * (p === p ? p : b.last[c]);
  }
  return eq;
}

function markBar(b: Book, t: number): void {
  const out = b.out;
  let eq = b.cash;
  for (let c = 0; c < b.st.length; c++) {
    const cl = b.cols[c].close[t];
    if (cl === cl) b.last[c] = cl;
    const u = b.st[c].units;
    const v = u === 0 ? 0 : u * b.last[c];
    if (u !== 0) eq += v;
    if (out.values !== null) out.values[c][t] = v;
    if (out.units !== null) out.units[c][t] = u;
  }
  out.equity[t] = eq;
  out.cash[t] = b.cash;
  out.openPositions[t] = b.open;
}
