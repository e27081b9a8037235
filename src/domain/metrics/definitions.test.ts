/**
 * The metric definitions a quant checks first (DESIGN.md §5): the first bar's return, expected
 * shortfall with ties, Sortino without downside, the initial cash as the first drawdown peak.
 * Hand-worked values.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeMetrics } from './compute-metrics.js';
import type { MetricsInput } from './metrics-input.js';
import { metricValue } from './report-types.js';
import { allocTrades } from '../../kernels/sim/records.js';
import { lowerTailMean, lowerTailPercentile } from '../../kernels/stats.js';

const DAY = 86_400_000;

function input(equity: number[], initCash: number): MetricsInput {
  const n = equity.length;
  return {
    equity: Float64Array.from(equity), time: Float64Array.from({ length: n }, (_, i) => i * DAY),
    benchmark: new Float64Array(n).fill(1), trades: allocTrades(0), initCash, barsPerYear: 365,
  };
}

describe('first-bar return', () => {
  it('an entry fee paid on bar 0 is in the returns (Sharpe, volatility) and in the drawdown', () => {
    // init 1000, fee 1 on bar 0 → 999, then +1%, -1%
    const eq = [999, 999 * 1.01, 999 * 1.01 * 0.99];
    const r = computeMetrics(input(eq, 1000));
    const rets = [-0.001, 0.01, -0.01];
    const mu = rets.reduce((s, x) => s + x, 0) / 3;
    const sd = Math.sqrt(rets.reduce((s, x) => s + (x - mu) ** 2, 0) / 2);
    expect(metricValue(r, 'sharpe_ratio')).toBeCloseTo((mu / sd) * Math.sqrt(365), 10);
    expect(metricValue(r, 'volatility')).toBeCloseTo(sd * Math.sqrt(365), 12);
    // the first peak is the initial cash 1000, standing at bar 0: bar 0 at 999 is a 0.1% drawdown
    // period; bar 1 (1008.99) recovers; bar 2 is 1% below bar 1 → avg depth (0.001 + 0.01) / 2
    expect(metricValue(r, 'max_drawdown')).toBeCloseTo(0.01, 14);
    expect(metricValue(r, 'avg_drawdown')).toBeCloseTo((0.001 + 0.01) / 2, 14);
    // without the initial cash as a peak there would be one period only, avg 0.01
    expect(computeMetrics(input(eq, 999)).reasons.avg_drawdown).toBeUndefined();
    expect(metricValue(computeMetrics(input(eq, 999)), 'avg_drawdown')).toBeCloseTo(0.01, 14);
    // 999*1.01 = 1008.99 ≥ 1000 recovers on bar 1: period 1 is bar 0 → bar 1 (1 bar); period 2 bar 1 → 2
    expect(metricValue(r, 'max_drawdown_duration_bars')).toBe(1);
  });
});

describe('CVaR 95% = mean of the k+1 smallest returns, k = floor((n-1)*0.05)', () => {
  it('a strategy flat most bars: ties at VaR (= 0) do not dilute the tail', () => {
    // 100 returns: 95 zeros, then -0.02, -0.01, -0.005 and two gains. k = floor(99*0.05) = 4
    const rets = [...new Array(95).fill(0), -0.02, -0.01, -0.005, 0.01, 0.02];
    const eq: number[] = [];
    let e = 100;
    for (const x of rets) { e *= 1 + x; eq.push(e); }
    const r = computeMetrics(input(eq, 100));
    // the 5 smallest: -0.02, -0.01, -0.005, 0, 0 → mean -0.007 (the old "mean of r <= VaR" mixed in 95 zeros)
    expect(metricValue(r, 'cvar_95')).toBeCloseTo(-0.035 / 5, 12);
    // VaR: h = 99*0.05 = 4.95 → x_4 + 0.95*(x_5 - x_4) = 0 (both zeros)
    expect(metricValue(r, 'var_95')).toBeCloseTo(0, 15);
  });

  it('property: lowerTailMean after the heap pass equals the mean of the k+1 smallest of a sort', () => {
    fc.assert(fc.property(
      fc.array(fc.oneof(fc.constant(0), fc.constant(-0.01), fc.double({ min: -1, max: 1, noNaN: true })), { minLength: 1, maxLength: 300 }),
      (xs) => {
        const src = Float64Array.from(xs);
        const heap = new Float64Array(xs.length);
        lowerTailPercentile(src, 5, heap);
        const k = Math.floor((xs.length - 1) * 0.05);
        const sorted = [...xs].sort((a, b) => a - b);
        const want = sorted.slice(0, k + 1).reduce((s, x) => s + x, 0) / (k + 1);
        const got = lowerTailMean(src, k, heap[0]);
        expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-12);
      },
    ), { numRuns: 500 });
  });
});

describe('Sortino with no negative return', () => {
  it('is +Infinity (a defined value) when the mean is positive', () => {
    const r = computeMetrics(input([101, 101, 103], 100));
    expect(metricValue(r, 'sortino_ratio')).toBe(Infinity);
    expect(r.reasons.sortino_ratio).toBeUndefined();
  });
});
