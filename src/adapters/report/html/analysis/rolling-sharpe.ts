/**
 * Rolling annualised Sharpe ratio over a trailing window of per-bar returns (DESIGN.md §5 formula
 * on each window: `mean(r) / std(r, ddof=1) * sqrt(A)`, risk-free 0), for the equity page.
 */
import { timeframeMs, type Timeframe } from '../../../../domain/frame/timeframe.js';
import { ZERO_STD } from '../../../../domain/metrics/equity-metrics.js';

const DAY_MS = 86_400_000;

/** Days of bars in the rolling-Sharpe window. */
export const ROLLING_SHARPE_DAYS = 30;
/** Fewest returns in a window, so weekly bars still get a meaningful estimate. */
export const ROLLING_SHARPE_MIN_BARS = 10;

/** Window length in bars: 30 days of bars, at least 10 (1h → 720, 4h → 180, 1d → 30, 1w → 10). */
export function rollingSharpeWindow(tf: Timeframe): number {
  return Math.max(ROLLING_SHARPE_MIN_BARS, Math.round((ROLLING_SHARPE_DAYS * DAY_MS) / timeframeMs(tf)));
}

/**
 * `out[t]` = Sharpe of the `window` returns ending at bar t (`r_s = e_s / e_{s-1} - 1`,
 * s = t-window+1..t, with `r_0 = e_0 / base - 1` when the initial cash `base` is given, as in the
 * metrics); NaN before the first full window (t < window, or t < window - 1 with `base`) and where the window's returns have zero variance
 * (std <= ZERO_STD, as in the metrics; e.g. no position the whole window). Sliding sums, recomputed exactly every `window` bars so
 * rounding cannot drift; O(n), no allocation beyond `out`.
 */
export function rollingSharpe(
  equity: ArrayLike<number>,
  window: number,
  barsPerYear: number,
  out: Float64Array = new Float64Array(equity.length),
  base = NaN,
): Float64Array {
  rollingWindows(equity, window, base, [[out, sharpeValue(window, Math.sqrt(barsPerYear))]]);
  return out;
}

/** A window's Sharpe from its sums. */
function sharpeValue(window: number, ann: number): WindowValue {
  return (mean, sd, variance, sumSq, nonZero) =>
    // Zero variance as in the metrics (std <= ZERO_STD); and undefined where the spread is tiny
    // next to the returns' size, as sumSq - sum*mean then cancels to noise.
    (nonZero > 0 && sd > ZERO_STD && variance > 1e-8 * (sumSq / window) ? (mean / sd) * ann : NaN);
}

/** A window's volatility from its sums. */
function volatilityValue(window: number, ann: number): WindowValue {
  return (_mean, sd, variance, sumSq) => (sd > ZERO_STD && variance > 1e-8 * (sumSq / window) ? sd * ann : 0);
}

/**
 * `rollingSharpe` and `rollingVolatility` of the same windows from one scan (the report model
 * needs both): the same sums, so the same values as the two calls.
 */
export function rollingSharpeAndVolatility(equity: ArrayLike<number>, window: number, barsPerYear: number, base = NaN): { sharpe: Float64Array; volatility: Float64Array } {
  const ann = Math.sqrt(barsPerYear);
  const sharpe = new Float64Array(equity.length);
  const volatility = new Float64Array(equity.length);
  rollingWindows(equity, window, base, [[sharpe, sharpeValue(window, ann)], [volatility, volatilityValue(window, ann)]]);
  return { sharpe, volatility };
}

/**
 * `out[t]` = annualised volatility of the same trailing windows as `rollingSharpe`:
 * `std(r, ddof=1) * sqrt(A)` (the metrics' `volatility` on each window); 0 where the window's
 * returns do not vary (std <= ZERO_STD, as in the metrics); NaN before the first full window.
 */
export function rollingVolatility(
  equity: ArrayLike<number>,
  window: number,
  barsPerYear: number,
  out: Float64Array = new Float64Array(equity.length),
  base = NaN,
): Float64Array {
  rollingWindows(equity, window, base, [[out, volatilityValue(window, Math.sqrt(barsPerYear))]]);
  return out;
}

type WindowValue = (mean: number, sd: number, variance: number, sumSq: number, nonZero: number) => number;

/** The sliding-sum scan both rolling statistics share: for each target, `value(...)` of each full window into `out[t]`. */
function rollingWindows(equity: ArrayLike<number>, window: number, base: number, targets: readonly (readonly [Float64Array, WindowValue])[]): void {
  const n = equity.length;
  const first = base === base ? window - 1 : window;
  for (const [out] of targets) out.fill(NaN, 0, Math.min(n, first));
  if (window < 2 || n <= first) return;
  const ret = (s: number) => equity[s] / (s === 0 ? base : equity[s - 1]) - 1;
  const outs = targets.map(([out]) => out);
  const values = targets.map(([, value]) => value);
  let sum = 0;
  let sumSq = 0;
  let nonZero = 0;
  for (let t = first; t < n; t++) {
    let exact = (t - first) % window === 0;
    if (!exact) {
      const a = ret(t);
      const b = ret(t - window);
      sum += a - b;
      sumSq += a * a - b * b;
      nonZero += (a !== 0 ? 1 : 0) - (b !== 0 ? 1 : 0);
      // A return leaving the window that dwarfs what remains cancels most of the sums' digits:
      // recompute this window exactly (rare; keeps the relative error near 1e-12).
      exact = b * b > 1e4 * sumSq;
    }
    if (exact) {
      sum = 0; sumSq = 0; nonZero = 0;
      for (let s = t - window + 1; s <= t; s++) {
        const r = ret(s);
        sum += r; sumSq += r * r; nonZero += r !== 0 ? 1 : 0;
      }
    }
    const mean = sum / window;
    const variance = (sumSq - sum * mean) / (window - 1);
    const sd = Math.sqrt(Math.max(variance, 0));
    // Indexed, not `for…of` with destructuring: a cold process runs this per bar interpreted, where each iterator costs.
    for (let k = 0; k < outs.length; k++) outs[k][t] = values[k](mean, sd, variance, sumSq, nonZero);
  }
}
