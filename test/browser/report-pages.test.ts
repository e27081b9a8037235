/**
 * The report pages of a real run (DMA-ATR-Trend on the sample market, BTC/USDT 1h 2023, swap),
 * opened from file:// in headless Chromium: no console error, no network request, every chart
 * drawn with the expected series, and the numbers the charts hold equal to the CSV files the run
 * wrote next to them (equity.csv, trades.csv, monthly_returns.csv, performance_metrics.csv).
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_PAGES } from '../../src/adapters/report/html/index.js';
import type { BacktestResult } from '../../src/orchestration/result.js';
import {
  chartInfo, chartOption, launchBrowser, levelSegments, NEEDS_CHROMIUM, networkRequests, openReport, REPORT_OUTPUT_DIR, screenshot, seriesData, tooltipText, hasChromium,
} from './support/browser.js';
import { num, readCsv } from './support/csv.js';
import { expectDerivedOnPage } from './support/page-values.js';
import { expectedSeries, sampleRun, writeRun } from './support/runs.js';

const DIR = path.join(REPORT_OUTPUT_DIR, 'sample-btc-1h');

/** Page columns keep 8 significant digits of their largest magnitude (compact-column.ts); the CSVs keep every digit. */
function expectPageValue(v: number, exact: number, column: readonly number[]): void {
  const max = column.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
  expect(Math.abs(v - exact)).toBeLessThanOrEqual(0.5e-7 * max * (1 + 1e-12));
}

describe.skipIf(!hasChromium)(`report pages of a sample-market run in headless Chromium${NEEDS_CHROMIUM}`, () => {
  let browser: Browser;
  let result: BacktestResult;
  let equityCsv: Record<string, string>[];
  let tradesCsv: Record<string, string>[];
  let monthlyCsv: Record<string, string>[];
  let metricsCsv: Record<string, string>[];
  const expected = () => expectedSeries(result);

  beforeAll(async () => {
    result = await sampleRun({ symbol: 'BTC/USDT', timeframe: '1h', start: '2023-01-01', end: '2024-01-01', market: 'swap' });
    await writeRun(result, DIR);
    [equityCsv, tradesCsv, monthlyCsv, metricsCsv] = await Promise.all(
      ['equity.csv', 'trades.csv', 'monthly_returns.csv', 'performance_metrics.csv'].map((f) => readCsv(path.join(DIR, f))),
    );
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('is a run worth checking: trades of both sides, an open one, stops, a year of months', () => {
    expect(result.frame.length).toBe(8760);
    expect(result.sim.closedTrades).toBeGreaterThan(20);
    expect(tradesCsv).toHaveLength(result.sim.trades.count);
    expect(monthlyCsv).toHaveLength(12);
    expect(equityCsv).toHaveLength(8760);
  });

  /** Loads a page, checks it is clean and every chart is drawn as expected, saves a screenshot. */
  async function checkPage(file: string): Promise<Page> {
    const { page, problems, requests } = await openReport(browser, DIR, file);
    expect(problems).toEqual([]);
    expect(networkRequests(requests)).toEqual([]);
    expect(requests[0]).toMatch(/^file:\/\//);
    const charts = await chartInfo(page);
    const want = expected()[file] ?? {};
    expect(Object.fromEntries(charts.map((c) => [c.id, c.series.length]))).toEqual(want);
    for (const c of charts) {
      expect(c.hasInstance, c.id).toBe(true);
      expect(c.painted, `${c.id} canvas painted`).toBeGreaterThan(0.005);
      expect(c.series.some((s) => s.points > 0), `${c.id} holds data`).toBe(true);
    }
    expect(await page.locator('[data-synthetic="true"]').count()).toBe(1);
    const nav = await page.locator('header nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(nav).toEqual(['index.html', ...REPORT_PAGES.map((p) => p.file)]);
    await screenshot(page, `sample-btc-1h-${file.replace('.html', '')}`);
    return page;
  }

  it('overview.html: equity and drawdown equal equity.csv, metrics equal performance_metrics.csv', async () => {
    const page = await checkPage('overview.html');
    const eq = await seriesData<[number, number]>(page, 'chart-equity-drawdown', 'Equity');
    expect(eq).toHaveLength(equityCsv.length);
    const equity = equityCsv.map((r) => num(r.equity));
    eq.forEach(([t, v], i) => {
      expect(t).toBe(Date.parse(equityCsv[i].time));
      expectPageValue(v, equity[i], equity);
    });
    expectPageValue(eq[eq.length - 1][1], result.sim.equity[result.frame.length - 1], equity);
    // The drawdown is derived in the browser from the page's equity (columns.ts DerivedColumn).
    const dd = await seriesData<[number, number]>(page, 'chart-equity-drawdown', 'Drawdown');
    const drawdown = equityCsv.map((r) => -num(r.drawdown));
    dd.forEach(([, v], i) => expectDerivedOnPage(v, drawdown[i], equity, 'under', result.portfolio.initCash, `drawdown ${i}`));
    const bench = await seriesData<[number, number]>(page, 'chart-equity-drawdown', 'Buy & hold');
    const benchmark = equityCsv.map((r) => num(r.benchmark_equity));
    expectPageValue(bench[bench.length - 1][1], benchmark[benchmark.length - 1], benchmark);
    for (const row of metricsCsv.filter((r) => ['total_return', 'sharpe_ratio', 'max_drawdown', 'win_rate', 'profit_factor'].includes(r.metric))) {
      const shown = await page.locator(`[data-metric="${row.metric}"]`).first().getAttribute('data-value');
      expect(Number(shown), row.metric).toBe(num(row.value));
    }
    const heat = await seriesData<[number, number, number]>(page, 'chart-monthly-heatmap', 'Monthly return');
    expect(heat.map((c) => c[2])).toEqual(monthlyCsv.map((r) => num(r.return)));
    await page.close();
  });

  it('equity.html: cumulative returns end where equity.csv ends', async () => {
    const page = await checkPage('equity.html');
    const init = result.portfolio.initCash;
    const last = equityCsv[equityCsv.length - 1];
    const strat = await seriesData<[number, number]>(page, 'chart-cumulative-return', 'Strategy');
    expect(strat).toHaveLength(equityCsv.length);
    // Derived in the browser from the equity and buy-and-hold columns: within their rounding, divided by the initial cash.
    const equity = equityCsv.map((r) => num(r.equity));
    strat.forEach(([, v], i) => expectDerivedOnPage(v, equity[i] / init - 1, equity, 'ret', init, `strategy ${i}`));
    const bh = await seriesData<[number, number]>(page, 'chart-cumulative-return', 'Buy & hold');
    const benchmark = equityCsv.map((r) => num(r.benchmark_equity));
    bh.forEach(([, v], i) => expectDerivedOnPage(v, benchmark[i] / init - 1, benchmark, 'ret', init, `buy and hold ${i}`));
    expectDerivedOnPage(bh[bh.length - 1][1], num(last.benchmark_equity) / init - 1, benchmark, 'ret', init, 'last buy and hold');
    const under = await seriesData<[number, number]>(page, 'chart-underwater', 'Drawdown');
    const maxDd = num((metricsCsv.find((r) => r.metric === 'max_drawdown') as Record<string, string>).value);
    expectDerivedOnPage(Math.min(...under.map((p) => p[1])), -maxDd, equity, 'under', init, 'deepest drawdown');
    await page.close();
  });

  it('drawdowns.html: the deepest period is the max drawdown, five periods marked and listed', async () => {
    const page = await checkPage('drawdowns.html');
    const series = await chartOption<{ markArea?: { data: unknown[] } }[]>(page, 'chart-drawdown-periods', 'series');
    expect(series[0].markArea?.data).toHaveLength(5);
    const rows = await page.locator('#drawdown-table tbody tr').count();
    expect(rows).toBe(5);
    const depth = await page.locator('#drawdown-table tbody tr').first().locator('td').nth(4).getAttribute('data-v');
    const maxDd = num((metricsCsv.find((r) => r.metric === 'max_drawdown') as Record<string, string>).value);
    expect(Number(depth)).toBeCloseTo(maxDd, 12);
    await page.close();
  });

  it('trades.html: one point per trade with the return of trades.csv, each inspectable on hover', async () => {
    const page = await checkPage('trades.html');
    const points = [
      ...(await seriesData<[number, number, number]>(page, 'chart-trade-timeline', 'Winning')),
      ...(await seriesData<[number, number, number]>(page, 'chart-trade-timeline', 'Losing')),
      ...(await seriesData<[number, number, number]>(page, 'chart-trade-timeline', 'Open')),
    ];
    expect(points).toHaveLength(tradesCsv.length);
    const returns = tradesCsv.map((r) => num(r.return));
    for (const [, ret, idx] of points) expectPageValue(ret, returns[idx], returns);
    const tip = await tooltipText(page, 'chart-trade-timeline', 'Winning', 0);
    const first = (await seriesData<[number, number, number]>(page, 'chart-trade-timeline', 'Winning'))[0];
    expect(tip).toContain(`Trade #${first[2] + 1}`);
    expect(tip).toMatch(/Entry \d{4}-\d\d-\d\d \d\d:\d\d @/);
    expect(tip).toContain('P&L');
    expect(await page.locator('#trade-table tbody tr').count()).toBe(tradesCsv.length);
    await page.close();
  });

  it('indicators.html: one entry marker per trade and one exit marker per closed trade, at the trades.csv times and prices', async () => {
    const page = await checkPage('indicators.html');
    const candles = await seriesData<number[]>(page, 'chart-price', 'BTC/USDT');
    expect(candles).toHaveLength(result.frame.length);
    const close = equityCsv.map((r) => num(r.close));
    expectPageValue(candles[candles.length - 1][2], close[close.length - 1], close);
    const entries = [
      ...(await seriesData<[number, number, number]>(page, 'chart-price', 'Long entry')),
      ...(await seriesData<[number, number, number]>(page, 'chart-price', 'Short entry')),
    ];
    expect(entries).toHaveLength(tradesCsv.length);
    const entryPrices = tradesCsv.map((r) => num(r.entry_price));
    const exitPrices = tradesCsv.map((r) => num(r.exit_price));
    for (const [t, price, idx] of entries) {
      expect(t).toBe(Date.parse(tradesCsv[idx].entry_time));
      expectPageValue(price, entryPrices[idx], entryPrices);
    }
    const exits = await seriesData<[number, number, number]>(page, 'chart-price', 'Exit');
    const closed = tradesCsv.filter((r) => r.status === 'closed');
    expect(exits).toHaveLength(closed.length);
    for (const [t, price, idx] of exits) {
      expect(t).toBe(Date.parse(tradesCsv[idx].exit_time));
      expectPageValue(price, exitPrices[idx], exitPrices);
    }
    // The two "Exit" series: the green one holds the winning trades (pnl > 0), the red one the others.
    const exitSeries = (await chartOption<{ name: string; color: string; data: [number, number, number][] }[]>(page, 'chart-price', 'series'))
      .filter((s) => s.name === 'Exit');
    expect(exitSeries.map((s) => s.color)).toEqual(['#16a34a', '#dc2626']);
    for (const [, , idx] of exitSeries[0].data) expect(num(tradesCsv[idx].pnl)).toBeGreaterThan(0);
    for (const [, , idx] of exitSeries[1].data) expect(num(tradesCsv[idx].pnl)).toBeLessThanOrEqual(0);
    const open = await seriesData<[number, number, number]>(page, 'chart-price', 'Open position');
    expect(open).toHaveLength(tradesCsv.length - closed.length);
    // Stop levels: one segment per trade with a stop, from its entry to its exit (the last bar when open) at sl_level.
    const sl = await levelSegments(page, 'chart-price', 'Stop loss');
    const withSl = tradesCsv.filter((r) => r.sl_level !== '');
    const lastBar = Date.parse(equityCsv[equityCsv.length - 1].time);
    expect(sl).toHaveLength(withSl.length);
    const slLevels = withSl.map((r) => num(r.sl_level));
    sl.forEach(([t0, t1, y0, y1], k) => {
      expect([t0, t1]).toEqual([Date.parse(withSl[k].entry_time), withSl[k].exit_time === '' ? lastBar : Date.parse(withSl[k].exit_time)]);
      expectPageValue(y0, slLevels[k], slLevels);
      expect(y1).toBe(y0);
    });
    // Signals, hidden at open, get their points when shown in the legend: one per raw signal of the run.
    const signalPoints = () => page.evaluate(`echarts.getInstanceByDom(document.getElementById('chart-price')).getOption().series
      .filter(function (s) { return s.name === 'Signals'; })[0].data.length`) as Promise<number>;
    expect(await signalPoints()).toBe(0);
    let signalCount = 0;
    for (const k of ['longEntries', 'longExits', 'shortEntries', 'shortExits'] as const) {
      const a = result.signals[k];
      for (let i = 0; i < Math.min(a.length, result.frame.length); i++) signalCount += a[i] ? 1 : 0;
    }
    expect(signalCount).toBeGreaterThan(0);
    await page.evaluate(`echarts.getInstanceByDom(document.getElementById('chart-price')).dispatchAction({ type: 'legendSelect', name: 'Signals' })`);
    expect(await signalPoints()).toBe(signalCount);
    await page.evaluate(`echarts.getInstanceByDom(document.getElementById('chart-price')).dispatchAction({ type: 'legendUnSelect', name: 'Signals' })`);
    const tip = await tooltipText(page, 'chart-price', 'Long entry', 0)
    expect(tip).toMatch(/Trade #\d+/);
    expect(tip).toContain('Entry');
    await page.close();
  });

  it('monthly_returns.html: each heatmap cell equals its monthly_returns.csv row', async () => {
    const page = await checkPage('monthly_returns.html');
    const cells = await seriesData<[number, number, number]>(page, 'chart-monthly-heatmap', 'Monthly return');
    const years = (await chartOption<{ data: string[] }[]>(page, 'chart-monthly-heatmap', 'yAxis'))[0].data;
    expect(cells).toHaveLength(monthlyCsv.length);
    monthlyCsv.forEach((row, i) => {
      expect(cells[i]).toEqual([Number(row.month) - 1, years.indexOf(row.year), num(row.return)]);
    });
    expect(await page.locator('#monthly-table tbody tr').count()).toBe(monthlyCsv.length);
    await page.close();
  });

  it('index.html: settings, the synthetic banner and a working link to every file the run wrote', async () => {
    const { page, problems, requests } = await openReport(browser, DIR, 'index.html');
    expect(problems).toEqual([]);
    expect(networkRequests(requests)).toEqual([]);
    expect(await page.locator('[data-synthetic="true"]').count()).toBe(1);
    const text = await page.locator('main').innerText();
    for (const s of ['BTC/USDT', '1h', '2023-01-01', 'dma_atr_trend', 'short_ma_window', 'init_cash', 'sample']) expect(text).toContain(s);
    const hrefs = await page.locator('main a').evaluateAll((as) => as.map((a) => (a as unknown as { href: string }).href));
    const files = hrefs.map((h) => path.relative(DIR, fileURLToPath(h)));
    for (const f of ['performance_metrics.csv', 'trades.csv', 'monthly_returns.csv', 'equity.csv', 'equity.svg', ...REPORT_PAGES.map((p) => p.file)]) {
      expect(files).toContain(f);
    }
    for (const h of hrefs) expect(existsSync(fileURLToPath(h)), h).toBe(true);
    await screenshot(page, 'sample-btc-1h-index');
    await page.close();
  });

  it('a page copied away from its assets folder says so instead of failing silently', async () => {
    const alone = path.join(REPORT_OUTPUT_DIR, 'page-without-assets');
    await rm(alone, { recursive: true, force: true });
    await mkdir(alone, { recursive: true });
    await copyFile(path.join(DIR, 'equity.html'), path.join(alone, 'equity.html'));
    const { page, problems, requests } = await openReport(browser, alone, 'equity.html');
    expect(networkRequests(requests)).toEqual([]);
    expect(problems.join('\n')).toMatch(/ECharts is not loaded/);
    const text = await page.locator('#chart-cumulative-return').innerText();
    expect(text).toMatch(/keep the assets folder/);
    await page.close();
  });

  it('equity.svg is a well-formed SVG picture with both curves', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => problems.push(m.text()));
    await page.goto(pathToFileURL(path.join(DIR, 'equity.svg')).href);
    expect(problems).toEqual([]);
    const shape = await page.evaluate(`({ root: document.documentElement.nodeName, errors: document.getElementsByTagName('parsererror').length, paths: document.getElementsByTagName('path').length, text: document.documentElement.textContent })`) as { root: string; errors: number; paths: number; text: string };
    expect(shape.root).toBe('svg');
    expect(shape.errors).toBe(0);
    expect(shape.paths).toBeGreaterThan(10);
    expect(shape.text).toContain('Equity');
    expect(shape.text).toContain('Drawdown');
    expect(shape.text).toContain('SYNTHETIC');
    await page.close();
  });
});
