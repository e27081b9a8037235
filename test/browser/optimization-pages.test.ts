/**
 * The three optimization pages in headless Chromium: a real optimization of the sample market
 * (through the API, 2 worker threads), then each page opened from file://: no console error, no
 * network request, every chart drawn, and the drawn numbers equal to optimization_results.csv.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BacktestRunner } from '../../src/adapters/api/backtest-runner.js';
import { readCsvRows, tempDir } from '../support/run-cli.js';
import { chartInfo, hasChromium, launchBrowser, NEEDS_CHROMIUM, networkRequests, openReport, screenshot, seriesData } from './support/browser.js';
import { expectOnPage } from './support/page-values.js';

const ranges = { short_ma_window: [5, 10, 20], long_ma_window: [30, 50, 80], atr_period: [7, 14], tp_atr_multiplier: [0, 3, 6] };
const PAGES = ['optimization_distribution.html', 'optimization_heatmap.html', 'optimization_convergence.html'];

describe.skipIf(!hasChromium)(`optimization pages in headless Chromium${NEEDS_CHROMIUM}`, () => {
  let browser: Browser;
  let out: string;
  let rows: Record<string, string>[];

  beforeAll(async () => {
    out = join(await tempDir('bt-opt-html-'), 'opt');
    const runner = new BacktestRunner({ exchange: 'sample' });
    const data = await runner.loadData('BTC/USDT', '1h', '2023-01-01', '2023-07-01');
    await runner.runOptimization(data, 'dma_atr_trend', { trend_ma_window: 150 }, ranges, { metric: 'sharpe_ratio', workers: 2, inProcessBelow: 0, outputDir: out });
    rows = readCsvRows(join(out, 'optimization_results.csv'));
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it('each page opens cleanly, offline, draws every chart, and links the others and best_backtest/', async () => {
    for (const file of PAGES) {
      const p = await openReport(browser, out, file);
      expect(p.problems, file).toEqual([]);
      expect(networkRequests(p.requests), file).toEqual([]);
      const charts = await chartInfo(p.page);
      expect(charts.length, file).toBeGreaterThan(0);
      for (const c of charts.filter((x) => !x.id.startsWith('chart-heat-') || x.id.endsWith('-best'))) {
        expect(c.hasInstance, `${file} ${c.id}`).toBe(true);
        expect(c.painted, `${file} ${c.id}`).toBeGreaterThan(0.01);
      }
      const links: string[] = await p.page.$$eval('nav a', (as) => as.map((a) => a.getAttribute('href')!));
      expect(links).toEqual(['index.html', ...PAGES, 'best_backtest/index.html']);
      expect(await p.page.textContent('body')).toMatch(/synthetic/i);
      await screenshot(p.page, file.replace('.html', ''));
      await p.page.close();
    }
  });

  it('distribution: the top table and the best per value match the CSV', async () => {
    const p = await openReport(browser, out, 'optimization_distribution.html');
    const first: string[] = await p.page.$$eval('#top-table tbody tr:first-child td', (tds) => tds.map((t) => t.textContent ?? ''));
    expect(first.slice(0, 5)).toEqual(['1', rows[0].short_ma_window, rows[0].long_ma_window, rows[0].atr_period, rows[0].tp_atr_multiplier]);
    expect(first[5]).toBe(Number(rows[0].sharpe_ratio).toFixed(2));
    // "Best" markers by short_ma_window value: the best Sharpe among rows with that value.
    const best = await seriesData<number>(p.page, 'chart-opt-dist-0', 'Best');
    const want = ranges.short_ma_window.map((v) => Math.max(...rows.filter((r) => Number(r.short_ma_window) === v && r.sharpe_ratio !== '').map((r) => Number(r.sharpe_ratio))));
    expect(best).toEqual(want);
    await p.page.close();
  });

  it('heatmap: the selector shows the chosen pair and aggregation; cells equal the CSV aggregation', async () => {
    const p = await openReport(browser, out, 'optimization_heatmap.html');
    const shown = () => p.page.$$eval('figure[data-shown="true"] .chart', (els) => els.map((e) => e.id));
    expect(await shown()).toEqual(['chart-heat-0-1-best']);
    await p.page.selectOption('#pair-select', '1-3');
    await p.page.selectOption('#agg-select', 'mean');
    expect(await shown()).toEqual(['chart-heat-1-3-mean']);
    const box = await p.page.$eval('#chart-heat-1-3-mean', (e) => { const r = e.getBoundingClientRect(); return [r.left, r.width]; });
    expect(box[0]).toBeGreaterThanOrEqual(0);
    expect(box[1]).toBeGreaterThan(300);
    // long_ma_window (rows) × tp_atr_multiplier (columns), mean Sharpe over short_ma_window and atr_period.
    const cells = await seriesData<[number, number, number | null]>(p.page, 'chart-heat-1-3-mean', 'Sharpe ratio');
    for (const [x, y, v] of cells) {
      const xs = rows.filter((r) => Number(r.long_ma_window) === ranges.long_ma_window[y] && Number(r.tp_atr_multiplier) === ranges.tp_atr_multiplier[x] && r.sharpe_ratio !== '');
      const mean = xs.reduce((s, r) => s + Number(r.sharpe_ratio), 0) / xs.length;
      expect(v).toBeCloseTo(mean, 12);
    }
    await p.page.selectOption('#pair-select', 'all');
    expect(await shown()).toHaveLength(6);
    await screenshot(p.page, 'optimization_heatmap-all-mean');
    await p.page.close();
  });

  it('convergence: the best-so-far curve ends at the best Sharpe ratio in the CSV', async () => {
    const p = await openReport(browser, out, 'optimization_convergence.html');
    const curve = await seriesData<[number, number]>(p.page, 'chart-opt-convergence', 'Best so far');
    expect(curve[curve.length - 1][0]).toBe(54);
    expectOnPage(curve[curve.length - 1][1], Number(rows[0].sharpe_ratio), curve.map((c) => c[1]), 'best so far');
    const points = await seriesData<[number, number]>(p.page, 'chart-opt-convergence', 'Combination');
    expect(points).toHaveLength(54);
    await p.page.close();
  });
});
