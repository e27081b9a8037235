/**
 * The simulator's fill loop (DESIGN.md §3, §4): one pass over the bars, no allocation inside the
 * loop, no exceptions; writes into caller-owned buffers so an optimizer can reuse one set for
 * thousands of runs. In `close` mode its fills follow the reference vectorized engine's
 * `from_signals` (all-in sizing net of fees, SL-before-TP stop checks with open gaps). Each
 * order feature lives in its own file (stops, trailing, entries) and costs nothing per bar when off.
 */
import { EXIT_END_OF_DATA, EXIT_END_OPEN, EXIT_REVERSE, EXIT_SIGNAL, EXIT_TIME_STOP } from './records.js';
import { closePosition, markTrade, newState, recordOrder, type SimState } from './fills.js';
import { marketable, ORDER_STOPPED, ORDER_WAITING, placeEntryOrder, workEntryOrder } from './entries.js';
import { checkShapes } from './shapes.js';
import { recordStep } from './steps.js';
import { ACT_CLOSE, ACT_NONE, ACT_OPEN_LONG, ACT_OPEN_SHORT, ACT_PARTIAL, ACT_REVERSE, addAction, fillSignal, opensPosition, signalAction } from './signal-orders.js';
import { ENTRY_MARKET, EXEC_NEXT_OPEN, SIM_OK, type SimBuffers, type SimCounts, type SimInputs, type SimSpec } from './sim-spec.js';
import { stopExitPrice, stopOut } from './stops.js';
import { trailUpdate } from './trailing.js';
import { checkLiquidation, gapLiquidation, marginOf, payFunding } from './margin.js';

/**
 * Simulates one symbol. Event order within bar t (docs/semantics.md "Event order"):
 * - `close`: (1) a pending limit/stop entry order (gap, then touch); (2) stops of a position entered
 *   before t (open gap, then range); (3) the trailing stop's best price takes in bar t; (4) the time
 *   stop, else, if no stop fired, bar t's signals fill at `close[t]`.
 * - `next_open`: (1) the order queued at bar t-1 fills at `open[t]`; (2) a pending limit/stop entry
 *   order; (3) stops of the position, a position entered at this open checked against the range
 *   only; (4) trailing; (5) the time stop, else bar t's signals (read after any stop) are queued for
 *   `open[t+1]` (an entry on the last bar is skipped).
 * Then `equity[t] = cash + units*close[t]`. A position open after the last bar stays open and its
 * trade row is marked to the last close (`EXIT_END_OPEN`, no exit fee), or with `finalizeTrades`
 * is closed at the last close (`EXIT_END_OF_DATA`).
 * Returns `SIM_BAD_LENGTH`/`SIM_CAPACITY` (and simulates nothing) when buffers do not fit.
 */
export function fillLoop(inp: SimInputs, spec: SimSpec, out: SimBuffers): SimCounts {
  const n = inp.close.length;
  const status = checkShapes(inp, out, n);
  out.trades.count = 0;
  if (out.orders !== null) out.orders.count = 0;
  const st = newState(spec, out.trades, out.orders, inp);
  if (status !== SIM_OK) return counts(status, st, 0);

  const { open, high, low, close, longEntries, longExits } = inp;
  const shortEntries = spec.allowShort ? inp.shortEntries : null;
  const shortExits = spec.allowShort ? inp.shortExits : null;
  const { equity, cash: cashOut, position: posOut } = out;
  const nextOpen = spec.execution === EXEC_NEXT_OPEN;
  const levels = (spec.entryType ?? ENTRY_MARKET) !== ENTRY_MARKET && inp.entryLevel != null ? inp.entryLevel : null;
  const exitFrac = st.exitFrac;
  const adds = st.maxEntries > 1;
  const manage = st.maxBars > 0 || st.trailFraction > 0 || st.trailDist !== null;
  let pending = ACT_NONE;
  let pendingReason = EXIT_SIGNAL;
  // Hot copies of the state; refreshed from `st` after every fill (fills only touch `st`).
  let cash = st.cash;
  let units = 0;
  let side = 0;
  let stopFrom = 0;
  let sl = NaN;
  let tp = NaN;
  let timeBar = Infinity;
  let trailing = false;
  // Perpetual futures (margin.ts): funding at bar opens, liquidation before the stops; null/false = off.
  const fund = inp.fundingRate ?? null;
  const liqOn = st.margin;
  const fundOut = out.funding ?? null;
  const marginOut = out.marginUsed ?? null;
  const steps = out.steps ?? null;
  if (steps !== null) {
    steps.count = 0;
    steps.overflow = false;
    recordStep(steps, 0, cash, units);
  }

  for (let t = 0; t < n; t++) {
    // Flat with nothing queued or placed: a bar without an entry signal changes nothing but its
    // marks (no funding, margin, stop or exit applies without a position; exits are not read when
    // flat), so go straight to the next entry signal. The marks are the ones the end of the bar
    // below writes, bit for bit. Most bars of a trend-following run are flat: this is most of the
    // loop's time saved for them.
    if (side === 0 && pending === ACT_NONE && st.ordSide === 0) {
      const fundTotal = st.fundTotal;
      const margin = marginOut !== null ? marginOf(st) : 0;
      while (t < n && (longEntries[t] | (shortEntries === null ? 0 : shortEntries[t])) === 0) {
        equity[t] = cash + units * close[t];
        if (cashOut !== null) cashOut[t] = cash;
        if (posOut !== null) posOut[t] = units;
        if (fundOut !== null) fundOut[t] = fundTotal;
        if (marginOut !== null) marginOut[t] = margin;
        t++;
      }
      if (t === n) break;
    }
    let filled = false;
    if (fund !== null && side !== 0) {
      const r = fund[t];
      if (r !== 0 && r === r) {
        payFunding(st, r, open[t]);
        cash = st.cash;
        if (steps !== null) recordStep(steps, t, cash, units);
      }
    }
    if (pending !== ACT_NONE && liqOn && side !== 0 && t > st.entryBar && gapLiquidation(st, t, open[t])) {
      // The open gapped through the liquidation level: the exchange closed the position first;
      // a queued reversal still opens its new side, any other queued order has nothing left to act on.
      pending = pending === ACT_REVERSE ? (side > 0 ? ACT_OPEN_SHORT : ACT_OPEN_LONG) : ACT_NONE;
      side = 0;
      filled = true;
    }
    if (pending !== ACT_NONE) {
      fillSignal(st, pending, t, open[t], t - 1, pendingReason);
      pending = ACT_NONE;
      filled = true;
    }
    let stopped = false;
    if (levels !== null && st.ordSide !== 0 && st.side === 0) {
      const w = workEntryOrder(st, t, open[t], high[t], low[t]);
      if (w !== ORDER_WAITING) filled = true;
      if (w === ORDER_STOPPED) stopped = true;
    }
    if (filled) ({ side, stopFrom, sl, tp, timeBar, trailing } = st);
    if (liqOn && side !== 0 && t >= stopFrom && checkLiquidation(st, t, open[t], high[t], low[t], t > st.entryBar)) {
      stopped = filled = true;
      side = 0;
    }
    // Cheap pre-test: a gap through a level implies the range touches it (low <= open <= high).
    if (side !== 0 && (side > 0 ? low[t] <= sl || high[t] >= tp : high[t] >= sl || low[t] <= tp) && t >= stopFrom) {
      const px = stopExitPrice(st, open[t], high[t], low[t], t > st.entryBar);
      if (px === px) {
        stopOut(st, t, px);
        stopped = filled = true;
        side = 0;
      }
    }
    // Position management beyond SL/TP (trailing, time stop): one test per bar when unused.
    let timeUp = false;
    if (manage && side !== 0) {
      if (trailing) {
        trailUpdate(st, t, high[t], low[t]);
        sl = st.sl;
      }
      timeUp = t >= timeBar;
    }
    if (timeUp) {
      // The time stop is this bar's exit order: the bar's signals are not read.
      if (!nextOpen) {
        fillSignal(st, ACT_CLOSE, t, close[t], t, EXIT_TIME_STOP);
        filled = true;
      } else if (t + 1 < n && pending === ACT_NONE) {
        pending = ACT_CLOSE;
        pendingReason = EXIT_TIME_STOP;
      }
    } else if (!stopped || nextOpen) {
      // Only two signals can act in any state (flat: the entries; long: short entry, long exit;
      // short: long entry, short exit); read all four only when one of those is set.
      // With pyramiding, a same-side entry can act too.
      const a = side > 0 ? longExits[t] | (adds ? longEntries[t] : 0) : longEntries[t];
      const b = shortEntries === null ? 0 : side < 0 ? shortExits![t] | (adds ? shortEntries[t] : 0) : shortEntries[t];
      if ((a | b) !== 0) {
        const se = shortEntries === null ? 0 : shortEntries[t];
        const sx = shortExits === null ? 0 : shortExits[t];
        let action = signalAction(side, longEntries[t], longExits[t], se, sx);
        if (action === ACT_NONE && adds) action = addAction(side, longEntries[t], longExits[t], se, sx);
        if (action === ACT_CLOSE && exitFrac !== null) {
          const f = exitFrac[t];
          if (f > 0 && f < 1) action = ACT_PARTIAL;
        }
        if (action !== ACT_NONE) {
          const level = levels !== null && opensPosition(action) ? levels[t] : NaN;
          if (level > 0 && level < Infinity) {
            if (entryOrder(st, action, t, close[t], level, nextOpen, n)) {
              pending = ACT_CLOSE;
              pendingReason = EXIT_REVERSE;
            }
            filled = true;
          } else if (!nextOpen) {
            st.ordSide = 0;
            fillSignal(st, action, t, close[t], t, EXIT_SIGNAL);
            filled = true;
          } else if (t + 1 < n) {
            st.ordSide = 0;
            pending = action;
            pendingReason = EXIT_SIGNAL;
          } else if (opensPosition(action)) st.skipped++;
        }
      } else if (levels !== null && side === 0 && st.ordSide !== 0) cancelOnExit(st, t, longExits, shortExits);
    }
    if (filled) {
      ({ cash, units, side, stopFrom, sl, tp, timeBar, trailing } = st);
      if (steps !== null) recordStep(steps, t, cash, units);
    }
    equity[t] = cash + units * close[t];
    if (cashOut !== null) cashOut[t] = cash;
    if (posOut !== null) posOut[t] = units;
    if (fundOut !== null) fundOut[t] = st.fundTotal;
    if (marginOut !== null) marginOut[t] = marginOf(st);
  }
  return finish(st, inp, out, n);
}

/**
 * An entry `action` of bar t with a limit/stop `level`: closes an opposite position first (a
 * reversal's closing leg, at market: now in close mode; returns true when next_open must queue
 * it), then places the order. In close mode an order marketable at the close fills at once, as a
 * market order. An order from the last bar cannot fill and counts as skipped.
 */
function entryOrder(st: SimState, action: number, t: number, close: number, level: number, nextOpen: boolean, n: number): boolean {
  const side = action === ACT_REVERSE ? -st.side : action === ACT_OPEN_LONG ? 1 : -1;
  if (!nextOpen && marketable(st, side, level, close)) {
    st.ordSide = 0;
    fillSignal(st, action, t, close, t, EXIT_SIGNAL);
    return false;
  }
  const reverse = action === ACT_REVERSE;
  if (reverse && !nextOpen) fillSignal(st, ACT_CLOSE, t, close, t, EXIT_REVERSE);
  if (t + 1 < n) placeEntryOrder(st, side, level, t);
  else {
    st.ordSide = 0;
    st.skipped++;
  }
  return reverse && nextOpen && t + 1 < n;
}

/** A pending order is cancelled by an exit signal of its side. */
function cancelOnExit(st: SimState, t: number, longExits: Uint8Array, shortExits: Uint8Array | null): void {
  const x = st.ordSide > 0 ? longExits[t] : shortExits === null ? 0 : shortExits[t];
  if (x !== 0) st.ordSide = 0;
}

/** End of data: finalize or mark the open position, count a still-pending order as expired. */
function finish(st: SimState, inp: SimInputs, out: SimBuffers, n: number): SimCounts {
  if (st.ordSide !== 0) {
    st.ordSide = 0;
    st.expired++;
  }
  if (st.side === 0) return counts(SIM_OK, st, 0);
  const last = inp.close[n - 1];
  if (st.spec.finalizeTrades !== true) {
    markTrade(st, n - 1, last, 0, EXIT_END_OPEN, st.side * st.units);
    return counts(SIM_OK, st, 1);
  }
  const side = st.side;
  const price = last * (1 - side * st.spec.slippage);
  const u = closePosition(st, n - 1, price, EXIT_END_OF_DATA);
  recordOrder(st, n - 1, -side, price, u, st.lastFee);
  out.equity[n - 1] = st.cash;
  if (out.cash !== null) out.cash[n - 1] = st.cash;
  if (out.position !== null) out.position[n - 1] = 0;
  if (out.steps != null) recordStep(out.steps, n - 1, st.cash, 0);
  if (out.marginUsed != null) out.marginUsed[n - 1] = 0;
  return counts(SIM_OK, st, 0);
}
function counts(status: number, st: SimState, openTrades: number): SimCounts {
  return {
    status, trades: st.tr.count, openTrades, orders: st.orders, ambiguousStopBars: st.ambiguous,
    skippedEntries: st.skipped, expiredOrders: st.expired, belowMinimum: st.belowMin, finalCash: st.cash, finalUnits: st.units,
    liquidations: st.liquidations, totalFunding: st.fundTotal,
  };
}
