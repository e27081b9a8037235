/**
 * Funding through ccxt (docs/futures.md): the real ccxt `binance` class fetches
 * `/fapi/v1/fundingRate` from the loopback fake in Binance's wire format. `download --funding`
 * then an offline run, a second run making zero requests, and a corrupt funding cache refetched.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeBinance } from './fake-exchange/fake-binance.js';
import { FAKE_BRACKETS, FAKE_ETH_BRACKETS, fakeFundingRate } from './fake-exchange/fake-responses.js';
import { fakeOverrides } from './fake-exchange/overrides.js';
import { readCsvRows, readMetrics, runCli, tempDir } from './support/run-cli.js';
import { hasSharedData } from './support/shared-data.js';

/**
 * Every trade's units are on the swap market's LOT_SIZE step 0.001, and its liquidation price is the
 * bracket formula re-computed here from the fake exchange's brackets for its entry notional.
 */
function expectLotStepsAndBrackets(trades: readonly Record<string, string>[], leverage: number): void {
  for (const t of trades) {
    const u = Number(t.units);
    const e = Number(t.entry_price);
    expect(Math.abs(u / 0.001 - Math.round(u / 0.001)), `${t.symbol} ${u}`).toBeLessThan(1e-6);
    const brackets = t.symbol === 'ETH/USDT' ? FAKE_ETH_BRACKETS : FAKE_BRACKETS;
    const b = [...brackets].reverse().find((x) => x.notionalFloor <= u * e)!;
    const side = t.side === 'long' ? 1 : -1;
    expect(Number(t.liquidation_price)).toBeCloseTo(e * (1 - side * (1 / leverage - b.maintMarginRatio)) - (side * b.cum) / u, 6);
  }
}

describe.skipIf(!hasSharedData)('funding from an exchange through ccxt and the cache (needs ../shared/data)', () => {
  const fake = new FakeBinance();
  let root: string;
  let env: Record<string, string>;
  const fundingRequests = () => fake.requests.filter((r) => r.path === '/fapi/v1/fundingRate').length;
  const RANGE = ['--symbols', 'BTC/USDT', '--timeframe', '1h', '--start', '2023-01-01', '--end', '2023-03-01'];
  // --no-warmup: download fetched exactly the range, so the runs below must not need history before it.
  const RUN = [...RANGE, '--market', 'swap', '--leverage', '3', '--no-warmup'];

  beforeAll(async () => {
    await fake.start();
    root = await tempDir('bt-funding-');
    env = { BACKTESTER_CCXT_OPTIONS: JSON.stringify(fakeOverrides(fake)), BACKTESTER_CACHE_DIR: join(root, 'cache') };
  });
  afterAll(() => fake.stop());

  it('download --funding fills the cache; an offline run then charges those rates', async () => {
    const d = await runCli(['download', ...RANGE, '--market', 'swap', '--funding'], { env });
    expect(d.code, d.stderr).toBe(0);
    // 59 days × 3 funding times, in one page of 1,000.
    expect(d.stdout).toMatch(/BTC\/USDT funding: 177 funding rates \(1 request\(s\)\)/);
    expect(fundingRequests()).toBe(1);
    const q = fake.requests.find((r) => r.path === '/fapi/v1/fundingRate')!.query;
    expect([q.symbol, q.startTime, q.limit]).toEqual(['BTCUSDT', String(Date.UTC(2023, 0, 1)), '1000']);
    fake.reset();
    // Only the cache can answer: ccxt points at a closed port.
    const offline = { ...env, BACKTESTER_CCXT_OPTIONS: JSON.stringify({ ...fakeOverrides(fake), urls: { api: { public: 'http://127.0.0.1:9/api/v3', fapiPublic: 'http://127.0.0.1:9/fapi/v1' } } }) };
    const out = join(root, 'offline');
    const r = await runCli([...RUN, '--output', out], { env: offline });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(/NO funding/);
    // The trades' funding adds up to the account's (per-trade funding is re-computed from bars and rates in cli-futures.e2e.test.ts).
    const trades = readCsvRows(join(out, 'trades.csv'));
    const equity = readCsvRows(join(out, 'equity.csv'));
    const m = readMetrics(out);
    const sum = trades.reduce((s, t) => s + Number(t.funding), 0);
    expect(m.total_funding).toBeCloseTo(sum, 6);
    expect(Number(equity[equity.length - 1].funding)).toBeCloseTo(sum, 6);
    expect(Math.abs(sum)).toBeGreaterThan(0);
    // The cache holds the fake's exact rates.
    const cached = JSON.parse(readFileSync(join(root, 'cache', 'binance', 'swap', 'BTC-USDT_funding.json'), 'utf8')) as { time: number[]; rate: number[] };
    expect(cached.time).toHaveLength(177);
    cached.time.forEach((t, i) => expect(cached.rate[i]).toBe(fakeFundingRate(t)));
  });

  it('a second run makes zero funding requests; a corrupt funding cache is refetched', async () => {
    fake.reset();
    const a = await runCli([...RUN, '--output', join(root, 'again')], { env });
    expect(a.code, a.stderr).toBe(0);
    expect(fake.requests.length).toBe(0);
    const file = join(root, 'cache', 'binance', 'swap', 'BTC-USDT_funding.json');
    writeFileSync(file, '{"version":1,"from":0,"to":5,"time":[1,2'); // truncated
    const b = await runCli([...RUN, '--output', join(root, 'refetched')], { env });
    expect(b.code, b.stderr).toBe(0);
    expect(fundingRequests()).toBe(1);
    expect((JSON.parse(readFileSync(file, 'utf8')) as { time: number[] }).time).toHaveLength(177);
    expect(readMetrics(join(root, 'refetched')).total_funding).toBe(readMetrics(join(root, 'again')).total_funding);
  });

  it('with an API key: liquidation prices from the leverage brackets by notional; above the maximum leverage exit 2', async () => {
    const keyed = { ...env, BACKTESTER_API_KEY: 'test-key', BACKTESTER_API_SECRET: 'test-secret' };
    // ETHUSDT's first bracket allows 100x: 110 stops before any candle is fetched.
    fake.reset();
    const over = await runCli(['--symbols', 'ETH/USDT', '--timeframe', '1h', '--start', '2023-01-01', '--end', '2023-03-01', '--market', 'swap',
      '--leverage', '110', '--no-warmup', '--output', join(root, 'over')], { env: keyed });
    expect(over.code).toBe(2);
    expect(over.stderr).toContain('--leverage 110 is above the maximum leverage of ETH/USDT on binance: 100x.');
    expect(fake.klineRequests()).toHaveLength(0);
    // That one request brought every market's brackets into the cache for the day.
    expect(fake.requests.filter((x) => x.path === '/fapi/v1/leverageBracket')).toHaveLength(1);
    fake.reset();
    const out = join(root, 'tiers');
    const args = [...RANGE, '--market', 'swap', '--leverage', '20', '--no-warmup', '--output', out];
    const r = await runCli(args, { env: keyed });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("BTC/USDT: maintenance margin from binance's leverage tiers by position notional (4 tier(s), 0.4% up to 1%); maximum leverage 125x");
    expect(fake.requests.filter((x) => x.path === '/fapi/v1/leverageBracket')).toHaveLength(0);
    // A second implementation: the bracket of each trade's entry notional, Binance's cum.
    const trades = readCsvRows(join(out, 'trades.csv'));
    expect(trades.length).toBeGreaterThan(0);
    for (const t of trades) {
      const u = Number(t.units);
      const e = Number(t.entry_price);
      const b = [...FAKE_BRACKETS].reverse().find((x) => x.notionalFloor <= u * e)!;
      const side = t.side === 'long' ? 1 : -1;
      expect(Number(t.liquidation_price)).toBeCloseTo(e * (1 - side * (1 / 20 - b.maintMarginRatio)) - (side * b.cum) / u, 6);
    }
  });

  it('the --portfolio account takes each symbol\'s lot step and brackets from the exchange', async () => {
    const keyed = { ...env, BACKTESTER_API_KEY: 'test-key', BACKTESTER_API_SECRET: 'test-secret' };
    const out = join(root, 'portfolio');
    const r = await runCli(['--symbols', 'BTC/USDT,ETH/USDT', '--timeframe', '1h', '--start', '2023-01-01', '--end', '2023-03-01', '--market', 'swap',
      '--leverage', '20', '--no-warmup', '--portfolio', '--output', out], { env: keyed });
    expect(r.code, r.stderr).toBe(0);
    const trades = readCsvRows(join(out, 'portfolio', 'trades.csv'));
    const symbols = new Set(trades.map((t) => t.symbol));
    expect(symbols).toEqual(new Set(['BTC/USDT', 'ETH/USDT']));
    expectLotStepsAndBrackets(trades, 20);
  });

  it('--portfolio --optimize: the largest leverage of the range is checked (exit 2 before any candle); rows use each symbol\'s lot step and brackets', async () => {
    const keyed = { ...env, BACKTESTER_API_KEY: 'test-key', BACKTESTER_API_SECRET: 'test-secret' };
    const ARGS = ['--symbols', 'BTC/USDT,ETH/USDT', '--timeframe', '1h', '--start', '2023-01-01', '--end', '2023-03-01', '--market', 'swap',
      '--no-warmup', '--portfolio', '--optimize', '--workers', '1', '--range', 'short_ma_window=10,20'];
    fake.reset();
    // ETHUSDT allows 100x: a range up to 110 stops before any candle is fetched.
    const over = await runCli([...ARGS, '--range', 'leverage=5,110', '--output', join(root, 'popt-over')], { env: keyed });
    expect(over.code).toBe(2);
    expect(over.stderr).toContain("The leverage range's largest value 110 is above the maximum leverage of ETH/USDT on binance: 100x.");
    expect(fake.klineRequests()).toHaveLength(0);
    const out = join(root, 'popt');
    const r = await runCli([...ARGS, '--range', 'leverage=5,20', '--metric', 'total_return', '--output', out], { env: keyed });
    expect(r.code, r.stderr).toBe(0);
    const results = readCsvRows(join(out, 'optimization_results.csv'));
    expect(results).toHaveLength(4);
    const lev = Number(results[0].leverage);
    // best_backtest/ is the best row's account (the job checks every metric bit for bit) with the exchange's limits.
    expect(readMetrics(join(out, 'best_backtest')).total_return).toBe(Number(results[0].total_return));
    const trades = readCsvRows(join(out, 'best_backtest', 'trades.csv'));
    expect(trades.length).toBeGreaterThan(0);
    expectLotStepsAndBrackets(trades, lev);
  });

  it('an offline run whose funding is not cached says so and runs without funding', async () => {
    const cacheDir = join(root, 'candles-only');
    const d = await runCli(['download', ...RANGE, '--market', 'swap', '--cache-dir', cacheDir], { env });
    expect(d.code, d.stderr).toBe(0);
    const offline = { ...env, BACKTESTER_CCXT_OPTIONS: JSON.stringify({ ...fakeOverrides(fake, 500), urls: { api: { public: 'http://127.0.0.1:9/api/v3', fapiPublic: 'http://127.0.0.1:9/fapi/v1' } } }) };
    const out = join(root, 'no-funding');
    const r = await runCli([...RUN, '--cache-dir', cacheDir, '--output', out], { env: offline });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/BTC\/USDT: the funding history could not be fetched from binance .*this swap run has NO funding payments/);
    expect(readMetrics(out).total_funding).toBe(0);
  });
});
