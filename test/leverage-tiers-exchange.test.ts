/**
 * Leverage tiers and the maximum leverage through ccxt (issue 11, docs/futures.md "Maintenance
 * margin"): the real ccxt `binance` class calls the loopback fake's signed
 * `GET /fapi/v1/leverageBracket` in Binance's wire format. Without an API key ccxt refuses before
 * any request and the run says so once; with one the tiers are fetched once and cached for the day;
 * a `--leverage` above the market's maximum is a usage error naming it.
 */
import { describe, expect, it } from 'vitest';
import { loadMarketData } from '../src/adapters/api/market-data.js';
import { withOrderLimits } from '../src/domain/portfolio/market-limits.js';
import { DEFAULT_PORTFOLIO } from '../src/domain/portfolio/spec.js';
import { simulate } from '../src/domain/portfolio/simulate.js';
import { FAKE_BRACKETS, FAKE_ETH_BRACKETS } from './fake-exchange/fake-responses.js';
import { fakeOverrides } from './fake-exchange/overrides.js';
import { fakeSource } from './fake-exchange/source-fixture.js';
import { useFakeExchange } from './fake-exchange/use-fake-exchange.js';
import { recordingObserver } from './optimization/fixtures.js';
import { hasSharedData } from './support/shared-data.js';

const ctx = useFakeExchange({ resetClockTo: Date.UTC(2025, 0, 1) });
const { fake, clock } = ctx;
const KEY = { apiKey: 'test-key', secret: 'test-secret' };
const brackets = () => fake.requests.filter((r) => r.path === '/fapi/v1/leverageBracket');
const swapSource = (keys: boolean) => fakeSource(fake, ctx.tmp.dir, clock, {
  market: 'swap', exchangeOverrides: { ...fakeOverrides(fake, 3_000), ...(keys && KEY) },
}).source;
const tiersOf = (brackets: readonly { notionalFloor: number; maintMarginRatio: number; initialLeverage: number }[]) =>
  brackets.map((b) => ({ minNotional: b.notionalFloor, maintenanceMarginRate: b.maintMarginRatio, maxLeverage: b.initialLeverage }));
const TIERS = tiersOf(FAKE_BRACKETS);

describe('leverage tiers from the fake Binance', () => {
  it('without an API key: no request, the reason says a key is needed', async () => {
    const r = await swapSource(false).leverageTiers('BTC/USDT');
    expect(r.tiers).toBeUndefined();
    expect(r.unavailable).toBe("binance's leverage tiers need an API key");
    expect(r.unavailable !== undefined && r.needsKey).toBe(true);
    expect(brackets()).toHaveLength(0);
  });

  it('with a key: one signed request for every market, then the cache for the rest of the day', async () => {
    const r = await swapSource(true).leverageTiers('BTC/USDT');
    expect(r.tiers).toEqual(TIERS);
    expect(brackets()).toHaveLength(1);
    expect(Object.keys(brackets()[0].query)).toEqual(expect.arrayContaining(['timestamp', 'signature']));
    fake.reset();
    // A new run (same cache folder): both symbols from the cache, no request at all.
    const again = swapSource(true);
    expect((await again.leverageTiers('ETH/USDT')).tiers).toEqual(tiersOf(FAKE_ETH_BRACKETS));
    expect((await again.leverageTiers('BTC/USDT')).tiers).toEqual(TIERS);
    expect(fake.count()).toBe(0);
    // The next UTC day refreshes them.
    clock.t += 86_400_000;
    await swapSource(true).leverageTiers('BTC/USDT');
    expect(brackets()).toHaveLength(1);
  });

  it('a failing endpoint leaves the run on the config/default rate with the reason', async () => {
    fake.failNext({ kind: 'server-error', count: 10, path: 'leverageBracket', status: 500 });
    const r = await swapSource(true).leverageTiers('BTC/USDT');
    expect(r.tiers).toBeUndefined();
    expect(r.unavailable).toMatch(/^binance's leverage tiers could not be fetched/);
  });
});

describe.skipIf(!hasSharedData)('a swap run with leverage on the fake Binance (needs ../shared/data)', () => {
  const req = { symbols: 'BTC/USDT', timeframe: '1d', start: '2023-01-01', end: '2023-03-01' };

  it('refuses a leverage above the market maximum (125x from the first bracket), naming it, before any candle', async () => {
    const rec = recordingObserver();
    await expect(loadMarketData(swapSource(true), { ...req, margin: { leverage: 150 } }, rec.observer))
      .rejects.toMatchObject({ code: 'USAGE', message: '--leverage 150 is above the maximum leverage of BTC/USDT on binance: 125x.' });
    expect(fake.klineRequests()).toHaveLength(0);
  });

  it('attaches the tiers, says which maintenance margin is used, and prices liquidations by the tier of the notional', async () => {
    const rec = recordingObserver();
    const data = await loadMarketData(swapSource(true), { ...req, margin: { leverage: 20 } }, rec.observer);
    const loaded = data.frames.get('BTC/USDT')!;
    expect(loaded.limits).toMatchObject({ maxLeverage: 125, leverageTiers: TIERS });
    expect(rec.events).toContain("note:BTC/USDT: maintenance margin from binance's leverage tiers by position notional (4 tier(s), 0.4% up to 1%); maximum leverage 125x");
    // A 20x all-in long of 100,000 at the first close: notional 2,000,000 lies in bracket 3 (0.65 %, cum 950).
    const f = loaded.frame;
    const n = f.length;
    const le = new Uint8Array(n);
    le[0] = 1;
    const sig = { longEntries: le, longExits: new Uint8Array(n), shortEntries: new Uint8Array(n), shortExits: new Uint8Array(n), slDistance: null, tpDistance: null, slFraction: 0, tpFraction: 0 };
    const spec = withOrderLimits({ ...DEFAULT_PORTFOLIO, market: 'swap', execution: 'close', fees: 0, slippage: 0, leverage: 20 }, loaded.limits);
    const r = simulate(f, sig, spec);
    const u = r.trades.units[0];
    const entry = r.trades.entryPrice[0];
    // (The market's lot step 0.001 rounds the units down.)
    expect(u * entry).toBeGreaterThan(1_999_000);
    expect(u * entry).toBeLessThanOrEqual(2_000_000);
    expect(r.trades.liqPrice[0]).toBeCloseTo(entry * (1 - 0.05 + 0.0065) - 950 / u, 9);
  });

  it('without a key says so once for all symbols and uses the default rate', async () => {
    const rec = recordingObserver();
    const data = await loadMarketData(swapSource(false), { ...req, symbols: 'BTC/USDT,ETH/USDT', margin: { leverage: 10 } }, rec.observer);
    expect(rec.events.filter((e) => e.startsWith("warn:binance's leverage tiers need an API key: set BACKTESTER_API_KEY and BACKTESTER_API_SECRET"))).toHaveLength(1);
    expect(rec.events).toContain('note:ETH/USDT: maintenance margin rate 0.005 (the default; set maintenance_margin_rate for your tier)');
    expect(data.frames.get('BTC/USDT')!.limits?.leverageTiers).toBeUndefined();
    // The config's rate: named as the one used, no key warning.
    const cfg = recordingObserver();
    await loadMarketData(swapSource(false), { ...req, margin: { leverage: 10, maintenanceMarginRate: 0.01 } }, cfg.observer);
    expect(cfg.events).toContain('note:BTC/USDT: maintenance margin rate 0.01 from the config (maintenance_margin_rate)');
    expect(cfg.events.some((e) => e.startsWith('warn:'))).toBe(false);
  });
});
