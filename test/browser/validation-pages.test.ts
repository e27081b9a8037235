/**
 * The validation pages in headless Chromium: walk_forward.html, cscv.html and montecarlo.html of
 * real CLI runs, each opened from the run's index: no console error, no network request, every
 * chart drawn, and drawn numbers equal to their CSV files.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsvRows, runCli, tempDir } from '../support/run-cli.js';
import { cycle, dmaConfig, writeMarket } from '../validation/markets.js';
import { chartInfo, hasChromium, launchBrowser, NEEDS_CHROMIUM, networkRequests, openReport, seriesData } from './support/browser.js';

describe.skipIf(!hasChromium)(`validation pages in headless Chromium${NEEDS_CHROMIUM}`, () => {
  let browser: Browser;
  let root: string;

  beforeAll(async () => {
    root = await tempDir('bt-val-html-');
    const data = writeMarket(join(root, 'data'), 'CY', cycle(2400, 240, 5));
    const cfg = dmaConfig(root, 'c.json', { short_ma_window: [5, 10, 20], long_ma_window: [50, 80] });
    const common = ['--exchange', 'csv', '--data-dir', data, '--symbols', 'CY/USDT', '--timeframe', '1h', '--config', cfg];
    for (const args of [
      ['walk-forward', ...common, '--train', '800', '--test', '400', '--output', join(root, 'wf')],
      ['cscv', ...common, '--blocks', '8', '--output', join(root, 'cscv')],
      [...common, '--output', join(root, 'bt'), '--monte-carlo', '200'],
    ]) {
      const r = await runCli(args);
      expect(r.code, r.stderr).toBe(0);
    }
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it('each page opens cleanly from its run\'s index, offline, and draws every chart', async () => {
    for (const [dir, page] of [['wf', 'walk_forward/walk_forward.html'], ['cscv', 'cscv.html'], ['bt', 'montecarlo/montecarlo.html']]) {
      const index = await openReport(browser, join(root, dir), 'index.html');
      const links: string[] = await index.page.$$eval('a', (as) => as.map((a) => a.getAttribute('href')!));
      expect(links, dir).toContain(page);
      await index.page.close();
      const p = await openReport(browser, join(root, dir), page);
      expect(p.problems, page).toEqual([]);
      expect(networkRequests(p.requests), page).toEqual([]);
      const charts = await chartInfo(p.page);
      expect(charts.length, page).toBeGreaterThan(0);
      for (const c of charts) {
        expect(c.hasInstance, `${page} ${c.id}`).toBe(true);
        expect(c.painted, `${page} ${c.id}`).toBeGreaterThan(0.005); // thin lines only on the parameter chart
      }
      if (dir === 'wf') {
        const eq = await seriesData<[number, number]>(p.page, 'chart-wf-equity', 'Walk-forward (OOS)');
        const csv = readCsvRows(join(root, 'wf', 'walk_forward', 'oos_equity.csv'));
        expect(eq.length).toBe(csv.length);
        expect(eq[eq.length - 1][1]).toBe(Number(csv[csv.length - 1].equity));
      }
      if (dir === 'cscv') {
        const bins = await seriesData<[number, number]>(p.page, 'chart-cscv-logits', 'Splits');
        const csv = readCsvRows(join(root, 'cscv', 'cscv_logit_histogram.csv'));
        expect(bins.map((b) => b[1])).toEqual(csv.map((r) => Number(r.splits)));
      }
      if (dir === 'bt') {
        const med = await seriesData<[number, number]>(p.page, 'chart-mc-boot', 'median');
        const csv = readCsvRows(join(root, 'bt', 'montecarlo', 'montecarlo_fan.csv')).filter((r) => r.method === 'bootstrap');
        expect(med.length).toBe(csv.length);
        expect(med[med.length - 1][1] * 100_000).toBeCloseTo(Number(csv[csv.length - 1].equity_p50), 6);
      }
      await p.page.close();
    }
  });
});
