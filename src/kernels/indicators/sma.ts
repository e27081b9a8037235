import { isValid, isValidWindow, fillNaN, resyncEvery } from './shared.js';

/**
 * Simple moving average: `out[t] = (src[t-window+1] + … + src[t]) / window`.
 * Matches TA-Lib SMA (lookback `window - 1`).
 *
 * - Warm-up: NaN until `window` valid values have been seen; first value at
 *   `firstValid + window - 1`.
 * - A window containing a NaN (or ±Infinity) is NaN; the average resumes once `window` valid
 *   values follow the gap.
 * - `window` not an integer ≥ 1, or longer than the series: all NaN. Never throws.
 * - O(n): a running sum, recomputed exactly every `max(window, 64)` outputs so that
 *   add/subtract rounding cannot accumulate over long series.
 * - `out` (length ≥ `src.length`) is written in `[0, src.length)` and returned; no allocation
 *   when it is given.
 */
export function sma(src: Float64Array, window: number, out: Float64Array = new Float64Array(src.length)): Float64Array {
  const n = src.length;
  if (!isValidWindow(window) || window > n) {
    fillNaN(out, 0, n);
    return out;
  }
  if (window === 1) {
    // exact copy (a running sum would add rounding)
    for (let t = 0; t < n; t++) out[t] = isValid(src[t]) ? src[t] : NaN;
    return out;
  }
  const resync = resyncEvery(window);
  let run = 0; // consecutive valid values ending at t
  let sum = 0;
  let sinceResync = 0;
  for (let t = 0; t < n; t++) {
    const x = src[t];
    if (!isValid(x)) {
      run = 0;
      sinceResync = 0;
      sum = 0;
      out[t] = NaN;
      continue;
    }
    run++;
    sum += x;
    if (run > window) sum -= src[t - window];
    if (run < window) {
      out[t] = NaN;
      continue;
    }
    if (++sinceResync >= resync) {
      sinceResync = 0;
      sum = 0;
      for (let j = t - window + 1; j <= t; j++) sum += src[j];
    }
    out[t] = sum / window;
  }
  return out;
}

/**
 * Three simple moving averages of the same series in one pass, each the same bits as
 * `sma(src, w_i)` (the same running sums, restarts and exact recomputations): the three running
 * sums are independent, so the processor adds them side by side instead of one series after the
 * other. A window that `sma` treats specially (1, invalid, longer than the series) is computed by
 * `sma` itself.
 */
export function sma3(
  src: Float64Array, w0: number, w1: number, w2: number,
  o0: Float64Array = new Float64Array(src.length), o1: Float64Array = new Float64Array(src.length), o2: Float64Array = new Float64Array(src.length),
): [Float64Array, Float64Array, Float64Array] {
  const n = src.length;
  const plain = (w: number) => isValidWindow(w) && w > 1 && w <= n;
  if (!plain(w0) || !plain(w1) || !plain(w2)) return [sma(src, w0, o0), sma(src, w1, o1), sma(src, w2, o2)];
  const r0 = resyncEvery(w0);
  const r1 = resyncEvery(w1);
  const r2 = resyncEvery(w2);
  // The three running sums are carried from bar to bar in this array, not in local variables:
  // carried in locals, V8 sometimes keeps them as heap numbers (one allocation per sum and bar,
  // then collections), depending on how the loop was compiled. Same additions, same bits.
  const sums = new Float64Array(3);
  let run = 0; // consecutive valid values ending at t (the same for every window)
  let k0 = 0; // outputs since the last exact recomputation, per window
  let k1 = 0;
  let k2 = 0;
  for (let t = 0; t < n; t++) {
    const x = src[t];
    if (!isValid(x)) {
      run = 0;
      sums[0] = 0;
      sums[1] = 0;
      sums[2] = 0;
      k0 = k1 = k2 = 0;
      o0[t] = NaN;
      o1[t] = NaN;
      o2[t] = NaN;
      continue;
    }
    run++;
    let s0 = sums[0] + x;
    let s1 = sums[1] + x;
    let s2 = sums[2] + x;
    if (run > w0) s0 -= src[t - w0];
    if (run > w1) s1 -= src[t - w1];
    if (run > w2) s2 -= src[t - w2];
    if (run < w0) o0[t] = NaN;
    else {
      if (++k0 >= r0) {
        k0 = 0;
        s0 = exactSum(src, t - w0 + 1, t);
      }
      o0[t] = s0 / w0;
    }
    if (run < w1) o1[t] = NaN;
    else {
      if (++k1 >= r1) {
        k1 = 0;
        s1 = exactSum(src, t - w1 + 1, t);
      }
      o1[t] = s1 / w1;
    }
    if (run < w2) o2[t] = NaN;
    else {
      if (++k2 >= r2) {
        k2 = 0;
        s2 = exactSum(src, t - w2 + 1, t);
      }
      o2[t] = s2 / w2;
    }
    sums[0] = s0;
    sums[1] = s1;
    sums[2] = s2;
  }
  return [o0, o1, o2];
}

/** `src[from] + … + src[to]`, left to right (the exact recomputation of a running sum). */
function exactSum(src: Float64Array, from: number, to: number): number {
  let sum = 0;
  for (let j = from; j <= to; j++) sum += src[j];
  return sum;
}
