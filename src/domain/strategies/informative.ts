/**
 * Higher timeframes of a strategy's own symbol, aligned to its bars without look-ahead (issue 10,
 * docs/strategies.md "Higher timeframes"): a `4h` bar becomes visible at the base bar that closes
 * it, i.e. at base bar i the latest `4h` bar whose end is at or before the end of bar i.
 */
import type { OhlcvFrame } from '../frame/frame.js';
import { canResample, floorToTimeframe, resample } from '../frame/resample.js';
import { TIMEFRAME_MS, type Timeframe } from '../frame/timeframe.js';

/** A higher timeframe and its alignment to the base bars. */
export interface InformativeFrame {
  /** The higher-timeframe bars (left-labelled; the incomplete trailing bar dropped). */
  readonly frame: OhlcvFrame;
  /** Per base bar: index into `frame` of the latest bar complete at that bar's close, -1 before the first. */
  readonly index: Int32Array;
  /** The higher-timeframe closes on the base bars (NaN before the first complete bar). */
  readonly close: Float64Array;
  /** Any series over `frame`'s bars (an indicator of the 4h closes, say) mapped onto the base bars. */
  align(series: ArrayLike<number>): Float64Array;
}

/**
 * Builds `tf` bars from `source` (the base frame itself, or another symbol's bars on the base
 * timeframe) and aligns them to `base` by time: at base bar i, the latest `tf` bar whose end is at
 * or before the end of bar i. Throws a RangeError when `tf` is not a whole multiple of the source's
 * timeframe (`1h` → `4h` works, `4h` → `1h` does not).
 */
export function informativeFrame(base: OhlcvFrame, tf: Timeframe, source: OhlcvFrame = base): InformativeFrame {
  if (tf !== source.timeframe && !canResample(source.timeframe, tf)) {
    throw new RangeError(`informative('${tf}') needs a timeframe that is a whole multiple of the data's ${source.timeframe}`);
  }
  const frame = tf === source.timeframe ? source : source === base ? resample(base, tf) : resampleByTime(source, tf);
  const n = base.length;
  const index = new Int32Array(n);
  const baseMs = TIMEFRAME_MS[base.timeframe];
  const step = TIMEFRAME_MS[tf];
  let j = -1;
  for (let i = 0; i < n; i++) {
    const end = base.time[i] + baseMs;
    while (j + 1 < frame.length && frame.time[j + 1] + step <= end) j++;
    index[i] = j;
  }
  const align = (series: ArrayLike<number>): Float64Array => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = index[i] >= 0 ? series[index[i]] : NaN;
    return out;
  };
  return { frame, index, close: align(frame.close), align };
}

/**
 * Another symbol's `tf` bars, final by time: a bucket is complete once its period has ended, even
 * when its last source bars are missing (a gap, a delisting); the alignment only shows it from the
 * base bar that closes at or after its end, so nothing later can change it. `resample` drops a
 * trailing bucket that lacks its last bar, so one sentinel bar at the start of the next bucket
 * (itself incomplete, so dropped) keeps the real last bucket. Truncating the other symbol's bars
 * at any base bar then never changes a value shown at or before that bar.
 */
function resampleByTime(source: OhlcvFrame, tf: Timeframe): OhlcvFrame {
  const n = source.length;
  if (n === 0) return resample(source, tf);
  const next = floorToTimeframe(source.time[n - 1], tf) + TIMEFRAME_MS[tf];
  const ext = (c: Float64Array, v: number) => {
    const out = new Float64Array(n + 1);
    out.set(c);
    out[n] = v;
    return out;
  };
  const last = source.close[n - 1];
  return resample({
    ...source, length: n + 1, time: ext(source.time, next), open: ext(source.open, last), high: ext(source.high, last),
    low: ext(source.low, last), close: ext(source.close, last), volume: ext(source.volume, 0),
  }, tf);
}
