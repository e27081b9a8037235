/**
 * Why a metric is undefined (NaN). `computeMetricsInto` writes one code per metric into
 * `MetricsScratch.reasons` (0 = defined); `computeMetrics` turns the codes into these texts.
 */
export const REASON_NONE = 0;
export const REASON_NO_BARS = 1;
export const REASON_TOO_FEW_BARS = 2;
export const REASON_ONE_RETURN = 3;
export const REASON_ZERO_VARIANCE = 4;
export const REASON_NO_DOWNSIDE = 5;
export const REASON_NO_DRAWDOWN = 6;
export const REASON_EQUITY_NOT_FINITE = 7;
export const REASON_EQUITY_NOT_POSITIVE = 8;
export const REASON_INIT_CASH_INVALID = 9;
export const REASON_FINAL_EQUITY_NEGATIVE = 10;
export const REASON_NO_CLOSED_TRADES = 11;
export const REASON_ZERO_PNL = 12;
export const REASON_BENCHMARK_PRICES = 13;
export const REASON_BARS_PER_YEAR_INVALID = 14;
export const REASON_FIRST_EQUITY_NOT_POSITIVE = 15;
export const REASON_ALL_RETURNS_ZERO = 16;
export const REASON_NO_TIME_SPAN = 17;
export const REASON_NO_WINS = 18;
export const REASON_NO_LOSSES = 19;
export const REASON_TOO_FEW_TRADES = 20;
export const REASON_BENCHMARK_FLAT = 21;
export const REASON_NO_LONG_TRADES = 22;
export const REASON_NO_SHORT_TRADES = 23;
export const REASON_UNKNOWN = 24;

/** Text of each reason code, indexed by code. */
export const REASON_TEXT: readonly string[] = [
  '',
  'the equity curve is empty',
  'fewer than 2 bars: there are no per-bar returns',
  'only 1 bar: the sample standard deviation (ddof=1) needs at least 2 per-bar returns',
  'zero variance of per-bar returns (standard deviation is 0)',
  'no negative per-bar returns: the downside deviation is 0',
  'no drawdown: equity never fell below its running peak',
  'the equity curve contains non-finite values',
  'equity is zero or negative at some bar: per-bar returns are undefined',
  'initial cash is not a positive number',
  'final equity is negative: (1 + total_return) has no real fractional power',
  'no closed trades',
  'every closed trade has pnl exactly 0: gross profit and gross loss are both 0',
  'a benchmark close is missing or not a positive finite price',
  'bars per year is not a positive number',
  'the first equity value is not positive: drawdowns are undefined',
  'every per-bar return is 0: the ratio is 0/0',
  'the first and last bars have the same time: no calendar time to annualize over',
  'no winning closed trade',
  'no losing closed trade',
  'fewer than 2 closed trades: the sample standard deviation needs 2',
  'the benchmark returns have zero variance',
  'no closed long trade',
  'no closed short trade',
  'undefined: an input value is not finite',
];
