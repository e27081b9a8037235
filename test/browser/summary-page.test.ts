/**
 * A multi-symbol run in headless Chromium: one folder per symbol with its reports and index,
 * `summary.html` comparing the symbols side by side, and the root `index.html` linking it all.
 */
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summaryEntry, writeIndexPage, writeSummaryPage } from '../../src/adapters/report/html/index.js';
import { METRICS } from '../../src/domain/metrics/catalog.js';
import type { BacktestResult } from '../../src/orchestration/result.js';
import { fixtureResult } from '../support/fixture-result.js';
import {
  chartInfo, emptyMessages, hasChromium, launchBrowser, NEEDS_CHROMIUM, networkRequests, openReport, REPORT_OUTPUT_DIR, screenshot, seriesData,
} from './support/browser.js';
import { expectOnPage } from './support/page-values.js';
import { runInfoFor, writeRun } from './support/runs.js';

const ROOT = path.join(REPORT_OUTPUT_DIR, 'multi-symbol');
const SYMBOLS = [
  { symbol: 'BTC/USDT', seed: 11, bars: 2_000 },
  { symbol: 'ETH/USDT', seed: 12, bars: 2_000 },
  { symbol: 'SOL/USDT', seed: 13, bars: 1_200 },
];

describe.skipIf(!hasChromium)(`multi-symbol summary in headless Chromium${NEEDS_CHROMIUM}`, () => {
  let browser: Browser;
  let results: BacktestResult[];

  beforeAll(async () => {
    await rm(ROOT, { recursive: true, force: true });
    await mkdir(ROOT, { recursive: true });
    results = SYMBOLS.map((s) => fixtureResult({ symbol: s.symbol, seed: s.seed, bars: s.bars, timeframe: '4h' }));
    const info = runInfoFor(results);
    const up = { href: '../summary.html', label: 'All symbols' };
    for (const r of results) await writeRun(r, path.join(ROOT, r.symbol.replace('/', '-')), { ...info, symbols: [r.symbol] }, up);
    await writeSummaryPage(ROOT, results.map((r) => summaryEntry(r, r.symbol.replace('/', '-'))), info);
    await writeIndexPage(ROOT, info);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('summary.html: every metric side by side, equity curves normalised to 1.0, links to each symbol', async () => {
    const { page, problems, requests } = await openReport(browser, ROOT, 'summary.html');
    expect(problems).toEqual([]);
    expect(networkRequests(requests)).toEqual([]);
    expect(await page.locator('[data-synthetic="true"]').count()).toBe(1);
    const heads = await page.locator('#summary-table thead th a').evaluateAll((as) => as.map((a) => [a.textContent, (a as unknown as { href: string }).href]));
    expect(heads.map((h) => h[0])).toEqual(SYMBOLS.map((s) => s.symbol));
    for (const [, href] of heads) expect(existsSync(fileURLToPath(href as string)), href as string).toBe(true);
    expect(await page.locator('#summary-table tbody tr').count()).toBe(METRICS.length);
    // total_return per symbol, in column order
    const shown = await page.locator('#summary-table [data-metric="total_return"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))));
    expect(shown).toEqual(results.map((r) => r.metrics.values[0]));
    const [c] = await chartInfo(page);
    expect(c.id).toBe('chart-summary-equity');
    expect(c.series.map((s) => [s.name, s.points])).toEqual(SYMBOLS.map((s) => [s.symbol, s.bars]));
    expect(c.painted).toBeGreaterThan(0.005);
    for (const r of results) {
      const data = await seriesData<number[]>(page, c.id, r.symbol);
      const n = r.frame.length;
      expect(data[0]).toEqual([r.frame.time[0], 1]);
      const norm = Array.from(r.sim.equity, (e) => e / r.sim.equity[0]);
      expectOnPage(data[n - 1][1], norm[n - 1], norm, `${r.symbol} last normalised equity`);
    }
    expect(await emptyMessages(page)).toEqual({});
    await screenshot(page, 'multi-symbol-summary');
    await page.close();
  });

  it('root index.html links the summary and every symbol folder, and every link works', async () => {
    const { page, problems, requests } = await openReport(browser, ROOT, 'index.html');
    expect(problems).toEqual([]);
    expect(networkRequests(requests)).toEqual([]);
    const hrefs = await page.locator('main a').evaluateAll((as) => as.map((a) => (a as unknown as { href: string }).href));
    const rel = hrefs.map((h) => path.relative(ROOT, fileURLToPath(h)).split(path.sep).join('/'));
    expect(rel).toContain('summary.html');
    for (const s of SYMBOLS) {
      const d = s.symbol.replace('/', '-');
      for (const f of ['index.html', 'overview.html', 'trades.csv', 'equity.svg']) expect(rel).toContain(`${d}/${f}`);
    }
    for (const h of hrefs) expect(existsSync(fileURLToPath(h)), h).toBe(true);
    const nav = await page.locator('header nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(nav).toEqual(['index.html', 'summary.html']);
    await screenshot(page, 'multi-symbol-index');
    await page.close();
  });

  it('a symbol\'s pages load clean from its folder and link up to the summary and to their own index', async () => {
    const dir = path.join(ROOT, 'ETH-USDT');
    const { page, problems, requests } = await openReport(browser, dir, 'overview.html');
    expect(problems).toEqual([]);
    expect(networkRequests(requests)).toEqual([]);
    const nav = await page.locator('header nav a').evaluateAll((as) => as.map((a) => (a as unknown as { href: string }).href));
    expect(nav.slice(0, 2).map((h) => path.relative(ROOT, fileURLToPath(h)))).toEqual(['summary.html', path.join('ETH-USDT', 'index.html')]);
    for (const h of nav) expect(existsSync(fileURLToPath(h)), h).toBe(true);
    expect(requests).toContain(`file://${path.join(dir, 'assets', 'echarts.min.js')}`);
    expect((await chartInfo(page)).length).toBeGreaterThan(0);
    await page.close();
  });
});
