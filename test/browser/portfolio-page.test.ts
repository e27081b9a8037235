/**
 * portfolio.html (issue 12 item 5) read back from its rendered ECharts instances in headless
 * Chromium and checked against the CSV files of the same run: the equity curve, the stacked
 * allocation (Σ symbol values + cash = equity on every bar), pnl by symbol (= contributions.csv,
 * summing to the account's pnl), open positions within the cap, and the returns' correlation
 * matrix recomputed here from each symbol's closes.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsvRows, runCli, tempDir } from '../support/run-cli.js';
import { hasChromium, launchBrowser, NEEDS_CHROMIUM, openReport, screenshot } from './support/browser.js';
import { expectOnPage } from './support/page-values.js';

const SYMBOLS = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'];

function pearson(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) { sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) ** 2; sbb += (b[i] - mb) ** 2; }
  return sab / Math.sqrt(saa * sbb);
}

describe.skipIf(!hasChromium)(`portfolio.html${NEEDS_CHROMIUM}`, () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launchBrowser(); });
  afterAll(async () => browser?.close());

  it('every chart agrees with the run\'s CSV files', async () => {
    const out = join(await tempDir('bt-portfolio-page-'), 'run');
    const r = await runCli(['--exchange', 'sample', '--symbols', SYMBOLS.join(','), '--timeframe', '4h', '--start', '2023-01-01', '--end', '2024-01-01',
      '--param', 'short_ma_window=5', '--param', 'long_ma_window=15', '--param', 'trend_ma_window=30',
      '--portfolio', '--stake', '30000', '--max-open-positions', '2', '--output', out]);
    expect(r.code, r.stderr).toBe(0);
    const eq = readCsvRows(join(out, 'portfolio', 'equity.csv'));
    const p = await openReport(browser, join(out, 'portfolio'), 'portfolio.html');
    const series = await p.page.evaluate(`(function () {
      var out = {};
      ['chart-portfolio-equity', 'chart-portfolio-allocation', 'chart-portfolio-contributions', 'chart-portfolio-open', 'chart-portfolio-correlation'].forEach(function (id) {
        var c = echarts.getInstanceByDom(document.getElementById(id));
        out[id] = c ? c.getOption().series.map(function (s) {
          return { name: s.name, data: s.data.map(function (d) { return d && typeof d === 'object' && !Array.isArray(d) ? d.value : d; }) };
        }) : null;
      });
      out.categories = echarts.getInstanceByDom(document.getElementById('chart-portfolio-contributions')).getOption().xAxis[0].data;
      return out;
    })()`) as Record<string, { name: string; data: unknown[] }[]> & { categories: string[] };

    // equity: one point per bar, the values of equity.csv
    const equity = series['chart-portfolio-equity']!.find((s) => s.name === 'Equity')!.data as [number, number][];
    expect(equity).toHaveLength(eq.length);
    // page values keep 8 significant digits of their column (docs/reports.md); the CSV every digit
    const eqCol = eq.map((row) => Number(row.equity));
    equity.forEach(([t, v], i) => { expect(t).toBe(Date.parse(eq[i].time)); expectOnPage(v, eqCol[i], eqCol, `equity ${i}`); });

    // allocation: the stacked symbol values and cash add up to the equity on every bar
    const alloc = series['chart-portfolio-allocation']!;
    expect(alloc.map((s) => s.name)).toEqual([...SYMBOLS, 'Cash']);
    const allocTol = alloc.length * 1e-7 * Math.max(...eqCol); // one rounding per stacked column
    for (let i = 0; i < eq.length; i++) {
      const sum = alloc.reduce((s, a) => s + (a.data[i] as [number, number])[1], 0);
      expect(Math.abs(sum - eqCol[i])).toBeLessThanOrEqual(allocTol);
    }

    // pnl by symbol = contributions.csv, and the bars add up to the account's pnl
    const contrib = readCsvRows(join(out, 'portfolio', 'contributions.csv'));
    expect(series.categories).toEqual(SYMBOLS);
    const bars = series['chart-portfolio-contributions']![0].data as number[];
    bars.forEach((v, i) => expect(v).toBeCloseTo(Number(contrib[i].pnl), 6));
    expect(bars.reduce((s, v) => s + v, 0)).toBeCloseTo(Number(eq[eq.length - 1].equity) - 100_000, 4);

    // open positions: never above the cap of 2, and the values of equity.csv
    const open = series['chart-portfolio-open']![0].data as [number, number][];
    open.forEach(([, v], i) => { expect(v).toBe(Number(eq[i].open_positions)); expect(v).toBeLessThanOrEqual(2); });
    expect(Math.max(...open.map(([, v]) => v))).toBe(2);

    // correlation of close-to-close returns, recomputed from each symbol's own equity.csv closes
    const closes = SYMBOLS.map((s) => readCsvRows(join(out, s.replace('/', '-'), 'equity.csv')).map((row) => Number(row.close)));
    const rets = closes.map((c) => c.slice(1).map((x, i) => x / c[i] - 1));
    const cells = series['chart-portfolio-correlation']![0].data as [number, number, number][];
    expect(cells).toHaveLength(SYMBOLS.length ** 2);
    for (const [x, y, v] of cells) expect(v).toBeCloseTo(x === y ? 1 : pearson(rets[x], rets[y]), 9);

    await screenshot(p.page, 'portfolio-page');
    expect(p.problems).toEqual([]);
    await p.page.close();
  });
});
