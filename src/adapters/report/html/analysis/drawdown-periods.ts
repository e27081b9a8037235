/**
 * Drawdown periods of an equity curve, with the same definition as the metrics' drawdown scan
 * (kernels/stats/drawdown.ts, DESIGN.md §5): a period starts at the last bar where equity stood at
 * its running peak, holds every following bar strictly below that peak, and ends at the first bar
 * that regains it (`>=`) or, unrecovered, at the last bar. Depth = `1 - trough / peak`.
 */

export interface DrawdownPeriod {
  /** Bar of the peak the period falls from. */
  readonly peakIndex: number;
  /** Bar of the lowest equity inside the period (the first one on ties). */
  readonly troughIndex: number;
  /** First bar back at or above the peak; -1 when the curve ends under water. */
  readonly recoveryIndex: number;
  /** `1 - trough / peak`, a positive fraction. */
  readonly depth: number;
  readonly peakEquity: number;
  readonly troughEquity: number;
  /** `time[recovery or last bar] - time[peak]`, in ms (as `max_drawdown_duration`). */
  readonly durationMs: number;
}

/** Every drawdown period of `equity` in time order; `time` holds the bar times (ms). */
export function drawdownPeriods(equity: ArrayLike<number>, time: ArrayLike<number>, startPeak = -Infinity): DrawdownPeriod[] {
  const out: DrawdownPeriod[] = [];
  const n = equity.length;
  if (n === 0) return out;
  // The initial cash (startPeak) stands as the peak at bar 0 (DESIGN.md §5).
  let peak = Math.max(startPeak, equity[0]);
  let peakIdx = 0;
  let trough = peak;
  let troughIdx = -1;
  const close = (end: number, recovered: boolean) => {
    out.push({
      peakIndex: peakIdx, troughIndex: troughIdx, recoveryIndex: recovered ? end : -1,
      depth: 1 - trough / peak, peakEquity: peak, troughEquity: trough, durationMs: time[end] - time[peakIdx],
    });
  };
  for (let t = equity[0] < peak ? 0 : 1; t < n; t++) {
    const e = equity[t];
    if (e >= peak) {
      if (troughIdx >= 0) close(t, true);
      peak = e;
      peakIdx = t;
      troughIdx = -1;
    } else if (troughIdx < 0 || e < trough) {
      trough = e;
      troughIdx = t;
    }
  }
  if (troughIdx >= 0) close(n - 1, false);
  return out;
}

/** The `k` deepest periods, deepest first (ties: the earlier one first). */
export function topDrawdowns(periods: readonly DrawdownPeriod[], k = 5): DrawdownPeriod[] {
  return [...periods].sort((a, b) => b.depth - a.depth || a.peakIndex - b.peakIndex).slice(0, k);
}

/**
 * The underwater curve as a non-positive fraction, `equity / running peak - 1` (0 at a peak),
 * the way drawdown charts draw it (below the zero line).
 */
export function underwater(equity: ArrayLike<number>, out: Float64Array = new Float64Array(equity.length), startPeak = -Infinity): Float64Array {
  let peak = startPeak;
  for (let t = 0; t < equity.length; t++) {
    const e = equity[t];
    if (e > peak) peak = e;
    out[t] = e / peak - 1;
  }
  return out;
}
