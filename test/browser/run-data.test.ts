/**
 * The pages of a run folder share report-data.js (src/adapters/report/html/run-data.ts): opened
 * from file://, each page draws exactly the series a self-contained (--single-file) page of the
 * same run holds itself, and those equal equity.csv within page rounding (the drawdown and return
 * curves derived in the browser from the equity and buy-and-hold columns). A page whose folder
 * lost report-data.js says so instead of drawing nothing.
 */
import { cp, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_PAGES, writeReports } from '../../src/adapters/report/html/index.js';
import type { BacktestResult } from '../../src/orchestration/result.js';
import { hasChromium, launchBrowser, NEEDS_CHROMIUM, networkRequests, openReport, REPORT_OUTPUT_DIR, seriesData } from './support/browser.js';
import { num, readCsv } from './support/csv.js';
import { expectDerivedOnPage, expectOnPage } from './support/page-values.js';
import { sampleRun, writeRun } from './support/runs.js';

const SHARED = path.join(REPORT_OUTPUT_DIR, 'run-data-shared');
const SINGLE = path.join(REPORT_OUTPUT_DIR, 'run-data-single-file');

/** Every chart's series (name and data) as ECharts holds them after setOption. */
const ALL_SERIES = `Array.from(document.querySelectorAll('.chart')).map(function (el) {
  return { id: el.id, series: echarts.getInstanceByDom(el).getOption().series.map(function (s) { return { name: s.name, data: s.data }; }) };
})`;

describe.skipIf(!hasChromium)(`pages sharing report-data.js, and with --single-file${NEEDS_CHROMIUM}`, () => {
  let browser: Browser;
  let result: BacktestResult;
  let equityCsv: Record<string, string>[];

  beforeAll(async () => {
    result = await sampleRun({ symbol: 'BTC/USDT', timeframe: '1h', start: '2023-01-01', end: '2023-07-01', market: 'swap' });
    await writeRun(result, SHARED);
    await rm(SINGLE, { recursive: true, force: true });
    await writeReports(result, SINGLE, { library: 'inline', svg: false });
    equityCsv = await readCsv(path.join(SHARED, 'equity.csv'));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('each page draws the same series from report-data.js as the self-contained page holds, loading nothing but local files', async () => {
    for (const { file } of REPORT_PAGES) {
      const shared = await openReport(browser, SHARED, file);
      const single = await openReport(browser, SINGLE, file);
      for (const p of [shared, single]) {
        expect(p.problems, file).toEqual([]);
        expect(networkRequests(p.requests), file).toEqual([]);
      }
      const loadsRunData = shared.requests.some((u) => u.endsWith('/report-data.js'));
      expect(loadsRunData, file).toBe(file !== 'monthly_returns.html');
      expect(single.requests.map((u) => path.basename(new URL(u).pathname)), file).toEqual([file]); // nothing beside the page
      const a = await shared.page.evaluate(ALL_SERIES);
      const b = await single.page.evaluate(ALL_SERIES);
      expect(JSON.stringify(a), file).toBe(JSON.stringify(b));
      await shared.page.close();
      await single.page.close();
    }
  });

  it('the equity, buy-and-hold, drawdown and return curves equal equity.csv within page rounding', async () => {
    const init = result.portfolio.initCash;
    const equity = equityCsv.map((r) => num(r.equity));
    const bench = equityCsv.map((r) => num(r.benchmark_equity));
    const drawdown = equityCsv.map((r) => -num(r.drawdown));
    const times = equityCsv.map((r) => Date.parse(r.time));
    const check = (points: [number, number][], want: (i: number) => void, what: string) => {
      expect(points, what).toHaveLength(equityCsv.length);
      points.forEach(([t], i) => expect(t, `${what} time ${i}`).toBe(times[i]));
      points.forEach((_, i) => want(i));
    };
    for (const dir of [SHARED, SINGLE]) {
      const o = await openReport(browser, dir, 'overview.html');
      const eq = await seriesData<[number, number]>(o.page, 'chart-equity-drawdown', 'Equity');
      check(eq, (i) => expectOnPage(eq[i][1], equity[i], equity, `overview equity ${i}`), 'overview equity');
      const bh = await seriesData<[number, number]>(o.page, 'chart-equity-drawdown', 'Buy & hold');
      check(bh, (i) => expectOnPage(bh[i][1], bench[i], bench, `overview buy and hold ${i}`), 'overview buy and hold');
      const dd = await seriesData<[number, number]>(o.page, 'chart-equity-drawdown', 'Drawdown');
      check(dd, (i) => expectDerivedOnPage(dd[i][1], drawdown[i], equity, 'under', init, `overview drawdown ${i}`), 'overview drawdown');
      await o.page.close();

      const e = await openReport(browser, dir, 'equity.html');
      const cum = await seriesData<[number, number]>(e.page, 'chart-cumulative-return', 'Strategy');
      check(cum, (i) => expectDerivedOnPage(cum[i][1], equity[i] / init - 1, equity, 'ret', init, `strategy return ${i}`), 'strategy return');
      const bhr = await seriesData<[number, number]>(e.page, 'chart-cumulative-return', 'Buy & hold');
      check(bhr, (i) => expectDerivedOnPage(bhr[i][1], bench[i] / init - 1, bench, 'ret', init, `buy and hold return ${i}`), 'buy and hold return');
      const under = await seriesData<[number, number]>(e.page, 'chart-underwater', 'Drawdown');
      check(under, (i) => expectDerivedOnPage(under[i][1], drawdown[i], equity, 'under', init, `underwater ${i}`), 'underwater');
      await e.page.close();

      const d = await openReport(browser, dir, 'drawdowns.html');
      const deq = await seriesData<[number, number]>(d.page, 'chart-drawdown-periods', 'Equity');
      check(deq, (i) => expectOnPage(deq[i][1], equity[i], equity, `drawdowns equity ${i}`), 'drawdowns equity');
      await d.page.close();

      const ind = await openReport(browser, dir, 'indicators.html');
      const ieq = await seriesData<[number, number]>(ind.page, 'chart-price', 'Equity');
      check(ieq, (i) => expectOnPage(ieq[i][1], equity[i], equity, `indicators equity ${i}`), 'indicators equity');
      await ind.page.close();
    }
  });

  it('a page whose folder lost report-data.js says so on every chart', async () => {
    const dir = path.join(REPORT_OUTPUT_DIR, 'run-data-missing');
    await rm(dir, { recursive: true, force: true });
    await cp(SHARED, dir, { recursive: true });
    await rm(path.join(dir, 'report-data.js'));
    const { page, problems } = await openReport(browser, dir, 'overview.html');
    expect(problems.join('\n')).toMatch(/report-data\.js is missing/);
    const text = await page.locator('#chart-equity-drawdown').innerText();
    expect(text).toMatch(/keep report-data\.js next to this file/);
    await page.close();
  });
});
