/**
 * Higher timeframes of a strategy's own symbol, aligned to its bars without look-ahead (issue 10,
 * docs/strategies.md "Higher timeframes"): a `4h` bar becomes visible at the base bar that closes
 * it, i.e. at base bar i the latest `4h` bar whose end is at or before the end of bar i.
 */
import type { OhlcvFrame } from '../frame/frame.js';
import { canResample, resample } from '../frame/resample.js';
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
 * Builds `tf` bars from `base` and aligns them. Throws a RangeError when `tf` is not a whole
 * multiple of the base timeframe (`1h` → `4h` works, `4h` → `1h` does not).
 */
export function informativeFrame(base: OhlcvFrame, tf: Timeframe): InformativeFrame {
  if (!canResample(base.timeframe, tf)) {
    throw new RangeError(`informative('${tf}') needs a timeframe that is a whole multiple of the data's ${base.timeframe}`);
  }
  const frame = resample(base, tf);
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
