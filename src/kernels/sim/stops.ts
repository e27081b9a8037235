/**
 * Stop-loss / take-profit trigger for one bar (DESIGN.md §3), the same rule as the reference
 * vectorized engine's stop check: SL first (a gap through it at the open exits at the open, else a
 * range touch exits at the level); only if SL did not trigger, TP the same way.
 */
import { EXIT_STOP_LOSS, EXIT_TAKE_PROFIT, EXIT_TRAILING_STOP } from './records.js';
import { closePosition, recordOrder, type SimState } from './fills.js';

/**
 * The exit price (before any stop slippage) if a stop of the open position triggers on a bar with
 * `open`, `high`, `low`, else NaN. `gap` false (the `next_open` entry bar) skips the open check.
 * `st.sl` is the tighter of the fixed stop-loss and the trailing level: the exit reason says which
 * (`trailing_stop` only when the trailing level is strictly tighter). Sets `st.stopReason`; counts a bar where SL triggered inside the range while TP was reachable
 * too in `st.ambiguous` (SL wins).
 */
export function stopExitPrice(st: SimState, open: number, high: number, low: number, gap: boolean): number {
  const sl = st.sl;
  const tp = st.tp;
  if (st.side > 0) {
    if (sl === sl) {
      if (gap && open <= sl) return hit(st, slReason(st), open);
      if (low <= sl) {
        // Counted without a branch: ambiguous bars are rare, and a branch the optimizing compiler
        // never saw taken has no type feedback, so the first such bar would deoptimize the fill loop.
        st.ambiguous += high >= tp ? 1 : 0;
        return hit(st, slReason(st), sl);
      }
    }
    if (tp === tp) {
      if (gap && open >= tp) return hit(st, EXIT_TAKE_PROFIT, open);
      if (high >= tp) return hit(st, EXIT_TAKE_PROFIT, tp);
    }
  } else {
    if (sl === sl) {
      if (gap && open >= sl) return hit(st, slReason(st), open);
      if (high >= sl) {
        st.ambiguous += low <= tp ? 1 : 0;
        return hit(st, slReason(st), sl);
      }
    }
    if (tp === tp) {
      if (gap && open <= tp) return hit(st, EXIT_TAKE_PROFIT, open);
      if (low <= tp) return hit(st, EXIT_TAKE_PROFIT, tp);
    }
  }
  return NaN;
}

function hit(st: SimState, reason: number, price: number): number {
  st.stopReason = reason;
  return price;
}

function slReason(st: SimState): number {
  return st.sl === st.slFixed ? EXIT_STOP_LOSS : EXIT_TRAILING_STOP;
}

/**
 * Fills the stop exit found by `stopExitPrice` at `px` on `bar`: stop slippage only with
 * `stopSlippage`, fees as any fill, one order row.
 */
export function stopOut(st: SimState, bar: number, px: number): void {
  const side = st.side;
  const price = st.spec.stopSlippage ? px * (1 - side * st.spec.slippage) : px;
  const u = closePosition(st, bar, price, st.stopReason);
  recordOrder(st, bar, -side, price, u, st.lastFee);
}
