/**
 * The trade list of trades.html, built in the browser from the page's trade columns, 500 rows to
 * a page (issue 15 item 5): every trade of trades.csv is reachable through the pager, in order,
 * and a header click sorts all trades, not just the page shown.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsvRows, tempDir } from '../support/run-cli.js';
import { hasChromium, launchBrowser, NEEDS_CHROMIUM, openReport } from './support/browser.js';
import { sampleRun, writeRun } from './support/runs.js';

/** The cells' text of every row in the table's body. */
function rows(page: Page): Promise<string[][]> {
  return page.evaluate(`Array.from(document.querySelectorAll('#trade-table tbody tr')).map(function (tr) {
    return Array.from(tr.cells).map(function (td) { return td.textContent; });
  })`);
}

describe.skipIf(!hasChromium)(`the trade list on trades.html${NEEDS_CHROMIUM}`, () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launchBrowser(); });
  afterAll(async () => browser?.close());

  it('pages through every trade of trades.csv, 500 at a time, and sorts all of them', async () => {
    const r = await sampleRun({ symbol: 'BTC/USDT', timeframe: '1m', start: '2023-01-01', end: '2023-02-20', market: 'swap' });
    const dir = join(await tempDir('bt-trade-list-'), 'run');
    await writeRun(r, dir);
    const csv = readCsvRows(join(dir, 'trades.csv'));
    expect(csv.length).toBeGreaterThan(500);
    expect(csv.length).toBeLessThanOrEqual(1000); // two pages
    const { page, problems } = await openReport(browser, dir, 'trades.html');
    expect(problems).toEqual([]);
    const info = () => page.locator('#trade-pager [data-page-info]').innerText();

    const first = await rows(page);
    expect(first).toHaveLength(500);
    expect(await info()).toBe(`Trades 1\u2013500 of ${csv.length}`);
    const minute = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
    first.forEach((cells, i) => {
      const t = csv[i];
      expect(cells[0]).toBe(String(i + 1));
      expect(cells[1]).toBe(t.side);
      expect(cells[2]).toBe(minute(t.entry_time));
      // Prices above 1,000 show 2 decimals; the page's value is the CSV's to 8 significant digits.
      expect(Number(cells[4].replace(/,/g, ''))).toBeCloseTo(Number(t.entry_price), 1);
      expect(cells[11]).toBe(t.status === 'open' ? 'open' : t.exit_reason);
    });

    await page.locator('#trade-pager [data-page="next"]').click();
    const second = await rows(page);
    expect(second).toHaveLength(csv.length - 500);
    expect(second[0][0]).toBe('501');
    expect(second[second.length - 1][0]).toBe(String(csv.length));
    expect(await page.locator('#trade-pager [data-page="next"]').isDisabled()).toBe(true);

    // P&L header: ascending over all trades (back to the first page), then descending.
    const pnl = csv.map((t) => Number(t.pnl));
    const rank = (dir: 1 | -1) => pnl.map((p, i) => ({ p, i })).sort((a, b) => (a.p - b.p) * dir || a.i - b.i)[0].i + 1;
    await page.locator('#trade-table th').nth(7).click();
    expect(await info()).toBe(`Trades 1\u2013500 of ${csv.length}`);
    expect((await rows(page))[0][0]).toBe(String(rank(1)));
    await page.locator('#trade-table th').nth(7).click();
    expect((await rows(page))[0][0]).toBe(String(rank(-1)));
    await page.close();
  }, 120_000);
});
