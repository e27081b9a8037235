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
 */
export function drawdownScan(
  equity: ArrayLike<number>,
  time: ArrayLike<number>,
  out: Float64Array = new Float64Array(DD_STATS_LENGTH),
  startPeak: number = equity.length > 0 ? equity[0] : NaN,
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
  let depth = 0;
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
        periods++;
        sumDepth += depth;
        if (t - peakIdx > longestBars) longestBars = t - peakIdx;
        if (time[t] - time[peakIdx] > longestTime) longestTime = time[t] - time[peakIdx];
        inDrawdown = false;
        depth = 0;
      }
      peak = e;
      peakIdx = t;
    } else {
      const d = 1 - e / peak;
      sumSq += d * d;
      inDrawdown = true;
      if (d > depth) depth = d;
      if (d > maxDepth) maxDepth = d;
    }
  }
  if (inDrawdown) {
    const last = n - 1;
    periods++;
    sumDepth += depth;
    if (last - peakIdx > longestBars) longestBars = last - peakIdx;
    if (time[last] - time[peakIdx] > longestTime) longestTime = time[last] - time[peakIdx];
    out[DD_OPEN_AT_END] = 1;
  }
  out[DD_MAX] = maxDepth;
  out[DD_PERIODS] = periods;
  out[DD_AVG_DEPTH] = periods > 0 ? sumDepth / periods : NaN;
  out[DD_LONGEST_BARS] = longestBars;
  out[DD_LONGEST_TIME] = longestTime;
  out[DD_ULCER] = Math.sqrt(sumSq / n);
  return out;
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
