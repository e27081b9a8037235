/**
 * Issue 16 item 6, read back in headless Chromium: the overview's "Buy & hold" column beside the
 * strategy (the benchmark equity of equity.csv measured with the metric formulas, recomputed here),
 * and the equity page's rolling volatility (the volatility formula on each trailing window).
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsvRows, readMetrics, tempDir } from '../support/run-cli.js';
import { hasChromium, launchBrowser, NEEDS_CHROMIUM, openReport } from './support/browser.js';
import { expectOnPage } from './support/page-values.js';
import { sampleRun, writeRun } from './support/runs.js';

describe.skipIf(!hasChromium)(`benchmark column and rolling volatility${NEEDS_CHROMIUM}`, () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launchBrowser(); });
  afterAll(async () => browser?.close());

  it('the Buy & hold column equals the benchmark equity measured with the same formulas; rolling volatility equals std × √A per window', async () => {
    const r = await sampleRun({ symbol: 'ETH/USDT', timeframe: '4h', start: '2023-01-01', end: '2024-01-01' });
    const dir = join(await tempDir('bt-bench-col-'), 'run');
    await writeRun(r, dir);
    const rows = readCsvRows(join(dir, 'equity.csv'));
    const bench = rows.map((x) => Number(x.benchmark_equity));
    const A = readMetrics(dir).periods_per_year;
    const init = 100_000;
    const ret = bench.map((e, i) => e / (i === 0 ? init : bench[i - 1]) - 1);
    const n = ret.length;
    const mu = ret.reduce((s, x) => s + x, 0) / n;
    const sd = Math.sqrt(ret.reduce((s, x) => s + (x - mu) ** 2, 0) / (n - 1));
    let peak = init, mdd = 0;
    for (const e of bench) { peak = Math.max(peak, e); mdd = Math.max(mdd, 1 - e / peak); }

    const o = await openReport(browser, dir, 'overview.html');
    const col = await o.page.evaluate(`(function () {
      var out = {};
      document.querySelectorAll('[data-benchmark-metric]').forEach(function (el) {
        out[el.getAttribute('data-benchmark-metric')] = el.hasAttribute('data-value') ? Number(el.getAttribute('data-value')) : null;
      });
      return out;
    })()`) as Record<string, number | null>;
    expect(col.total_return).toBeCloseTo(bench[n - 1] / init - 1, 10);
    expect(col.total_return).toBeCloseTo(readMetrics(dir).benchmark_return, 10);
    expect(col.volatility).toBeCloseTo(sd * Math.sqrt(A), 10);
    expect(col.sharpe_ratio).toBeCloseTo((mu / sd) * Math.sqrt(A), 10);
    expect(col.max_drawdown).toBeCloseTo(mdd, 10);
    // trade metrics do not apply to buy and hold: no column there
    expect('win_rate' in col).toBe(false);
    expect(o.problems).toEqual([]);
    await o.page.close();

    const e = await openReport(browser, dir, 'equity.html');
    const vol = await e.page.evaluate(`(function () {
      var c = echarts.getInstanceByDom(document.getElementById('chart-rolling-volatility'));
      return c.getOption().series[0].data;
    })()`) as [number, number | null][];
    expect(vol).toHaveLength(n);
    const eq = rows.map((x) => Number(x.equity));
    const w = 180; // 30 days of 4h bars
    for (const t of [w - 1, w + 7, Math.floor(n / 2), n - 1]) {
      const rr: number[] = [];
      for (let s = t - w + 1; s <= t; s++) rr.push(eq[s] / (s === 0 ? init : eq[s - 1]) - 1);
      const m = rr.reduce((a, x) => a + x, 0) / w;
      const want = Math.sqrt(rr.reduce((a, x) => a + (x - m) ** 2, 0) / (w - 1)) * Math.sqrt(A);
      expectOnPage(vol[t][1]!, want, vol.map((v) => v[1] ?? 0), `rolling volatility at ${t}`);
    }
    expect(vol[w - 2][1] === null || Number.isNaN(vol[w - 2][1])).toBe(true);
    expect(e.problems).toEqual([]);
    await e.page.close();
  });
});
