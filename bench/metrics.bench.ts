/**
 * Metrics time on one year of 1h (8,760 bars) of DMA-ATR-Trend on the sample market:
 * - `computeMetricsInto`: the catalog the optimizer computes per combination (scratch reused);
 * - `computeMetrics`: the catalog plus the full statistics set and reason texts (a single run).
 * Target (issue 9): `computeMetrics` within 2× of the 88 µs `computeMetricsInto` took before the
 * full statistics set. Median of many calls after a warm-up. The machine may be shared.
 *   npx tsx bench/metrics.bench.ts
 */
import { performance } from 'node:perf_hooks';
import { SampleMarketSource } from '../src/adapters/data/sample-market.js';
import { METRIC_COUNT } from '../src/domain/metrics/catalog.js';
import { computeMetrics } from '../src/domain/metrics/compute-metrics.js';
import { computeMetricsInto } from '../src/domain/metrics/compute-metrics-into.js';
import { createMetricsScratch, type MetricsInput } from '../src/domain/metrics/metrics-input.js';
import { dmaAtrTrend } from '../src/domain/strategies/dma-atr-trend.js';
import { DEFAULT_PORTFOLIO } from '../src/domain/portfolio/spec.js';
import { runBacktest } from '../src/orchestration/run-backtest.js';

const { frame } = await new SampleMarketSource().load({ symbol: 'BTC/USDT', timeframe: '1h', start: Date.UTC(2023, 0, 1), end: Date.UTC(2024, 0, 1) });
const r = runBacktest({ frame, strategy: dmaAtrTrend, params: dmaAtrTrend.defaults, portfolio: DEFAULT_PORTFOLIO });
const input: MetricsInput = {
  equity: r.sim.equity, time: frame.time, benchmark: frame.close, trades: r.sim.trades,
  initCash: DEFAULT_PORTFOLIO.initCash, barsPerYear: 8760,
};

function time(label: string, fn: () => void, calls = 2000): void {
  for (let i = 0; i < 500; i++) fn();
  const samples: number[] = [];
  for (let k = 0; k < 15; k++) {
    const t0 = performance.now();
    for (let i = 0; i < calls / 15; i++) fn();
    samples.push(((performance.now() - t0) * 1000) / (calls / 15));
  }
  samples.sort((a, b) => a - b);
  console.log(`${label}: best ${samples[0].toFixed(1)} µs, median ${samples[samples.length >> 1].toFixed(1)} µs per call`);
}

console.log(`one year of 1h: ${frame.length.toLocaleString('en-US')} bars, ${r.sim.trades.count} trades`);
const out = new Float64Array(METRIC_COUNT);
const scratch = createMetricsScratch(frame.length);
time('computeMetricsInto (optimizer: catalog only)', () => computeMetricsInto(input, out, scratch));
time('computeMetrics (catalog + full statistics + reasons; target < 176 µs = 2 × 88 µs)', () => computeMetrics(input, scratch));
