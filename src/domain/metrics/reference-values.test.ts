/**
 * Metrics against literal values published in the test suites of well-known libraries (not values
 * this code printed):
 * - empyrical (quantopian/empyrical, `empyrical/tests/test_stats.py`): the daily return vectors
 *   `mixed_returns`, `negative_returns`, `positive_returns` with `period=DAILY` (252 periods a year)
 *   and their expected Sharpe, Sortino, annual volatility, annual return, Calmar, max drawdown.
 * - vectorbt (polakowo/vectorbt, `tests/test_returns.py`): `rets = ts.pct_change()` of
 *   a = [1, 2, 3, 4, 5] and b = [5, 4, 3, 2, 1], with `value_at_risk(cutoff=0.05)` and
 *   `cond_value_at_risk(cutoff=0.05)` (the k+1-smallest expected shortfall of DESIGN.md §5).
 * empyrical's returns are per-period returns; here they become an equity curve from an initial
 * cash of 100 (`equity_t = 100 · Π(1 + r)`), whose per-bar returns (the first from the initial
 * cash) are the same series. empyrical reports max drawdown as a negative number; ours is positive.
 */
import { describe, expect, it } from 'vitest';
import { computeMetrics } from './compute-metrics.js';
import type { MetricsInput } from './metrics-input.js';
import { metricValue } from './report-types.js';
import type { MetricKey } from './catalog.js';
import { allocTrades } from '../../kernels/sim/records.js';

const DAY = 86_400_000;

/** empyrical `mixed_returns` without its leading NaN (empyrical drops NaNs). */
const MIXED = [1, 10, -4, 2, 3, 2, 1, -10].map((x) => x / 100);
const NEGATIVE = [0, -6, -7, -1, -9, -2, -6, -8, -5].map((x) => x / 100);
const POSITIVE = [1, 2, 1, 1, 1, 1, 1, 1, 1].map((x) => x / 100);

function fromReturns(rets: number[], A: number): MetricsInput {
  const equity = new Float64Array(rets.length);
  let e = 100;
  rets.forEach((r, i) => { e *= 1 + r; equity[i] = e; });
  return {
    equity, time: Float64Array.from(rets, (_, i) => Date.UTC(2000, 0, 30) + i * DAY),
    benchmark: new Float64Array(rets.length).fill(1), trades: allocTrades(0), initCash: 100, barsPerYear: A,
  };
}

/** numpy.testing.assert_almost_equal(actual, desired, 8): |actual - desired| < 1.5e-8. */
function almost8(actual: number, desired: number): void {
  if (desired === Infinity) expect(actual).toBe(Infinity);
  else expect(Math.abs(actual - desired)).toBeLessThan(1.5e-8);
}

describe('empyrical test_stats.py (DAILY: 252 periods a year)', () => {
  const cases: [string, number[], Partial<Record<MetricKey, number>>][] = [
    ['mixed_returns', MIXED, {
      sharpe_ratio: 1.7238613961706866, // test_sharpe_ratio (mixed_returns, 0.0)
      sortino_ratio: 2.605531251673693, // test_sortino (mixed_returns, 0.0, DAILY)
      volatility: 0.9136465399704637, // test_annual_volatility (mixed_returns, DAILY)
      max_drawdown: 0.1, // test_max_drawdown (mixed_returns, -0.1)
      // (empyrical's annual_return of mixed_returns counts its NaN as a period: see weekly/monthly)
    }],
    ['negative_returns', NEGATIVE, {
      sharpe_ratio: -24.406808633910085,
      sortino_ratio: -13.532743075043401,
      max_drawdown: 0.36590730349873601,
    }],
    ['positive_returns', POSITIVE, {
      sharpe_ratio: 52.915026221291804,
      sortino_ratio: Infinity, // np.inf: no return below the required return
      max_drawdown: 0,
    }],
  ];
  for (const [name, rets, want] of cases) {
    it(name, () => {
      const rep = computeMetrics(fromReturns(rets, 252));
      for (const [k, x] of Object.entries(want)) almost8(metricValue(rep, k as MetricKey), x);
    });
  }
});

describe('empyrical test_stats.py: weekly_returns (WEEKLY, 52) and monthly_returns (MONTHLY, 12)', () => {
  // weekly_returns = monthly_returns = [0, 1, 10, -4, 2, 3, 2, 1, -10] / 100
  const RETS = [0, 1, 10, -4, 2, 3, 2, 1, -10].map((x) => x / 100);
  const cases: [string, number, Partial<Record<MetricKey, number>>][] = [
    ['weekly_returns', 52, {
      annualized_return: 0.24690830513998208, // test_annual_ret
      volatility: 0.38851569394870583, // test_annual_volatility
      calmar_ratio: 2.4690830513998208, // test_calmar
      // (not test_sortino's WEEKLY/MONTHLY values: there the downside risk is annualised with 252,
      // i.e. mean·52 / (dd·√252); the DAILY cases above check the Sortino formula)
    }],
    ['monthly_returns', 12, {
      annualized_return: 0.052242061386048144,
      volatility: 0.18663690238892558,
      calmar_ratio: 0.52242061386048144,
    }],
  ];
  for (const [name, A, want] of cases) {
    it(name, () => {
      const rep = computeMetrics(fromReturns(RETS, A));
      for (const [k, x] of Object.entries(want)) almost8(metricValue(rep, k as MetricKey), x);
    });
  }
});

describe('vectorbt test_returns.py (cutoff 0.05)', () => {
  // rets['a'] = pct_change of [1, 2, 3, 4, 5] without the leading NaN: [1, 0.5, 1/3, 0.25]
  // rets['b'] = pct_change of [5, 4, 3, 2, 1]: [-0.2, -0.25, -1/3, -0.5]
  const ts = { a: [1, 2, 3, 4, 5], b: [5, 4, 3, 2, 1] };
  const input = (p: number[]): MetricsInput => {
    // equity = the price path scaled, initial cash = the first price: returns are pct_change()[1:]
    const equity = Float64Array.from(p.slice(1));
    return {
      equity, time: Float64Array.from(equity, (_, i) => i * DAY), benchmark: new Float64Array(equity.length).fill(1),
      trades: allocTrades(0), initCash: p[0], barsPerYear: 365,
    };
  };
  it('value_at_risk and cond_value_at_risk of a and b', () => {
    const a = computeMetrics(input(ts.a));
    const b = computeMetrics(input(ts.b));
    almost8(metricValue(a, 'var_95'), 0.26249999999999996);
    almost8(metricValue(a, 'cvar_95'), 0.25);
    almost8(metricValue(b, 'var_95'), -0.47500000000000003);
    almost8(metricValue(b, 'cvar_95'), -0.5);
  });
});

describe('empyrical-reloaded test_stats.py test_value_at_risk (numpy linear percentile)', () => {
  it('literal cutoffs', async () => {
    const { percentile } = await import('../../kernels/stats.js');
    const q = (xs: number[], cutoff: number) => percentile(Float64Array.from(xs), cutoff * 100, new Float64Array(xs.length));
    almost8(q([1, 2], 0), 1);
    almost8(q([1, 2], 0.3), 1.3);
    almost8(q([1, 2], 1), 2);
    almost8(q([1, 81, 82, 83, 84, 85], 0.1), 41);
    almost8(q([1, 81, 82, 83, 84, 85], 0.2), 81);
    almost8(q([1, 81, 82, 83, 84, 85], 0.3), 81.5);
  });
});

describe('empyrical test_stats.py: omega, information ratio, alpha/beta, tail ratio', () => {
  it('test_omega (mixed_returns, risk_free = flat_line_1 = 0.01, required_return 0) = 0.8125', () => {
    // Omega against a 1% risk-free rate is our 0-threshold Omega of the returns minus 1%.
    const rep = computeMetrics(fromReturns(MIXED.map((r) => r - 0.01), 252));
    almost8(metricValue(rep, 'omega_ratio'), 0.8125);
  });

  it('test_information_ratio (mixed_returns, 0.0) = 0.10859306069076737 (a flat benchmark)', () => {
    const rep = computeMetrics(fromReturns(MIXED, 252));
    almost8(metricValue(rep, 'information_ratio'), 0.10859306069076737);
  });

  it('test_alpha_beta: (mixed_returns, negative_returns[1:]) = (-8.306666666666668, -0.71296296296296313); (r, r) = (0, 1); (r, -r) = (0, -1)', async () => {
    const { regressionStats, RG_ALPHA, RG_BETA, RG_LENGTH } = await import('../../kernels/stats.js');
    // aligned on dates: mixed_returns[1:] against negative_returns[1:], 8 pairs; alpha annualised × 252
    const b = NEGATIVE.slice(1);
    const g = regressionStats(MIXED, b, 8, new Float64Array(RG_LENGTH));
    almost8(g[RG_ALPHA] * 252, -8.306666666666668);
    almost8(g[RG_BETA], -0.71296296296296313);
    const same = regressionStats(MIXED, MIXED, 8, new Float64Array(RG_LENGTH));
    almost8(same[RG_ALPHA] * 252, 0);
    almost8(same[RG_BETA], 1);
    const inv = regressionStats(MIXED, MIXED.map((x) => -x), 8, new Float64Array(RG_LENGTH));
    almost8(inv[RG_ALPHA] * 252, 0);
    almost8(inv[RG_BETA], -1);
  });

  it('test_tail_ratio (mixed_returns) = 0.9473684210526313, asserted there to 1 decimal', () => {
    const rep = computeMetrics(fromReturns(MIXED, 252));
    expect(Math.abs(metricValue(rep, 'tail_ratio') - 0.9473684210526313)).toBeLessThan(0.15);
    // and exactly numpy's |percentile(r, 95)| / |percentile(r, 5)|: sorted (-10, -4, 1, 1, 2, 2, 3, 10)%
    // → p95 = 3 + 0.65·7 = 7.55%, p5 = -10 + 0.35·6 = -7.9%
    expect(metricValue(rep, 'tail_ratio')).toBeCloseTo(7.55 / 7.9, 12);
  });
});
