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
