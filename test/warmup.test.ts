/**
 * Warm-up history (issue 10 item 8): the strategy's declared warm-up, loading it before --start
 * from the sources, and the rule that a warmed run is the longer run cut at --start.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BacktestRunner } from '../src/adapters/api/backtest-runner.js';
import { loadMarketData } from '../src/adapters/api/market-data.js';
import { CsvSource } from '../src/adapters/data/csv-source.js';
import { SampleMarketSource } from '../src/adapters/data/sample-market.js';
import { lowerBound } from '../src/domain/frame/frame.js';
import { DEFAULT_PORTFOLIO, type PortfolioSpec } from '../src/domain/portfolio/spec.js';
import { dmaAtrTrend, type DmaAtrTrendParams } from '../src/domain/strategies/dma-atr-trend.js';
import { dmaAtrTrendWarmup } from '../src/domain/strategies/dma-atr-trend-warmup.js';
import { gridWarmup } from '../src/domain/strategies/warmup-bars.js';
import { runBacktest } from '../src/orchestration/run-backtest.js';
import { recordingObserver } from './optimization/fixtures.js';

const D = dmaAtrTrend.defaults;
const SHARED_DATA = join(import.meta.dirname, '../../shared/data');
const day = (s: string) => Date.parse(`${s}T00:00:00Z`);
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('DMA-ATR-Trend declares its warm-up', () => {
  it('is its longest window, ×3 for EMA, 5×ATR and 6×ADX periods when used, plus the confirmation bars', () => {
    expect(dmaAtrTrendWarmup(D)).toBe(200); // SMA 200; ATR 14 → 70 < 200
    expect(dmaAtrTrendWarmup({ ...D, ma_type: 'EMA', trend_ma_window: 100 })).toBe(300);
    expect(dmaAtrTrendWarmup({ ...D, trend_ma_window: 60, atr_period: 20 })).toBe(100); // ATR stops on: 5 × 20
    expect(dmaAtrTrendWarmup({ ...D, trend_ma_window: 60, atr_period: 20, sl_atr_multiplier: 0, tp_atr_multiplier: 0 })).toBe(60); // ATR unused
    expect(dmaAtrTrendWarmup({ ...D, trend_ma_window: 60, sl_atr_multiplier: 0, tp_atr_multiplier: 0, trailing_atr_multiplier: 2, atr_period: 30 })).toBe(150);
    expect(dmaAtrTrendWarmup({ ...D, use_adx: true, adx_period: 40 })).toBe(240);
    expect(dmaAtrTrendWarmup({ ...D, signal_confirmation_bars: 3 })).toBe(203);
    expect(dmaAtrTrend.warmupBars!(D)).toBe(200);
  });

  it('an optimization takes the largest warm-up over its grid', () => {
    expect(gridWarmup(dmaAtrTrend, D, { trend_ma_window: [100, 300, 150], short_ma_window: [5, 10] })).toBe(300);
    expect(gridWarmup(dmaAtrTrend, D, { ma_type: ['SMA', 'EMA'] })).toBe(600); // EMA 200 → 3 × 200
    expect(gridWarmup(dmaAtrTrend, D, { ma_type: ['SMA', 'EMA'], trend_ma_window: [100, 150] })).toBe(600); // the base's 200 with EMA
    expect(gridWarmup({}, D, { trend_ma_window: [100] })).toBe(0); // a strategy that declares none
    // A huge range (the grid-size check comes later) is scanned without spreading it into Math.max.
    expect(gridWarmup(dmaAtrTrend, D, { trend_ma_window: Array.from({ length: 320_000 }, (_, i) => i + 1) })).toBe(320_000);
  });
});

describe('a warmed run', () => {
  const portfolio: PortfolioSpec = { ...DEFAULT_PORTFOLIO };
  // SMAs and fractional stops: values that do not depend on where the data starts. Recursive
  // indicators (EMA, Wilder's ATR/ADX) keep a trace of their seed, which the warm-up factors bound.
  const params: DmaAtrTrendParams = { ...D, short_ma_window: 10, long_ma_window: 30, trend_ma_window: 100, sl_atr_multiplier: 0, tp_atr_multiplier: 0, sl_stop: 0.05, tp_stop: 0.15 };

  it('is the longer unwarmed run cut at --start: bars, signals, fills identical from there, equity re-based', async () => {
    const src = new SampleMarketSource();
    const W = dmaAtrTrendWarmup(params);
    // The longer run, from 2021, trades before 2023; the warmed run's start is the first bar of
    // 2023 on which the longer run is flat with no order pending (so both accounts are all cash).
    const long = (await src.load({ symbol: 'BTC/USDT', timeframe: '1d', start: day('2021-01-01'), end: day('2024-01-01') })).frame;
    const lr = runBacktest({ frame: long, strategy: dmaAtrTrend, params, portfolio });
    let s = lowerBound(long.time, day('2023-01-01'));
    while (lr.sim.position[s - 1] !== 0 || lr.signals.longEntries[s - 1] === 1) s++;
    expect(lr.sim.orders.count).toBeGreaterThan(0);
    expect(lr.sim.orders.barIndex[0]).toBeLessThan(s); // it did trade before the cut
    const data = await loadMarketData(src, { symbols: 'BTC/USDT', timeframe: '1d', start: new Date(long.time[s]).toISOString(), end: '2024-01-01', warmupBars: W }, recordingObserver().observer);
    const warmed = data.frames.get('BTC/USDT')!.frame;
    expect(warmed.warmup).toBe(W);
    expect(warmed.time[W]).toBe(long.time[s]);
    const wr = runBacktest({ frame: warmed, strategy: dmaAtrTrend, params, portfolio });
    const n = long.length - s;
    expect(wr.frame.length).toBe(n);
    expect(Array.from(wr.frame.time)).toEqual(Array.from(long.time.subarray(s)));
    expect(Array.from(wr.frame.close)).toEqual(Array.from(long.close.subarray(s)));
    for (const k of ['longEntries', 'longExits'] as const) expect(Array.from(wr.signals[k]), k).toEqual(Array.from(lr.signals[k].subarray(s)));
    // Fills: the longer run's orders from the cut on, at the same bars and prices; units scale with
    // the cash each account holds at the cut (re-basing), as does every equity value.
    const rebase = portfolio.initCash / lr.sim.equity[s - 1];
    const first = lr.sim.orders.barIndex.subarray(0, lr.sim.orders.count).findIndex((b) => b >= s);
    expect(wr.sim.orders.count).toBe(lr.sim.orders.count - first);
    expect(wr.sim.orders.count).toBeGreaterThan(0);
    for (let i = 0; i < wr.sim.orders.count; i++) {
      const j = first + i;
      expect(wr.sim.orders.barIndex[i]).toBe(lr.sim.orders.barIndex[j] - s);
      expect(wr.sim.orders.side[i]).toBe(lr.sim.orders.side[j]);
      expect(wr.sim.orders.price[i]).toBe(lr.sim.orders.price[j]);
      expect(wr.sim.orders.units[i]).toBeCloseTo(lr.sim.orders.units[j] * rebase, 9);
    }
    for (let t = 0; t < n; t++) expect(wr.sim.equity[t] / (lr.sim.equity[s + t] * rebase)).toBeCloseTo(1, 12);
    // The first traded bar already has every indicator: the trend MA is defined at bar 0.
    expect(Number.isFinite(wr.indicators['SMA 100 (trend)'][0])).toBe(true);
    expect(wr.indicators['SMA 100 (trend)'].length).toBe(n);
  });

  it("the guide's daily example (1d, a year) trades only with warm-up; --no-warmup keeps the old rule", async () => {
    const out = await mkdtemp(join(tmpdir(), 'bt-warmup-'));
    dirs.push(out);
    const rec = recordingObserver();
    // Real BTC/USDT daily candles of 2023 (../shared/data); the file starts in 2020, so the history is there.
    const runner = new BacktestRunner({ exchange: 'csv', dataDir: SHARED_DATA, observer: rec.observer });
    const run = (warmup: boolean, dir: string) => runner.runFromConfig('', 'BTC/USDT', '1d', '2023-01-01', '2024-01-01', false, 'total_return', join(out, dir),
      { ignoreConfig: true, warmup });
    const cold = await run(false, 'cold');
    const warm = await run(true, 'warm');
    expect(cold.results[0].sim.trades.count).toBe(0); // SMA 200 is undefined for 199 of 365 days, no entry after
    expect(warm.results[0].sim.trades.count).toBeGreaterThan(0);
    expect(warm.results[0].frame.length).toBe(365);
    expect(warm.results[0].frame.time[0]).toBe(day('2023-01-01'));
    const trend = warm.results[0].indicators['SMA 200 (trend)'];
    expect(Number.isFinite(trend[0])).toBe(true);
    expect(Number.isNaN(cold.results[0].indicators['SMA 200 (trend)'][0])).toBe(true);
    // The files start at --start too, and data_quality.json says how much history was loaded.
    const equity = (await readFile(join(out, 'warm', 'equity.csv'), 'utf8')).trim().split('\n');
    expect(equity.length - 1).toBe(365);
    expect(equity[1].startsWith('2023-01-01T00:00:00Z,100000,')).toBe(true);
    const q = JSON.parse(await readFile(join(out, 'warm', 'data_quality.json'), 'utf8'));
    expect(q.warmup).toEqual({ requested: 200, loaded: 200, missing: 0, from: '2022-06-15T00:00:00Z' });
    expect(equity[1].split(',')[1]).toBe('100000');
    expect(rec.events.some((e) => e.startsWith('note:Warm-up: 200 bars of BTC/USDT before --start'))).toBe(true);
  });

  it('says how much history is missing when the source has less (sample from 2015, CSV files)', async () => {
    const rec = recordingObserver();
    const d = await loadMarketData(new SampleMarketSource(), { symbols: 'BTC/USDT', timeframe: '1d', start: '2015-03-01', end: '2015-06-01', warmupBars: 200 }, rec.observer);
    const l = d.frames.get('BTC/USDT')!;
    expect(l.frame.warmup).toBe(59); // Jan 1 .. Feb 28, 2015
    expect(l.quality.warmup).toEqual({ requested: 200, loaded: 59, missing: 141, from: '2015-01-01T00:00:00Z' });
    expect(rec.events.filter((e) => e.startsWith('warn:BTC/USDT: warm-up history short by 141 bars'))).toHaveLength(1);

    // Real candles from CSV: the 1d file starts 2020-05-11, so a run from 2020-06-01 finds 21 days.
    const csv = new CsvSource({ dataDir: SHARED_DATA });
    const c = await loadMarketData(csv, { symbols: 'BTC/USDT', timeframe: '1d', start: '2020-06-01', end: '2020-09-01', warmupBars: 100 }, rec.observer);
    const cf = c.frames.get('BTC/USDT')!;
    expect(cf.frame.warmup).toBe(21);
    expect(cf.frame.time[0]).toBe(day('2020-05-11'));
    expect(cf.frame.time[21]).toBe(day('2020-06-01'));
    expect(cf.quality.warmup).toEqual({ requested: 100, loaded: 21, missing: 79, from: '2020-05-11T00:00:00Z' });
  });
});
