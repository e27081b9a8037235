/**
 * The README's promise: `npm start` writes results/demo, and its index.html opens in a browser
 * with every report. Runs the same command line as `npm start` (into a temp folder), then walks
 * index.html and every page it links in headless Chromium: no console error, no network request,
 * the synthetic-data banner everywhere, and the last equity value equal to equity.csv.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsvRows, runCli, tempDir } from '../support/run-cli.js';
import { repoRoot } from '../support/shared-data.js';
import { hasChromium, launchBrowser, NEEDS_CHROMIUM, networkRequests, openReport, screenshot, seriesData } from './support/browser.js';
import { expectOnPage } from './support/page-values.js';

/** The demo's arguments, read from package.json's `start` script so the test follows it. */
function demoArgs(out: string): string[] {
  const start: string = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).scripts.start;
  const args = start.split(/\s+/).slice(2); // drop "node dist/adapters/cli/main.js"
  const i = args.indexOf('--output');
  expect(args[i + 1]).toBe('results/demo');
  args[i + 1] = out;
  return args;
}

describe.skipIf(!hasChromium)(`the quick-start demo report in headless Chromium${NEEDS_CHROMIUM}`, () => {
  let browser: Browser;
  let out: string;

  beforeAll(async () => {
    out = join(await tempDir('bt-demo-'), 'demo');
    const r = await runCli(demoArgs(out));
    expect(r.code, r.stderr).toBe(0);
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it('index.html links every report page and each opens cleanly from file://', async () => {
    const index = await openReport(browser, out, 'index.html');
    expect(index.problems).toEqual([]);
    const links: string[] = await index.page.$$eval('a[href$=".html"]', (as) => [...new Set(as.map((a) => a.getAttribute('href')!))]);
    for (const page of ['overview.html', 'equity.html', 'drawdowns.html', 'trades.html', 'indicators.html', 'monthly_returns.html']) {
      expect(links).toContain(page);
    }
    expect(await index.page.textContent('body')).toMatch(/synthetic/i);
    await screenshot(index.page, 'demo-index');
    await index.page.close();
    for (const file of links.filter((l) => !l.includes('/') && l !== 'index.html')) {
      const p = await openReport(browser, out, file);
      expect(p.problems, file).toEqual([]);
      expect(networkRequests(p.requests), file).toEqual([]);
      expect(await p.page.textContent('body'), file).toMatch(/synthetic/i);
      await screenshot(p.page, `demo-${file.replace('.html', '')}`);
      await p.page.close();
    }
  });

  it('the equity chart ends at the last value of equity.csv', async () => {
    const rows = readCsvRows(join(out, 'equity.csv'));
    const last = Number(rows[rows.length - 1].equity);
    const p = await openReport(browser, out, 'overview.html');
    const eq = await seriesData<[number, number]>(p.page, 'chart-equity-drawdown', 'Equity');
    expect(eq).toHaveLength(rows.length);
    // page values keep 8 significant digits of the column (docs/reports.md); equity.csv every digit
    expectOnPage(eq[eq.length - 1][1], last, rows.map((r) => Number(r.equity)), 'last equity');
    await p.page.close();
  });
});
