import { METRIC_INDEX } from './catalog.js';
import type { MetricsInput, MetricsScratch } from './metrics-input.js';
import * as R from './reasons.js';
import { STAT_INDEX } from './stats-catalog.js';
import { utcMonthIndex } from './utc-month.js';
import { deflatedSharpe } from '../params/deflated-sharpe.js';
import {
  calendarRangesPeakSum, drawdownScan, higherMomentSums, lowerTailPercentile, momentAndRegressionSums,
  CAL_LENGTH, CAL_PEAK, CAL_SUM, DD_ULCER, HM_GAIN, HM_LENGTH, HM_LOSS, HM_M2, HM_M3, HM_M4, RG_ALPHA, RG_BETA, RG_CORR, RG_IR, RG_LENGTH,
} from '../../kernels/stats.js';

const S = STAT_INDEX;
const M = METRIC_INDEX;
const DAY_MS = 86_400_000;

/**
 * `utcMonthIndex` of a UTC day number, remembering the last month's day range: the calendar scan
 * asks once per day, and the full date arithmetic is only needed once per month.
 */
function monthOfDayMemo(): (day: number) => number {
  let from = 0;
  let to = -1;
  let month = 0;
  return (day) => {
    if (day >= from && day < to) return month;
    month = utcMonthIndex(day * DAY_MS);
    const year = Math.floor(month / 12);
    from = Date.UTC(year, month - year * 12, 1) / DAY_MS;
    to = Date.UTC(year, month - year * 12 + 1, 1) / DAY_MS;
    return month;
  };
}

/**
 * Writes the equity- and return-based statistics (docs/metrics.md "Full statistics") after
 * `computeMetricsInto` ran on the same `input` and `scratch` (its per-bar returns, their mean and
 * lower tail are reused). `core` is that call's metrics row and `coreCodes` its reason codes. Returns the
 * left-to-right sum of the equity values (made in the calendar pass; the turnover's mean equity).
 */
export function writeReturnStatistics(
  input: MetricsInput, core: Float64Array, coreCodes: Uint8Array, scratch: MetricsScratch, out: Float64Array, codes: Uint8Array,
): number {
  const { equity, time, initCash } = input;
  const n = equity.length;
  const put = (i: number, v: number, code: number) => { out[i] = v; codes[i] = v === v ? R.REASON_NONE : code; };
  const baseCode = n === 0 ? R.REASON_NO_BARS : coreCodes[M.total_return];

  // One pass: best/worst day and month, the equity peak, and the equity sum (returned for turnover).
  const range = calendarRangesPeakSum(equity, time, initCash, monthOfDayMemo(), new Float64Array(CAL_LENGTH));
  put(S.equity_peak, range[CAL_PEAK], R.REASON_NO_BARS);
  const CAL = [S.best_day, S.worst_day, S.best_month, S.worst_month];
  for (let k = 0; k < 4; k++) put(CAL[k], baseCode === R.REASON_NONE ? range[k] : NaN, baseCode || R.REASON_UNKNOWN);

  const ddCode = coreCodes[M.max_drawdown];
  // computeMetricsInto's equity pass leaves the ulcer index out (the optimizer does not use it):
  // the plain scan, for it alone.
  const ulcer = ddCode === R.REASON_NONE ? drawdownScan(equity, time, scratch.drawdown, initCash)[DD_ULCER] : NaN;
  put(S.ulcer_index, ulcer, ddCode);
  const maxDd = core[M.max_drawdown];
  if (baseCode !== R.REASON_NONE || ddCode !== R.REASON_NONE) put(S.recovery_factor, NaN, baseCode || ddCode);
  else put(S.recovery_factor, maxDd > 0 ? core[M.total_return] / maxDd : NaN, R.REASON_NO_DRAWDOWN);

  // Return statistics: the per-bar returns are in scratch.returns when var_95 is defined.
  const retCode = coreCodes[M.var_95];
  const RETURN_STATS = [S.omega_ratio, S.skew, S.kurtosis, S.tail_ratio, S.probabilistic_sharpe_ratio, S.alpha, S.beta, S.correlation, S.information_ratio];
  if (retCode !== R.REASON_NONE) {
    for (const i of RETURN_STATS) put(i, NaN, retCode);
    return range[CAL_SUM];
  }
  const r = scratch.returns;
  const mu = scratch.moments[2]; // mean(r), as computeMetricsInto summed it
  // The upper tail first: it uses scratch.select as its workspace, which then holds the
  // benchmark's per-bar returns for one pass computing the moments and the regression together.
  const p95 = -lowerTailPercentile(r, 5, scratch.select, 0, n, true);
  const c = input.benchmark;
  const b = scratch.select;
  const sb = c.length >= n ? benchmarkReturnsSum(c, n, b) : NaN;
  const hm = new Float64Array(HM_LENGTH);
  const g = new Float64Array(RG_LENGTH);
  if (sb === sb) momentAndRegressionSums(r, b, n, mu, sb / n, hm, g);
  else higherMomentSums(r, mu, hm, 0, n);
  const gain = hm[HM_GAIN];
  const loss = hm[HM_LOSS];
  put(S.omega_ratio, loss > 0 ? gain / loss : gain > 0 ? Infinity : NaN, R.REASON_ALL_RETURNS_ZERO);
  const m2 = hm[HM_M2] / n;
  const sd = n > 1 ? Math.sqrt(hm[HM_M2] / (n - 1)) : NaN;
  const flat = !(sd > 1e-14);
  const momentCode = n < 2 ? R.REASON_ONE_RETURN : R.REASON_ZERO_VARIANCE;
  const skew = flat ? NaN : hm[HM_M3] / n / Math.pow(m2, 1.5);
  const kurt = flat ? NaN : hm[HM_M4] / n / (m2 * m2);
  put(S.skew, skew, momentCode);
  put(S.kurtosis, kurt - 3, momentCode);
  const p5 = core[M.var_95];
  put(S.tail_ratio, p5 !== 0 ? Math.abs(p95) / Math.abs(p5) : NaN, R.REASON_ZERO_VARIANCE);
  const psr = flat ? NaN : deflatedSharpe({ sharpe: mu / sd, trials: 1, trialVariance: 0, observations: n, skewness: skew, kurtosis: kurt }).dsr;
  put(S.probabilistic_sharpe_ratio, psr, momentCode);
  writeBenchmarkStats(input, sb, g, put);
  return range[CAL_SUM];
}

/**
 * The benchmark's per-bar returns into `b[0, n)`: bought at the first close, so `b_0 = 0`, then
 * close to close. Returns their left-to-right sum, or NaN when a close is not a positive finite
 * price.
 */
function benchmarkReturnsSum(c: Float64Array, n: number, b: Float64Array): number {
  let prev = c[0];
  if (!(prev > 0 && prev < Infinity)) return NaN;
  b[0] = 0;
  let ok = true;
  let sum = 0;
  for (let t = 1; t < n; t++) {
    const x = c[t];
    // one check after the loop instead of a branch per bar: NaN or a bad price makes `ok` false
    ok = ok && x > 0 && x < Infinity;
    const v = x / prev - 1;
    b[t] = v;
    sum += v;
    prev = x;
  }
  return ok ? sum : NaN;
}

/**
 * alpha, beta, correlation, information ratio against the benchmark's per-bar returns, from the
 * regression `g` (`momentAndRegressionSums`); `sb` is the benchmark returns' sum, NaN when its
 * prices are unusable.
 */
function writeBenchmarkStats(input: MetricsInput, sb: number, g: Float64Array, put: (i: number, v: number, code: number) => void): void {
  const { barsPerYear: A } = input;
  const n = input.equity.length;
  if (sb !== sb) {
    for (const i of [S.alpha, S.beta, S.correlation, S.information_ratio]) put(i, NaN, R.REASON_BENCHMARK_PRICES);
    return;
  }
  put(S.beta, g[RG_BETA], R.REASON_BENCHMARK_FLAT);
  put(S.correlation, g[RG_CORR], g[RG_BETA] === g[RG_BETA] ? R.REASON_ZERO_VARIANCE : R.REASON_BENCHMARK_FLAT);
  put(S.alpha, Number.isFinite(A) && A > 0 ? g[RG_ALPHA] * A : NaN, g[RG_BETA] === g[RG_BETA] ? R.REASON_BARS_PER_YEAR_INVALID : R.REASON_BENCHMARK_FLAT);
  put(S.information_ratio, g[RG_IR], n < 2 ? R.REASON_ONE_RETURN : R.REASON_ZERO_VARIANCE);
}
