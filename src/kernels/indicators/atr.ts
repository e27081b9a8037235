import { isValidWindow, fillNaN } from './shared.js';

/**
 * Average true range, TA-Lib ATR (Wilder): `ATR[period] = mean(TR[1..period])`, then
 * `ATR[t] = (ATR[t-1] · (period - 1) + TR[t]) / period`, evaluated as multiply, add, divide
 * exactly like TA-Lib. `period = 1` gives the true range itself, which is TA-Lib's special
 * case for period 1 (it returns TRANGE); the recurrence produces the same values bit for bit.
 *
 * - Lookback `period`: first value at index `period` (TR starts at index 1).
 * - A bar with a missing high/low/close (or previous close) writes NaN and restarts the
 *   average: a fresh mean over the next `period` valid true ranges.
 * - `period` not an integer ≥ 1, or ≥ the series length: all NaN.
 * - Equals `rma(trueRange(high, low, close), period)` bit for bit; computed in one pass here
 *   without a temporary true-range buffer. O(n), no bar-long allocation when `out` is given.
 */
export function atr(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
  out: Float64Array = new Float64Array(close.length),
): Float64Array {
  const n = close.length;
  if (!isValidWindow(period) || period >= n) {
    fillNaN(out, 0, n);
    return out;
  }
  const keep = period - 1;
  let run = 0; // consecutive valid true ranges ending at t
  // No number is carried from bar to bar in a local: the warm-up sum lives in `seed`, and the
  // recurrence reads ATR[t-1] back from `out`. Carried in locals, V8 sometimes keeps them as heap
  // numbers (an allocation per bar, then collections) depending on how the loop was compiled.
  const seed = new Float64Array(1);
  out[0] = NaN;
  for (let t = 1; t < n; t++) {
    // `trueRangeAt(high[t], low[t], close[t - 1])` written out, for the same reason; the same
    // comparisons in the same order (true-range.ts).
    const h = high[t];
    const l = low[t];
    const pc = close[t - 1];
    let tr = NaN;
    if (h - h === 0 && l - l === 0 && pc - pc === 0) {
      tr = h - l;
      const up = Math.abs(pc - h);
      if (up > tr) tr = up;
      const down = Math.abs(pc - l);
      if (down > tr) tr = down;
    }
    if (!(tr - tr === 0)) {
      run = 0;
      seed[0] = 0;
      out[t] = NaN;
      continue;
    }
    run++;
    if (run < period) {
      seed[0] += tr;
      out[t] = NaN;
    } else if (run === period) {
      out[t] = (seed[0] + tr) / period;
    } else {
      let prev = out[t - 1];
      prev *= keep;
      prev += tr;
      prev /= period;
      out[t] = prev;
    }
  }
  return out;
}
