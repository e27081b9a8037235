/**
 * Statistics kernels for the metrics (DESIGN.md §5): moments, per-bar returns, drawdown scan,
 * O(n) percentile and tail mean. Pure functions over typed arrays; given their scratch/out
 * buffers they allocate nothing, and they never throw on data (NaN means undefined).
 */
export { mean, std, downsideDeviation, squaredSums } from './stats/moments.js';
export { barReturns, barReturnsSum, checkedReturnsSum, EQ_FINITE, EQ_POSITIVE } from './stats/returns.js';
export {
  drawdownScan, drawdownSeries,
  DD_MAX, DD_AVG_DEPTH, DD_PERIODS, DD_LONGEST_BARS, DD_LONGEST_TIME, DD_OPEN_AT_END, DD_ULCER, DD_STATS_LENGTH,
} from './stats/drawdown.js';
export { lowerTailMeanAndSquaredSumsSparse } from './stats/zero-runs.js';
export { equityPass, EP_SUM, EP_FLAGS, EP_TAIL, EP_NON_ZERO, EP_LENGTH } from './stats/equity-pass.js';
export { quickselect, percentile, lowerTailPercentile, lowerTailMean, lowerTailMeanAndSquaredSums, tailMean } from './stats/percentile.js';
export {
  higherMomentSums, calendarRangesPeakSum, CAL_PEAK, CAL_SUM, CAL_LENGTH, regressionStats, regressionAboutMeans, momentAndRegressionSums,
  HM_M2, HM_M3, HM_M4, HM_GAIN, HM_LOSS, HM_LENGTH, RG_BETA, RG_CORR, RG_ALPHA, RG_IR, RG_LENGTH,
} from './stats/series-stats.js';
