/**
 * One-pass statistics of return series for the full statistics set (docs/metrics.md "Full
 * statistics"). Plain left-to-right sums; no allocation; NaN propagates, nothing throws.
 */

/** Index of Σ(x − μ)² in the `higherMomentSums` output. */
export const HM_M2 = 0;
/** Index of Σ(x − μ)³. */
export const HM_M3 = 1;
/** Index of Σ(x − μ)⁴. */
export const HM_M4 = 2;
/** Index of Σ max(x, 0) (gains, the Omega ratio's numerator). */
export const HM_GAIN = 3;
/** Index of Σ max(−x, 0) (losses, its denominator). */
export const HM_LOSS = 4;
export const HM_LENGTH = 5;

/** Central-moment sums about `mu` and the gain/loss sums of `src[start, end)` into `out`. */
export function higherMomentSums(src: ArrayLike<number>, mu: number, out: Float64Array, start = 0, end = src.length): Float64Array {
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  let gain = 0;
  let loss = 0;
  for (let i = start; i < end; i++) {
    const x = src[i];
    const d = x - mu;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
    if (x > 0) gain += x;
    else if (x < 0) loss -= x;
  }
  out[HM_M2] = m2;
  out[HM_M3] = m3;
  out[HM_M4] = m4;
  out[HM_GAIN] = gain;
  out[HM_LOSS] = loss;
  return out;
}

/** Index of the equity peak in the `calendarRangesPeakSum` output (after the four ranges). */
export const CAL_PEAK = 4;
/** Index of the left-to-right sum of the equity values. */
export const CAL_SUM = 5;
export const CAL_LENGTH = 6;

/**
 * Best and worst compounded return per UTC calendar day and per calendar month: a period's return
 * is the equity at its last bar over the equity at the previous period's last bar (or `base`, the
 * initial cash) − 1; `monthOfDay(d)` maps a UTC day number to a month number (called once per day,
 * not per bar); `out[0..3]` = best day, worst day, best month, worst month (NaN with no bars).
 * In the same pass over the bars: the largest equity value
 * (`out[CAL_PEAK]`, −inf-seeded max, NaN values skipped as `x > peak` skips them) and the
 * left-to-right sum of the values (`out[CAL_SUM]`, the turnover's mean equity): the full
 * statistics need all three, and one loop over the curve costs less than three. Same bits as the
 * separate loops; with no bars the peak is NaN and the sum 0.
 */
export function calendarRangesPeakSum(
  equity: ArrayLike<number>, time: ArrayLike<number>, base: number, monthOfDay: (day: number) => number, out: Float64Array,
): Float64Array {
  const n = equity.length;
  out.fill(NaN, 0, 4);
  out[CAL_PEAK] = NaN;
  out[CAL_SUM] = 0;
  if (n === 0) return out;
  let bestD = -Infinity;
  let worstD = Infinity;
  let bestM = -Infinity;
  let worstM = Infinity;
  let peak = -Infinity;
  let sum = 0;
  let prevDay = base;
  let prevMonth = base;
  let day = Math.floor(time[0] / 86_400_000);
  let month = monthOfDay(day);
  let dayEnd = (day + 1) * 86_400_000;
  for (let t = 0; t < n; t++) {
    const e = equity[t];
    if (e > peak) peak = e;
    sum += e;
    const last = t === n - 1;
    if (last || time[t + 1] >= dayEnd) {
      const nextDay = last ? day : Math.floor(time[t + 1] / 86_400_000);
      dayEnd = (nextDay + 1) * 86_400_000;
      const rd = e / prevDay - 1;
      if (rd > bestD) bestD = rd;
      if (rd < worstD) worstD = rd;
      prevDay = e;
      const nextMonth = last ? month : monthOfDay(nextDay);
      if (last || nextMonth !== month) {
        const rm = e / prevMonth - 1;
        if (rm > bestM) bestM = rm;
        if (rm < worstM) worstM = rm;
        prevMonth = e;
      }
      day = nextDay;
      month = nextMonth;
    }
  }
  out[0] = bestD;
  out[1] = worstD;
  out[2] = bestM;
  out[3] = worstM;
  out[CAL_PEAK] = peak;
  out[CAL_SUM] = sum;
  return out;
}

/** Index of beta in the `regressionStats` output. */
export const RG_BETA = 0;
/** Index of the Pearson correlation. */
export const RG_CORR = 1;
/** Index of the per-bar alpha, mean(r) − β·mean(b). */
export const RG_ALPHA = 2;
/** Index of the information ratio, mean(r − b) / std(r − b, ddof=1). */
export const RG_IR = 3;
export const RG_LENGTH = 4;

/**
 * Regression of returns `r` on benchmark returns `b` (both `[0, n)`), two passes: β = cov/var(b),
 * Pearson correlation, per-bar alpha mean(r) − β·mean(b) (empyrical's alpha before annualizing),
 * and the information ratio mean(r − b) / std(r − b, ddof=1) (empyrical). Undefined parts are
 * NaN: β, alpha and correlation when var(b) is 0, correlation also when var(r) is 0, the
 * information ratio when r − b has zero variance or n < 2.
 */
export function regressionStats(r: ArrayLike<number>, b: ArrayLike<number>, n: number, out: Float64Array): Float64Array {
  let sr = 0;
  let sb = 0;
  for (let i = 0; i < n; i++) {
    sr += r[i];
    sb += b[i];
  }
  return regressionAboutMeans(r, b, n, sr / n, sb / n, out);
}

/**
 * `regressionStats` when the caller already has the means `mr = Σr / n` and `mb = Σb / n` (each
 * summed left to right, so the results are the same bits): one pass instead of two.
 */
export function regressionAboutMeans(r: ArrayLike<number>, b: ArrayLike<number>, n: number, mr: number, mb: number, out: Float64Array): Float64Array {
  let vr = 0;
  let vb = 0;
  let cov = 0;
  let ve = 0;
  const me = mr - mb;
  for (let i = 0; i < n; i++) {
    const dr = r[i] - mr;
    const db = b[i] - mb;
    vr += dr * dr;
    vb += db * db;
    cov += dr * db;
    const de = r[i] - b[i] - me;
    ve += de * de;
  }
  return finishRegression(vr, vb, cov, ve, n, mr, mb, out);
}

/** The regression outputs from its sums about the means (shared by the one- and two-output passes). */
function finishRegression(vr: number, vb: number, cov: number, ve: number, n: number, mr: number, mb: number, out: Float64Array): Float64Array {
  const me = mr - mb;
  const beta = vb > 0 ? cov / vb : NaN;
  out[RG_BETA] = beta;
  out[RG_CORR] = vb > 0 && vr > 0 ? cov / Math.sqrt(vr * vb) : NaN;
  out[RG_ALPHA] = mr - beta * mb;
  const te = n > 1 ? Math.sqrt(ve / (n - 1)) : NaN;
  out[RG_IR] = te > 1e-14 ? me / te : NaN;
  return out;
}

/**
 * `higherMomentSums(r, mr, moments, 0, n)` and `regressionAboutMeans(r, b, n, mr, mb, regression)`
 * in one pass over the returns (the full statistics need both): every sum is added left to right
 * as in the two functions, so both outputs are the same bits.
 */
export function momentAndRegressionSums(
  r: ArrayLike<number>, b: ArrayLike<number>, n: number, mr: number, mb: number, moments: Float64Array, regression: Float64Array,
): void {
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  let gain = 0;
  let loss = 0;
  let vb = 0;
  let cov = 0;
  let ve = 0;
  const me = mr - mb;
  for (let i = 0; i < n; i++) {
    const x = r[i];
    const d = x - mr;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
    if (x > 0) gain += x;
    else if (x < 0) loss -= x;
    const db = b[i] - mb;
    vb += db * db;
    cov += d * db;
    const de = x - b[i] - me;
    ve += de * de;
  }
  moments[HM_M2] = m2;
  moments[HM_M3] = m3;
  moments[HM_M4] = m4;
  moments[HM_GAIN] = gain;
  moments[HM_LOSS] = loss;
  finishRegression(m2, vb, cov, ve, n, mr, mb, regression); // the returns' squared deviations are m2
}
