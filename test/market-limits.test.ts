/**
 * Exchange order limits (issue 10 item 5): ccxt's amount precision and minimum amount/cost, kept in
 * the cached market list, applied to entries where the config sets none; and warm-up history
 * loaded through the ccxt source and its cache. Against the loopback fake Binance, whose
 * exchangeInfo serves LOT_SIZE (step 0.00001, min 0.00001) and NOTIONAL (min 5) filters.
 */
import { describe, expect, it } from 'vitest';
import { loadMarketData } from '../src/adapters/api/market-data.js';
import { orderLimits } from '../src/adapters/data/ccxt/markets-list.js';
import { withOrderLimits } from '../src/domain/portfolio/market-limits.js';
import { DEFAULT_PORTFOLIO } from '../src/domain/portfolio/spec.js';
import { dmaAtrTrend } from '../src/domain/strategies/dma-atr-trend.js';
import { runBacktest } from '../src/orchestration/run-backtest.js';
import { fakeSource } from './fake-exchange/source-fixture.js';
import { useFakeExchange } from './fake-exchange/use-fake-exchange.js';
import { recordingObserver } from './optimization/fixtures.js';
import { hasSharedData } from './support/shared-data.js';

const ctx = useFakeExchange({ resetClockTo: Date.UTC(2025, 0, 1) });
const { fake, clock } = ctx;
const BINANCE_SPOT = { amountStep: 0.00001, minAmount: 0.00001, minCost: 5 };

describe('order limits from ccxt market info', () => {
  it("reads ccxt's unified fields by precision mode (tick size, decimal places, significant digits)", () => {
    const m = { precision: { amount: 0.001 }, limits: { amount: { min: 0.002 }, cost: { min: 10 } } };
    expect(orderLimits(m, 4)).toEqual({ amountStep: 0.001, minAmount: 0.002, minCost: 10 });
    expect(orderLimits({ precision: { amount: 3 } }, 2)).toEqual({ amountStep: 0.001 });
    expect(orderLimits({ precision: { amount: 3 }, limits: { cost: { min: 1 } } }, 3)).toEqual({ minCost: 1 });
    expect(orderLimits({ precision: {}, limits: { amount: { min: undefined }, cost: { min: 0 } } }, 4)).toBeUndefined();
  });

  it('fill the spec only where the config sets nothing (a configured 0 wins too)', () => {
    expect(withOrderLimits(DEFAULT_PORTFOLIO, BINANCE_SPOT)).toMatchObject({ sizeGranularity: 0.00001, minSize: 0.00001, minNotional: 5 });
    const configured = { ...DEFAULT_PORTFOLIO, sizeGranularity: 0, minNotional: 20 };
    expect(withOrderLimits(configured, BINANCE_SPOT)).toMatchObject({ sizeGranularity: 0, minSize: 0.00001, minNotional: 20 });
    expect(withOrderLimits(DEFAULT_PORTFOLIO, undefined)).toBe(DEFAULT_PORTFOLIO);
  });
});

describe.skipIf(!hasSharedData)('on the fake Binance (needs ../shared/data)', () => {
  it('come from exchangeInfo once, then from the cached market list with no request', async () => {
    const { source } = fakeSource(fake, ctx.tmp.dir, clock);
    expect(await source.marketLimits('BTC/USDT')).toEqual(BINANCE_SPOT);
    expect(fake.count('/exchangeInfo')).toBe(1);
    fake.reset();
    const again = fakeSource(fake, ctx.tmp.dir, clock).source; // a new run, same cache folder
    expect(await again.marketLimits('BTC/USDT')).toEqual(BINANCE_SPOT);
    expect(await again.marketLimits('NOPE/USDT')).toBeUndefined();
    expect(fake.count()).toBe(0);
  });

  it('a run loads them with the data (and its warm-up through the cache) and sizes entries in whole lot steps', async () => {
    const { source } = fakeSource(fake, ctx.tmp.dir, clock);
    const rec = recordingObserver();
    const req = { symbols: 'BTC/USDT', timeframe: '1h', start: '2023-02-01', end: '2023-04-01', warmupBars: 300 };
    const data = await loadMarketData(source, req, rec.observer);
    const loaded = data.frames.get('BTC/USDT')!;
    expect(loaded.limits).toEqual(BINANCE_SPOT);
    expect(loaded.frame.warmup).toBe(300);
    expect(loaded.frame.time[300]).toBe(Date.UTC(2023, 1, 1));
    expect(rec.events.some((e) => e === 'note:Market limits of BTC/USDT on binance: amount step 0.00001, minimum amount 0.00001, minimum cost 5 (applied to entries unless the config sets size_granularity, min_size or min_notional)')).toBe(true);
    // Again from the cache: the same frame, no request at all.
    fake.reset();
    const cached = await loadMarketData(fakeSource(fake, ctx.tmp.dir, clock).source, req, recordingObserver().observer);
    expect(fake.count()).toBe(0);
    expect(Array.from(cached.frames.get('BTC/USDT')!.frame.close)).toEqual(Array.from(loaded.frame.close));

    const params = { ...dmaAtrTrend.defaults, short_ma_window: 10, long_ma_window: 30, trend_ma_window: 100 };
    const free = runBacktest({ frame: loaded.frame, strategy: dmaAtrTrend, params, portfolio: DEFAULT_PORTFOLIO });
    const lots = runBacktest({ frame: loaded.frame, strategy: dmaAtrTrend, params, portfolio: withOrderLimits(DEFAULT_PORTFOLIO, loaded.limits) });
    expect(lots.sim.orders.count).toBeGreaterThan(0);
    expect(lots.portfolio).toMatchObject({ sizeGranularity: 0.00001, minSize: 0.00001, minNotional: 5 });
    let fractional = 0;
    for (let i = 0; i < lots.sim.orders.count; i++) {
      const u = lots.sim.orders.units[i];
      const steps = u / 0.00001;
      expect(Math.abs(steps - Math.round(steps)), `order ${i}: ${u} units`).toBeLessThan(1e-6);
      if (Math.abs(free.sim.orders.units[i] / 0.00001 - Math.round(free.sim.orders.units[i] / 0.00001)) > 1e-6) fractional++;
    }
    expect(fractional).toBeGreaterThan(0); // without the limits the same orders were fractional
  });
});
