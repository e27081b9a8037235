/**
 * Turning one bar's signals into at most one order (DESIGN.md §3 and docs/semantics.md
 * "Execution"), and filling that order at a reference price.
 */
import { EXIT_REVERSE, EXIT_SIGNAL } from './records.js';
import { addToPosition, closePosition, openPosition, recordOrder, reducePosition, type SimState } from './fills.js';

export const ACT_NONE = 0;
export const ACT_OPEN_LONG = 1;
export const ACT_OPEN_SHORT = 2;
export const ACT_CLOSE = 3;
export const ACT_REVERSE = 4;
/** An exit of part of the position (the exit fraction at the signal bar). */
export const ACT_PARTIAL = 5;
/** Pyramiding: add to the position. */
export const ACT_ADD = 6;

/**
 * The order a bar's signals ask for, given the position side (-1/0/+1), resolved in the order of
 * the reference engine's `from_signals` defaults (so `close` mode cross-checks number for number):
 * 1. an entry and an exit of the same side on one bar conflict and are both dropped
 *    (`conflict_mode='ignore'`);
 * 2. a long and a short entry on one bar contradict each other and are both dropped
 *    (`upon_dir_conflict='ignore'`);
 * 3. flat: an entry opens. In a position: an opposite entry reverses (`upon_opposite_entry=
 *    'reverse'`, even with this side's exit on the bar); else this side's exit closes; a same-side
 *    entry is ignored. Callers pass short signals as 0 on spot.
 */
export function signalAction(side: number, le: number, lx: number, se: number, sx: number): number {
  if (le !== 0 && lx !== 0) le = lx = 0;
  if (se !== 0 && sx !== 0) se = sx = 0;
  if (le !== 0 && se !== 0) le = se = 0;
  if (side === 0) return le !== 0 ? ACT_OPEN_LONG : se !== 0 ? ACT_OPEN_SHORT : ACT_NONE;
  if (side > 0) return se !== 0 ? ACT_REVERSE : lx !== 0 ? ACT_CLOSE : ACT_NONE;
  return le !== 0 ? ACT_REVERSE : sx !== 0 ? ACT_CLOSE : ACT_NONE;
}

/**
 * With pyramiding, the add a bar's signals ask for when `signalAction` found nothing: a same-side
 * entry (after the same conflict rules: no same-side exit, no opposite entry on the bar).
 */
export function addAction(side: number, le: number, lx: number, se: number, sx: number): number {
  if (side > 0) return le !== 0 && lx === 0 && se === 0 ? ACT_ADD : ACT_NONE;
  if (side < 0) return se !== 0 && sx === 0 && le === 0 ? ACT_ADD : ACT_NONE;
  return ACT_NONE;
}

/** True when the action opens a position (an entry that can be skipped). */
export function opensPosition(action: number): boolean {
  return action === ACT_OPEN_LONG || action === ACT_OPEN_SHORT || action === ACT_REVERSE;
}

/**
 * Fills `action` on `bar` at reference price `ref` (close or next open) with signal slippage; stop
 * distances come from `sigBar`. A reversal is one order at one price whose fee is the closing
 * trade's exit fee plus the new trade's entry fee (a pro-rata split by units); the new position is
 * sized from all cash after the close. `reason` is the exit reason of a plain close (`EXIT_SIGNAL`,
 * or `EXIT_TIME_STOP` / `EXIT_REVERSE` for a time stop or the closing leg of a limit-entry reversal).
 * `ACT_PARTIAL` sells (buys back) the signal bar's exit fraction of the position.
 */
export function fillSignal(st: SimState, action: number, bar: number, ref: number, sigBar: number, reason: number): void {
  const s = st.spec.slippage;
  const tr = st.tr;
  if (action === ACT_OPEN_LONG || action === ACT_OPEN_SHORT) {
    const side = action === ACT_OPEN_LONG ? 1 : -1;
    const price = ref * (1 + side * s);
    const u = openPosition(st, bar, side, price, ref, sigBar);
    if (u > 0) recordOrder(st, bar, side, price, u, tr.entryFee[st.trade]);
  } else if (action === ACT_CLOSE) {
    const side = st.side;
    const price = ref * (1 - side * s);
    const u = closePosition(st, bar, price, reason);
    recordOrder(st, bar, -side, price, u, st.lastFee);
  } else if (action === ACT_REVERSE) {
    const side = st.side;
    const price = ref * (1 - side * s);
    const u1 = closePosition(st, bar, price, EXIT_REVERSE);
    const exitFee = st.lastFee;
    const u2 = openPosition(st, bar, -side, price, ref, sigBar);
    const fee = exitFee + (u2 > 0 ? tr.entryFee[st.trade] : 0);
    recordOrder(st, bar, -side, price, u1 + u2, fee);
  } else if (action === ACT_ADD) {
    const side = st.side;
    const price = ref * (1 + side * s);
    const u = addToPosition(st, bar, price, ref, sigBar);
    if (u > 0) recordOrder(st, bar, side, price, u, st.lastFee);
  } else if (action === ACT_PARTIAL) {
    const side = st.side;
    const price = ref * (1 - side * s);
    const u = reducePosition(st, bar, price, st.exitFrac![sigBar], EXIT_SIGNAL);
    if (u > 0) recordOrder(st, bar, -side, price, u, st.lastFee);
  }
}
