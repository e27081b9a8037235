/**
 * What runBacktest makes on first read (trade rows, benchmark curve) and the metrics' shared
 * scratch give the same values as the eager computations they replace.
 */
import { describe, expect, it } from 'vitest';
import { SampleMarketSource } from '../adapters/data/sample-market.js';
import { benchmarkEquity } from '../domain/metrics/benchmark.js';
import { computeMetrics } from '../domain/metrics/compute-metrics.js';
import { createMetricsScratch, type MetricsInput } from '../domain/metrics/metrics-input.js';
import { DEFAULT_PORTFOLIO } from '../domain/portfolio/spec.js';
import { tradeList } from '../domain/portfolio/trade-list.js';
import { dmaAtrTrend } from '../domain/strategies/dma-atr-trend.js';
import { runBacktest } from './run-backtest.js';

const load = (timeframe: '1h' | '4h', months: number) => new SampleMarketSource().load({
  symbol: 'BTC/USDT', timeframe, start: Date.UTC(2023, 0, 1), end: Date.UTC(2023, months, 1),
});
const sameBits = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.from(a).every((v, i) => Object.is(v, b[i]));

describe('runBacktest lazy fields', () => {
  it('trades and benchmarkEquity equal the eager calls, are made once, and survive a spread', async () => {
    const { frame } = await load('4h', 8);
    const portfolio = { ...DEFAULT_PORTFOLIO, market: 'swap' as const, execution: 'next_open' as const };
    const r = runBacktest({ frame, strategy: dmaAtrTrend, params: dmaAtrTrend.defaults, portfolio });
    expect(r.sim.trades.count).toBeGreaterThan(2);
    expect(r.trades).toEqual(tradeList(frame.symbol, r.sim.trades, frame, portfolio.execution));
    expect(r.trades).toBe(r.trades);
    expect(sameBits(r.benchmarkEquity, benchmarkEquity(frame.close, portfolio.initCash))).toBe(true);
    expect(r.benchmarkEquity).toBe(r.benchmarkEquity);
    expect(r.benchmarkEquity[0]).toBe(portfolio.initCash);
    const copy = { ...r };
    expect(copy.trades).toBe(r.trades);
    expect(copy.benchmarkEquity).toBe(r.benchmarkEquity);
  });

  it('a given benchmark (warm-up sliced as before) feeds the lazy curve', async () => {
    const { frame } = await load('4h', 4);
    const bench = frame.close.map((c, i) => c * (1 + 0.01 * Math.sin(i)));
    const r = runBacktest({ frame, strategy: dmaAtrTrend, params: dmaAtrTrend.defaults, portfolio: DEFAULT_PORTFOLIO, benchmark: bench });
    expect(sameBits(r.benchmarkEquity, benchmarkEquity(bench, DEFAULT_PORTFOLIO.initCash))).toBe(true);
  });
});

describe('computeMetrics without a scratch (shared, weakly held)', () => {
  it('a long run, then a short one, then the long one again: the same bits as fresh scratches', async () => {
    const long = runBacktest({ frame: (await load('1h', 12)).frame, strategy: dmaAtrTrend, params: dmaAtrTrend.defaults, portfolio: DEFAULT_PORTFOLIO });
    const short = runBacktest({ frame: (await load('4h', 3)).frame, strategy: dmaAtrTrend, params: dmaAtrTrend.defaults, portfolio: DEFAULT_PORTFOLIO });
    const input = (r: typeof long): MetricsInput => ({
      equity: r.sim.equity, time: r.frame.time, benchmark: r.frame.close, trades: r.sim.trades,
      initCash: DEFAULT_PORTFOLIO.initCash, barsPerYear: r.annualization.periodsPerYear,
    });
    for (const r of [long, short, long, short]) {
      const got = computeMetrics(input(r));
      const want = computeMetrics(input(r), createMetricsScratch(r.frame.length));
      expect(sameBits(got.values, want.values)).toBe(true);
      expect(sameBits(got.stats!, want.stats!)).toBe(true);
      expect(got.reasons).toEqual(want.reasons);
      // and runBacktest's own metrics (made through the shared scratch) agree
      expect(sameBits(r.metrics.values, want.values) && sameBits(r.metrics.stats!, want.stats!)).toBe(true);
    }
  });
});
