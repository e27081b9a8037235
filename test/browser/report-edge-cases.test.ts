/**
 * Edge cases in headless Chromium, on hand-built results (test/support/fixture-result.ts): no
 * trades, one trade, only losing trades, a position open at the end on daily bars, and five years
 * of 1h bars (43,800 candles). Every page loads clean, draws what it can, and says why instead of
 * drawing an empty chart.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_PAGES } from '../../src/adapters/report/html/index.js';
import { metricValue } from '../../src/domain/metrics/report-types.js';
import type { BacktestResult } from '../../src/orchestration/result.js';
import { fixtureResult, type FixtureOptions } from '../support/fixture-result.js';
import {
  chartInfo, emptyMessages, hasChromium, launchBrowser, NEEDS_CHROMIUM, networkRequests, openReport, REPORT_OUTPUT_DIR, screenshot, seriesData,
} from './support/browser.js';
import { expectOnPage } from './support/page-values.js';
import { writeRun } from './support/runs.js';

const CASES: Record<string, FixtureOptions> = {
  'no-trades': { trades: 'none', timeframe: '4h', bars: 1_500 },
  'one-trade': { trades: 'one', timeframe: '4h', bars: 1_500 },
  'losing-only': { trades: 'losing', timeframe: '4h', bars: 3_000, market: 'swap' },
  'open-at-end-1d': { openAtEnd: true, timeframe: '1d', bars: 900, synthetic: false },
  'five-years-1h': { bars: 43_800, timeframe: '1h', start: '2019-01-01' },
};

describe.skipIf(!hasChromium)(`report edge cases in headless Chromium${NEEDS_CHROMIUM}`, () => {
  let browser: Browser;
  const results: Record<string, BacktestResult> = {};
  const dirOf = (name: string) => path.join(REPORT_OUTPUT_DIR, `edge-${name}`);

  beforeAll(async () => {
    for (const [name, opts] of Object.entries(CASES)) {
      results[name] = fixtureResult(opts);
      await writeRun(results[name], dirOf(name));
    }
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Loads every report page of a case: clean, drawn, screenshotted. Returns the pages by file and their load times. */
  async function loadAll(name: string, keepOpen: string[] = []): Promise<{ pages: Record<string, Page>; empty: Record<string, string>; ms: Record<string, number> }> {
    const pages: Record<string, Page> = {};
    const empty: Record<string, string> = {};
    const ms: Record<string, number> = {};
    for (const { file } of REPORT_PAGES) {
      const { page, problems, requests, loadMs } = await openReport(browser, dirOf(name), file);
      ms[file] = Math.round(loadMs);
      expect(problems, `${name}/${file}`).toEqual([]);
      expect(networkRequests(requests), `${name}/${file}`).toEqual([]);
      for (const c of await chartInfo(page)) {
        expect(c.hasInstance, `${name}/${file}#${c.id}`).toBe(true);
        expect(c.painted, `${name}/${file}#${c.id} painted`).toBeGreaterThan(0.005);
        expect(c.series.some((s) => s.points > 0), `${name}/${file}#${c.id} holds data`).toBe(true);
      }
      Object.assign(empty, await emptyMessages(page));
      await screenshot(page, `edge-${name}-${file.replace('.html', '')}`);
      if (keepOpen.includes(file)) pages[file] = page;
      else await page.close();
    }
    return { pages, empty, ms };
  }

  it('no trades: every trade chart says so, flat equity has no drawdown, undefined metrics show "—" with the reason', async () => {
    const r = results['no-trades'];
    expect(r.sim.trades.count).toBe(0);
    const { pages, empty } = await loadAll('no-trades', ['overview.html', 'indicators.html']);
    for (const id of ['chart-trade-timeline', 'chart-trade-pnl', 'chart-trade-duration', 'chart-trade-excursions', 'chart-streaks', 'chart-timing-hour', 'chart-timing-weekday', 'chart-trade-returns', 'chart-exit-reasons', 'trade-table']) {
      expect(empty[id], id).toMatch(/No trades in this run/);
    }
    expect(empty['chart-drawdown-periods']).toMatch(/No drawdown/);
    expect(empty['chart-underwater']).toMatch(/No drawdown/);
    expect(empty['chart-return-histogram']).toMatch(/never changed/);
    expect(empty['chart-rolling-sharpe']).toMatch(/undefined everywhere/);
    const overview = pages['overview.html'];
    const winRate = overview.locator('[data-metric="win_rate"]').first();
    expect((await winRate.innerText()).trim()).toBe('—');
    expect(await winRate.getAttribute('title')).toBe(`Undefined: ${r.metrics.reasons.win_rate}`);
    expect(await overview.locator('[data-metric="sharpe_ratio"]').first().innerText()).toBe('—');
    const entries = await seriesData(pages['indicators.html'], 'chart-price', 'Long entry');
    expect(entries).toHaveLength(0);
    await Promise.all(Object.values(pages).map((p) => p.close()));
  });

  it('one trade: one point, one histogram count, one streak', async () => {
    const r = results['one-trade'];
    expect(r.sim.trades.count).toBe(1);
    const { pages, empty } = await loadAll('one-trade', ['trades.html', 'indicators.html']);
    expect(empty['chart-trade-timeline']).toBeUndefined();
    const trades = pages['trades.html'];
    const series = Object.fromEntries((await chartInfo(trades)).map((c) => [c.id, c.series]));
    const total = (id: string) => series[id].reduce((a, s) => a + s.points, 0);
    expect(total('chart-trade-timeline')).toBe(1);
    const pnl = [...(await seriesData<number>(trades, 'chart-trade-pnl', 'Winning')), ...(await seriesData<number>(trades, 'chart-trade-pnl', 'Losing'))];
    expect(pnl.reduce((a, x) => a + x, 0)).toBe(1);
    const streaks = [...(await seriesData<number>(trades, 'chart-streaks', 'Winning streaks')), ...(await seriesData<number>(trades, 'chart-streaks', 'Losing streaks'))];
    expect(streaks).toEqual(r.sim.trades.pnl[0] > 0 ? [1, 0] : [0, 1]);
    expect(await trades.locator('#trade-table tbody tr').count()).toBe(1);
    const entry = await seriesData<number[]>(pages['indicators.html'], 'chart-price', 'Long entry');
    expect(entry).toHaveLength(1);
    expect([entry[0][0], entry[0][2]]).toEqual([r.frame.time[r.sim.trades.entryIndex[0]], 0]);
    expectOnPage(entry[0][1], r.sim.trades.entryPrice[0], [r.sim.trades.entryPrice[0]], 'entry price');
    await Promise.all(Object.values(pages).map((p) => p.close()));
  });

  it('only losing trades: no winning points, a 0% win rate shown as a value, a profit factor of 0', async () => {
    const r = results['losing-only'];
    expect(r.sim.closedTrades).toBeGreaterThan(2);
    expect(Array.from(r.sim.trades.pnl.subarray(0, r.sim.trades.count)).every((p) => p < 0)).toBe(true);
    const { pages } = await loadAll('losing-only', ['trades.html', 'overview.html']);
    expect(await seriesData(pages['trades.html'], 'chart-trade-timeline', 'Winning')).toHaveLength(0);
    expect(await seriesData(pages['trades.html'], 'chart-trade-timeline', 'Losing')).toHaveLength(r.sim.closedTrades);
    const wins = await seriesData<number>(pages['trades.html'], 'chart-streaks', 'Winning streaks');
    expect(wins.every((x) => x === 0)).toBe(true);
    expect(await pages['overview.html'].locator('[data-metric="win_rate"]').first().innerText()).toBe('0.00%');
    expect(await pages['overview.html'].locator('[data-metric="profit_factor"]').first().innerText()).toBe('0.00');
    await Promise.all(Object.values(pages).map((p) => p.close()));
  });

  it('a position open at the end on daily bars: marked as open, left out of the statistics, no hour-of-day chart', async () => {
    const r = results['open-at-end-1d'];
    expect(r.sim.openTrades).toBe(1);
    const { pages, empty } = await loadAll('open-at-end-1d', ['indicators.html', 'trades.html']);
    expect(empty['chart-timing-hour']).toMatch(/needs intraday bars/);
    const open = await seriesData<number[]>(pages['indicators.html'], 'chart-price', 'Open position');
    const last = r.sim.trades.count - 1;
    expect(open).toEqual([[r.frame.time[r.frame.length - 1], r.frame.close[r.frame.length - 1], last]]);
    expect(await seriesData(pages['indicators.html'], 'chart-price', 'Exit')).toHaveLength(r.sim.closedTrades);
    expect(await pages['trades.html'].locator('#trade-table .badge.open').count()).toBe(1);
    // Real (non-synthetic) data: no banner.
    expect(await pages['trades.html'].locator('[data-synthetic]').count()).toBe(0);
    expect(metricValue(r.metrics, 'open_trades')).toBe(1);
    await Promise.all(Object.values(pages).map((p) => p.close()));
  });

  it('five years of 1h bars (43,800 candles): every page loads, decimated to real bars with each bucket\'s extremes', async () => {
    const r = results['five-years-1h'];
    const f = r.frame;
    expect(f.length).toBe(43_800);
    const { pages, ms } = await loadAll('five-years-1h', ['indicators.html', 'overview.html']);
    console.log(`43,800-bar report load times (ms, for information only): ${JSON.stringify(ms)}`);
    // Above 10,000 bars the pages keep, per bucket of 44 bars (1,000 buckets), the first, last,
    // lowest and highest bars (docs/reports.md): far fewer points, each one a real bar.
    const byTime = new Map(Array.from(f.time, (t, i) => [t, i]));
    const candles = await seriesData<number[]>(pages['indicators.html'], 'chart-price', 'BTC/USDT');
    expect(candles.length).toBeLessThan(43_800 / 4);
    expect(candles.length).toBeGreaterThan(2_000);
    for (const [t, o, c, l, h] of candles) {
      const i = byTime.get(t)!;
      expect([o, c, l, h]).toEqual([f.open[i], f.close[i], f.low[i], f.high[i]]);
    }
    expect(Math.max(...candles.map((c) => c[4]))).toBe(Math.max(...f.high));
    expect(Math.min(...candles.map((c) => c[3]))).toBe(Math.min(...f.low));
    const eq = await seriesData<number[]>(pages['overview.html'], 'chart-equity-drawdown', 'Equity');
    // page values keep 8 significant digits of the column (docs/reports.md)
    expect([eq[0][0], eq[eq.length - 1][0]]).toEqual([f.time[0], f.time[43_799]]);
    expectOnPage(eq[0][1], r.sim.equity[0], r.sim.equity, 'first equity');
    expectOnPage(eq[eq.length - 1][1], r.sim.equity[43_799], r.sim.equity, 'last equity');
    for (const [t, v] of eq) expectOnPage(v, r.sim.equity[byTime.get(t)!], r.sim.equity, `equity at ${t}`);
    expectOnPage(Math.min(...eq.map((e) => e[1])), Math.min(...r.sim.equity), r.sim.equity, 'lowest equity');
    const cells = await seriesData<number[]>(pages['overview.html'], 'chart-monthly-heatmap', 'Monthly return');
    expect(cells.map((c) => c[2])).toEqual(r.monthly.map((m) => m.ret));
    expect(cells).toHaveLength(60);
    await Promise.all(Object.values(pages).map((p) => p.close()));
  });
});
