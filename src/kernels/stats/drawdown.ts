/**
 * Drawdown scan over an equity curve (DESIGN.md §5). The running peak starts at `startPeak` (the
 * initial cash; `equity[0]` by default), standing at bar 0, so a loss on bar 0 (an entry fee) is
 * already a drawdown. A drawdown period starts at the last bar where equity stood at its running
 * peak (the "peak bar"; bar 0 for the initial cash), contains every following bar with equity
 * strictly below that peak, and ends at the
 * first bar whose equity regains it (`>=`, the "recovery bar") or, unrecovered, at the last bar.
 * Depth at bar t is `1 - equity_t / peak_t` (a positive fraction). Defined for positive equity.
 */

/** Index of the maximum drawdown (max over bars of the depth; 0 when equity never falls). */
export const DD_MAX = 0;
/** Index of the mean over drawdown periods of each period's maximum depth (NaN with no period). */
export const DD_AVG_DEPTH = 1;
/** Index of the number of drawdown periods (the last one may be unrecovered). */
export const DD_PERIODS = 2;
/** Index of the longest period in bars: recovery (or last) bar index minus peak bar index. */
export const DD_LONGEST_BARS = 3;
/** Index of the longest period in `time` units: `time[recovery or last] - time[peak]`. */
export const DD_LONGEST_TIME = 4;
/** Index of 1 when the curve ends inside a drawdown, else 0. */
export const DD_OPEN_AT_END = 5;
/** Index of the ulcer index: `sqrt(mean over bars of depth²)` (depth as a fraction). */
export const DD_ULCER = 6;
/** Length of the `drawdownScan` output. */
export const DD_STATS_LENGTH = 7;

/**
 * One pass over `equity` (with bar times `time`, same length) writing the fields above into
 * `out`. No allocation when `out` is given. An empty curve gives NaN max and 0 periods.
 * Matches a naive "running max, then 1 - x / running max" computation (pandas `cummax`).
 * A period's depth is taken once, from its lowest finite equity: `1 - e / peak` only grows as
 * `e` falls (rounding keeps that order), so this is the largest per-bar depth bit for bit without
 * a division per bar (non-finite bars, which break that order, are measured one by one). The ulcer index does need every bar's depth: with `ulcer` false it is skipped
 * (NaN), which the optimizer uses (its metrics row has no ulcer index).
 */
export function drawdownScan(
  equity: ArrayLike<number>,
  time: ArrayLike<number>,
  out: Float64Array = new Float64Array(DD_STATS_LENGTH),
  startPeak: number = equity.length > 0 ? equity[0] : NaN,
  ulcer = true,
): Float64Array {
  const n = equity.length;
  out[DD_AVG_DEPTH] = NaN;
  out[DD_PERIODS] = 0;
  out[DD_LONGEST_BARS] = 0;
  out[DD_LONGEST_TIME] = 0;
  out[DD_OPEN_AT_END] = 0;
  out[DD_ULCER] = NaN;
  if (n === 0) {
    out[DD_MAX] = NaN;
    return out;
  }
  let peak = startPeak;
  let peakIdx = 0;
  let inDrawdown = false;
  let trough = Infinity; // lowest finite equity of the current period
  let odd = 0; // deepest per-bar depth of its non-finite bars (±Infinity, NaN), taken bar by bar
  let maxDepth = 0;
  let sumDepth = 0;
  let periods = 0;
  let longestBars = 0;
  let longestTime = 0;
  let sumSq = 0;
  for (let t = 0; t < n; t++) {
    const e = equity[t];
    if (e >= peak) {
      if (inDrawdown) {
        const depth = periodDepth(trough, peak, odd);
        periods++;
        sumDepth += depth;
        if (depth > maxDepth) maxDepth = depth;
        if (t - peakIdx > longestBars) longestBars = t - peakIdx;
        if (time[t] - time[peakIdx] > longestTime) longestTime = time[t] - time[peakIdx];
        inDrawdown = false;
        trough = Infinity;
        odd = 0;
      }
      peak = e;
      peakIdx = t;
    } else {
      inDrawdown = true;
      if (e - e === 0) {
        if (e < trough) trough = e;
      } else {
        const d = 1 - e / peak;
        if (d > odd) odd = d;
      }
      if (ulcer) {
        const d = 1 - e / peak;
        sumSq += d * d;
      }
    }
  }
  if (inDrawdown) {
    const last = n - 1;
    const depth = periodDepth(trough, peak, odd);
    periods++;
    sumDepth += depth;
    if (depth > maxDepth) maxDepth = depth;
    if (last - peakIdx > longestBars) longestBars = last - peakIdx;
    if (time[last] - time[peakIdx] > longestTime) longestTime = time[last] - time[peakIdx];
    out[DD_OPEN_AT_END] = 1;
  }
  out[DD_MAX] = maxDepth;
  out[DD_PERIODS] = periods;
  out[DD_AVG_DEPTH] = periods > 0 ? sumDepth / periods : NaN;
  out[DD_LONGEST_BARS] = longestBars;
  out[DD_LONGEST_TIME] = longestTime;
  if (ulcer) out[DD_ULCER] = Math.sqrt(sumSq / n);
  return out;
}

/**
 * The deepest `1 - e / peak` of a period whose lowest finite equity is `trough` (Infinity: none)
 * and whose non-finite bars reached `odd`, counted from 0 as the per-bar scan did (a depth that is
 * not above 0, or NaN, leaves it at 0). Monotonicity only holds for finite `e`, hence `odd`.
 */
function periodDepth(trough: number, peak: number, odd: number): number {
  const d = trough === Infinity ? 0 : 1 - trough / peak;
  const finite = d > 0 ? d : 0;
  return odd > finite ? odd : finite;
}

/**
 * The underwater curve: `out[t] = 1 - equity_t / max(startPeak, equity_0..t)` (0 at a peak,
 * positive below; pass the initial cash as `startPeak` to match `drawdownScan`). Same length as
 * `equity`.
 */
export function drawdownSeries(
  equity: ArrayLike<number>,
  out: Float64Array = new Float64Array(equity.length),
  startPeak = -Infinity,
): Float64Array {
  let peak = startPeak;
  for (let t = 0; t < equity.length; t++) {
    const e = equity[t];
    if (e > peak) peak = e;
    out[t] = 1 - e / peak;
  }
  return out;
}
