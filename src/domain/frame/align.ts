/**
 * Values of another series on this run's bars: `out[t]` is the value of the last `srcTime` at
 * or before `time[t]` (carried forward over the other series' missing bars, e.g. an index that
 * does not trade at weekends against a crypto run), NaN before its first bar. Both time arrays
 * are increasing. Used for `--benchmark SYMBOL`.
 */
export function alignForward(time: ArrayLike<number>, srcTime: ArrayLike<number>, src: ArrayLike<number>): Float64Array {
  const out = new Float64Array(time.length);
  let j = -1;
  for (let t = 0; t < time.length; t++) {
    while (j + 1 < srcTime.length && srcTime[j + 1] <= time[t]) j++;
    out[t] = j >= 0 ? src[j] : NaN;
  }
  return out;
}
