/**
 * Single-backtest time for DMA-ATR-Trend without I/O: indicators + signals + simulation + metrics
 * (runBacktest), on 8,760 bars (one year of 1h) and 525,600 bars (one year of 1m) of the sample
 * market. Target: 525,600 bars in under 50 ms on a 2-core machine. Then the same 1m year with the
 * issue-10 orders on (ATR trailing stop armed after +1%, limit entries 0.5 ATR below the close valid
 * 3 bars, a 2-day time stop): target < 60 ms.
 *   npx tsx bench/single.bench.ts [repeats]
 * The data is generated (and its generation timed separately) before the timed runs.
 */
import { performance } from 'node:perf_hooks';
import { SampleMarketSource } from '../src/adapters/data/sample-market.js';
import { dmaAtrTrend } from '../src/domain/strategies/dma-atr-trend.js';
import { DEFAULT_PORTFOLIO } from '../src/domain/portfolio/spec.js';
import { runBacktest } from '../src/orchestration/run-backtest.js';
import type { Timeframe } from '../src/domain/frame/timeframe.js';

const repeats = Number(process.argv[2] ?? 15);

const ORDERS = { params: { trailing_atr_multiplier: 3, entry_offset_atr: 0.5 }, portfolio: { trailingActivation: 0.01, entryExpiryBars: 3, maxBarsInTrade: 2880 } };

async function bench(timeframe: Timeframe, label: string, orders = false): Promise<void> {
  const source = new SampleMarketSource();
  const g0 = performance.now();
  const { frame } = await source.load({ symbol: 'BTC/USDT', timeframe, start: Date.UTC(2023, 0, 1), end: Date.UTC(2024, 0, 1) });
  const gen = performance.now() - g0;
  const params = orders ? { ...dmaAtrTrend.defaults, ...ORDERS.params } : dmaAtrTrend.defaults;
  const portfolio = orders ? { ...DEFAULT_PORTFOLIO, ...ORDERS.portfolio } : DEFAULT_PORTFOLIO;
  const times: number[] = [];
  let trades = 0;
  let expired = 0;
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    // A fresh indicator cache each time: nothing is reused between repeats.
    const r = runBacktest({ frame, strategy: dmaAtrTrend, params, portfolio });
    times.push(performance.now() - t0);
    trades = r.sim.trades.count;
    expired = r.sim.expiredOrders ?? 0;
  }
  times.sort((a, b) => a - b);
  const median = times[times.length >> 1];
  console.log(`single backtest, ${label}: ${frame.length.toLocaleString('en-US')} bars, ${trades} trades${orders ? `, ${expired} expired orders` : ''} | best ${times[0].toFixed(1)} ms, median ${median.toFixed(1)} ms | ${(frame.length / (times[0] / 1000) / 1e6).toFixed(1)} M bars/s | (data generation ${gen.toFixed(0)} ms, not timed)`);
}

await bench('1h', 'one year of 1h');
await bench('1m', 'one year of 1m (target < 40 ms, issue 15)');
await bench('1m', 'one year of 1m, trailing stops + limit entries + time stop (target < 60 ms)', true);
