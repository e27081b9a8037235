import { describe, expect, it } from 'vitest';
import { fixtureResult } from '../../../../../test/support/fixture-result.js';
import { METRICS } from '../../../../domain/metrics/catalog.js';
import { computeMetrics } from '../../../../domain/metrics/compute-metrics.js';
import { allocTrades } from '../../../../domain/portfolio/records.js';
import { benchmarkMetrics } from './benchmark-metrics.js';

describe('benchmarkMetrics', () => {
  it('every catalog value and reason exactly as computeMetrics gives them for the buy-and-hold equity', () => {
    for (const r of [fixtureResult({ bars: 3000 }), fixtureResult({ bars: 40, trades: 'none' }), fixtureResult({ bars: 2000, seed: 3, timeframe: '1d' })]) {
      const full = computeMetrics({
        equity: r.benchmarkEquity, time: r.frame.time, benchmark: r.benchmarkEquity, trades: allocTrades(0),
        initCash: r.portfolio.initCash, barsPerYear: r.annualization.periodsPerYear,
      });
      const got = benchmarkMetrics(r);
      expect(got).not.toBeNull();
      METRICS.forEach((m, i) => {
        expect(Object.is(got!.values[i], full.values[i])).toBe(true);
        expect(got!.reasons[m.key]).toBe(full.reasons[m.key]);
      });
      expect(Object.keys(got!.reasons).every((k) => METRICS.some((m) => m.key === k))).toBe(true);
      // Some metrics are undefined for a run without trades: their reasons come through.
      expect(Object.keys(got!.reasons).length).toBeGreaterThan(0);
    }
  });

  it('null without a benchmark curve', () => {
    const r = fixtureResult({ bars: 100 });
    expect(benchmarkMetrics({ ...r, benchmarkEquity: new Float64Array(0) })).toBeNull();
  });
});
