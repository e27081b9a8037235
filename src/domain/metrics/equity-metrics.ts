import { METRIC_INDEX } from './catalog.js';
import type { MetricsInput, MetricsScratch } from './metrics-input.js';
import * as R from './reasons.js';
import {
  equityPass, lowerTailMean, lowerTailMeanAndSquaredSums, lowerTailMeanAndSquaredSumsSparse, squaredSums,
  EP_FLAGS, EP_LENGTH, EP_NON_ZERO, EP_SUM, EP_TAIL, EQ_FINITE, EQ_POSITIVE, DD_AVG_DEPTH, DD_LONGEST_BARS, DD_LONGEST_TIME, DD_MAX,
} from '../../kernels/stats.js';

const TOTAL = METRIC_INDEX.total_return;
const ANNUAL = METRIC_INDEX.annualized_return;
const CAGR = METRIC_INDEX.cagr;
const VOL = METRIC_INDEX.volatility;
const SHARPE = METRIC_INDEX.sharpe_ratio;
const SORTINO = METRIC_INDEX.sortino_ratio;
const CALMAR = METRIC_INDEX.calmar_ratio;
const MAX_DD = METRIC_INDEX.max_drawdown;
const AVG_DD = METRIC_INDEX.avg_drawdown;
const DD_DAYS = METRIC_INDEX.max_drawdown_duration;
const DD_BARS = METRIC_INDEX.max_drawdown_duration_bars;
const VAR = METRIC_INDEX.var_95;
const CVAR = METRIC_INDEX.cvar_95;
const FINAL = METRIC_INDEX.final_equity;

const EQUITY_METRICS = [TOTAL, ANNUAL, CAGR, VOL, SHARPE, SORTINO, CALMAR, MAX_DD, AVG_DD, DD_DAYS, DD_BARS, VAR, CVAR, FINAL];
const RETURN_METRICS = [VOL, SHARPE, SORTINO, VAR, CVAR];
const RATIO_METRICS = [VOL, SHARPE, SORTINO];
const DRAWDOWN_METRICS = [MAX_DD, AVG_DD, DD_DAYS, DD_BARS];

const MS_PER_DAY = 86_400_000;
/** The calendar year of `cagr`: 365.25 days. */
const MS_PER_YEAR = 365.25 * MS_PER_DAY;
/**
 * A standard deviation of per-bar returns at or below this is zero variance. Rounding noise in
 * `e_t / e_{t-1} - 1` is ~1e-16, so a "constant" return series computed from a geometric curve
 * has std ~1e-17 rather than 0, and a Sharpe ratio of 1e15 would be pure noise.
 */
export const ZERO_STD = 1e-14;

/**
 * Writes the equity-curve metrics (returns and risk groups plus `final_equity`, DESIGN.md §5)
 * into `out` and their reason codes into `scratch.reasons`. No allocation.
 */
export function writeEquityMetrics(input: MetricsInput, out: Float64Array, scratch: MetricsScratch): void {
  const { equity, time, initCash, barsPerYear: A } = input;
  const codes = scratch.reasons;
  const n = equity.length;
  if (n === 0) {
    for (const i of EQUITY_METRICS) put(out, codes, i, NaN, R.REASON_NO_BARS);
    return;
  }
  // One pass over the equity (this runs once per parameter set in an optimization): the per-bar
  // returns with their sum, the finiteness checks, the drawdown scan and the VaR's lower tail. Each
  // value is the same bits as checkedReturnsSum / drawdownScan / lowerTailPercentile give; they
  // are only used below when the checks allow them.
  equityPass(equity, time, initCash, 5, scratch, PASS);
  const returnSum = PASS[EP_SUM];
  const finite = (PASS[EP_FLAGS] & EQ_FINITE) !== 0;
  const positive = (PASS[EP_FLAGS] & EQ_POSITIVE) !== 0;
  const final = equity[n - 1];
  put(out, codes, FINAL, final, R.REASON_EQUITY_NOT_FINITE);

  // total, annualized and calendar-time (cagr) return
  const cashOk = Number.isFinite(initCash) && initCash > 0;
  const aOk = Number.isFinite(A) && A > 0;
  const total = cashOk && finite ? final / initCash - 1 : NaN;
  const baseCode = !finite ? R.REASON_EQUITY_NOT_FINITE : !cashOk ? R.REASON_INIT_CASH_INVALID : R.REASON_NONE;
  put(out, codes, TOTAL, total, baseCode);
  let annualCode = baseCode;
  let annual = NaN;
  if (annualCode === R.REASON_NONE) {
    if (!aOk) annualCode = R.REASON_BARS_PER_YEAR_INVALID;
    else if (1 + total < 0) annualCode = R.REASON_FINAL_EQUITY_NEGATIVE;
    else annual = Math.pow(1 + total, A / n) - 1;
  }
  put(out, codes, ANNUAL, annual, annualCode);
  const years = (time[n - 1] - time[0]) / MS_PER_YEAR;
  if (baseCode !== R.REASON_NONE) put(out, codes, CAGR, NaN, baseCode);
  else if (!(years > 0)) put(out, codes, CAGR, NaN, R.REASON_NO_TIME_SPAN);
  else if (1 + total < 0) put(out, codes, CAGR, NaN, R.REASON_FINAL_EQUITY_NEGATIVE);
  else put(out, codes, CAGR, Math.pow(1 + total, 1 / years) - 1, R.REASON_UNKNOWN);

  // drawdowns, with the initial cash as the first peak
  const dd = scratch.drawdown;
  if (baseCode !== R.REASON_NONE) {
    for (const i of DRAWDOWN_METRICS) put(out, codes, i, NaN, baseCode);
  } else {
    put(out, codes, MAX_DD, dd[DD_MAX], R.REASON_UNKNOWN);
    put(out, codes, AVG_DD, dd[DD_AVG_DEPTH], R.REASON_NO_DRAWDOWN);
    put(out, codes, DD_DAYS, dd[DD_LONGEST_TIME] / MS_PER_DAY, R.REASON_UNKNOWN);
    put(out, codes, DD_BARS, dd[DD_LONGEST_BARS], R.REASON_UNKNOWN);
  }
  const maxDd = out[MAX_DD];
  if (annualCode !== R.REASON_NONE) put(out, codes, CALMAR, NaN, annualCode);
  else if (codes[MAX_DD] !== R.REASON_NONE) put(out, codes, CALMAR, NaN, codes[MAX_DD]);
  else if (maxDd === 0) put(out, codes, CALMAR, NaN, R.REASON_NO_DRAWDOWN);
  else put(out, codes, CALMAR, annual / maxDd, R.REASON_UNKNOWN);

  const equityCode = baseCode !== R.REASON_NONE ? baseCode : !positive ? R.REASON_EQUITY_NOT_POSITIVE : R.REASON_NONE;
  writeReturnStats(input, out, scratch, equityCode, returnSum, PASS[EP_TAIL]);
}

/** `equityPass`'s output (module-level: no allocation per call). */
const PASS = new Float64Array(EP_LENGTH);

/** volatility, sharpe, sortino, var_95, cvar_95 from the n per-bar returns (the first from initCash). */
function writeReturnStats(
  input: MetricsInput, out: Float64Array, scratch: MetricsScratch, equityCode: number, returnSum: number, v: number,
): void {
  const { equity, barsPerYear: A } = input;
  const codes = scratch.reasons;
  const m = equity.length;
  if (equityCode !== R.REASON_NONE) {
    for (const i of RETURN_METRICS) put(out, codes, i, NaN, equityCode);
    return;
  }
  // The returns with their sum and the lower 5% tail `v` came from the equity pass; one more pass
  // for the tail mean and both squared sums together (they need the mean): over the returns that
  // are not 0 when the equity pass listed them, each run of zero returns between them at once. Each sum has the bits of the left-to-right sums of
  // mean/std/downsideDeviation/lowerTailMean, so the values are the same.
  const r = scratch.returns;
  const mu = returnSum / m;
  scratch.moments[2] = mu;
  put(out, codes, VAR, v, R.REASON_UNKNOWN);
  // After the tail percentile select[0] is the k-th smallest return, k = floor((m - 1) * 0.05).
  const k = Math.floor((m - 1) * 0.05);
  const aOk = Number.isFinite(A) && A > 0;
  const both = v === v && aOk;
  const xk = scratch.select[0];
  const sparse = PASS[EP_NON_ZERO] >= 0;
  const cvar = both && sparse ? lowerTailMeanAndSquaredSumsSparse(r, scratch.nonZero, m, k, xk, mu, scratch.moments)
    : both ? lowerTailMeanAndSquaredSums(r, k, xk, mu, scratch.moments, 0, m)
    : v === v ? lowerTailMean(r, k, xk, 0, m) : NaN;
  put(out, codes, CVAR, cvar, R.REASON_UNKNOWN);

  if (!aOk) {
    for (const i of RATIO_METRICS) put(out, codes, i, NaN, R.REASON_BARS_PER_YEAR_INVALID);
    return;
  }
  const sqrtA = Math.sqrt(A);
  const sums = both ? scratch.moments : squaredSums(r, mu, scratch.moments, 0, m);
  const sd = m - 1 > 0 ? Math.sqrt(sums[0] / (m - 1)) : NaN;
  if (m < 2) {
    put(out, codes, VOL, NaN, R.REASON_ONE_RETURN);
    put(out, codes, SHARPE, NaN, R.REASON_ONE_RETURN);
  } else if (sd <= ZERO_STD) {
    put(out, codes, VOL, 0, R.REASON_NONE);
    put(out, codes, SHARPE, NaN, R.REASON_ZERO_VARIANCE);
  } else {
    put(out, codes, VOL, sd * sqrtA, R.REASON_UNKNOWN);
    put(out, codes, SHARPE, (mu / sd) * sqrtA, R.REASON_UNKNOWN);
  }
  const down = Math.sqrt(sums[1] / m);
  // No negative return: +inf when the mean is positive (a defined, best-possible value), 0/0 when
  // every return is 0.
  if (down === 0) put(out, codes, SORTINO, mu > 0 ? Infinity : NaN, R.REASON_ALL_RETURNS_ZERO);
  else put(out, codes, SORTINO, (mu * A) / (down * sqrtA), R.REASON_UNKNOWN);
}

/** Writes a value and, when it is NaN, its reason code (0 otherwise). */
function put(out: Float64Array, codes: Uint8Array, i: number, v: number, code: number): void {
  out[i] = v;
  codes[i] = v === v ? R.REASON_NONE : code;
}
