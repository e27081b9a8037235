/**
 * The trades page's MAE/MFE scatter (issue 9 item 9), read back from the rendered ECharts instance
 * in headless Chromium: one point per closed trade at (−mae, mfe) of trades.csv, winners and
 * losers apart, and the tooltip names the trade's excursions.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsvRows, tempDir } from '../support/run-cli.js';
import { hasChromium, launchBrowser, NEEDS_CHROMIUM, openReport } from './support/browser.js';
import { expectOnPage } from './support/page-values.js';
import { sampleRun, writeRun } from './support/runs.js';

describe.skipIf(!hasChromium)(`MAE/MFE scatter on trades.html${NEEDS_CHROMIUM}`, () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launchBrowser(); });
  afterAll(async () => browser?.close());

  it('plots every closed trade at (−mae, mfe) from trades.csv', async () => {
    const r = await sampleRun({ symbol: 'ETH/USDT', timeframe: '4h', start: '2023-01-01', end: '2024-01-01' });
    const dir = join(await tempDir('bt-mae-'), 'run');
    await writeRun(r, dir);
    const closed = readCsvRows(join(dir, 'trades.csv')).filter((t) => t.status === 'closed');
    expect(closed.length).toBeGreaterThan(5);
    const p = await openReport(browser, dir, 'trades.html');
    const series = await p.page.evaluate(`(function () {
      var chart = echarts.getInstanceByDom(document.getElementById('chart-trade-excursions'));
      return chart.getOption().series.map(function (s) { return { name: s.name, data: s.data }; });
    })()`) as { name: string; data: [number, number, number][] }[];
    const points = series.flatMap((s) => s.data.map((d) => ({ win: s.name === 'Winning', x: d[0], y: d[1], i: d[2] })));
    expect(points).toHaveLength(closed.length);
    // Trade values on the page keep 8 significant digits of their column (compact-column.ts).
    const all = readCsvRows(join(dir, 'trades.csv'));
    const mae = all.map((t) => Number(t.mae)).filter(Number.isFinite);
    const mfe = all.map((t) => Number(t.mfe)).filter(Number.isFinite);
    for (const pt of points) {
      const t = closed[pt.i];
      expectOnPage(pt.x, -Number(t.mae), mae, 'mae');
      expectOnPage(pt.y, Number(t.mfe), mfe, 'mfe');
      expect(pt.win).toBe(Number(t.pnl) > 0);
      // an excursion bounds the trade's own move before fees
      expect(pt.x).toBeGreaterThanOrEqual(0);
      expect(pt.y).toBeGreaterThanOrEqual(0);
    }
    // hovering a point shows the trade with its excursions
    const tip = await p.page.evaluate(`(function () {
      var chart = echarts.getInstanceByDom(document.getElementById('chart-trade-excursions'));
      var opt = chart.getOption();
      var s = opt.series[0].data.length ? 0 : 1;
      chart.dispatchAction({ type: 'showTip', seriesIndex: s, dataIndex: 0 });
      return document.querySelector('#chart-trade-excursions').innerText;
    })()`) as string;
    expect(tip).toMatch(/MAE [−-]?\d/);
    expect(tip).toMatch(/MFE \+?\d/);
    expect(p.problems).toEqual([]);
    await p.page.close();
  });
});
