/**
 * Charts that do not mislead (issue 16, items 1 and 2), read back from the rendered ECharts
 * instances in headless Chromium: every bar series sits on an axis whose drawn extent includes
 * zero, and optimization heatmaps use a colour scale centred on zero, symmetric, shared by every
 * panel (with a switch to per-panel scales), computed here from optimization_results.csv.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BacktestRunner } from '../../src/adapters/api/backtest-runner.js';
import { readCsvRows, tempDir } from '../support/run-cli.js';
import { hasChromium, launchBrowser, NEEDS_CHROMIUM, openReport } from './support/browser.js';
import { sampleRun, writeRun } from './support/runs.js';

const PAGES = ['overview.html', 'equity.html', 'drawdowns.html', 'trades.html', 'indicators.html', 'monthly_returns.html'];

interface BarAxis { chart: string; series: string; extent: [number, number] }

/** Each bar series of the page with the drawn extent of its value axis. */
function barAxes(page: Page): Promise<BarAxis[]> {
  return page.evaluate(`(function () {
    var out = [];
    Array.prototype.forEach.call(document.querySelectorAll('.chart'), function (el) {
      var chart = echarts.getInstanceByDom(el);
      if (!chart) return;
      var model = chart.getModel();
      model.eachSeriesByType('bar', function (s) {
        var yi = s.get('yAxisIndex') || 0;
        var y = model.getComponent('yAxis', yi);
        out.push({ chart: el.id, series: String(s.name), extent: y.axis.scale.getExtent() });
      });
    });
    return out;
  })()`);
}

describe.skipIf(!hasChromium)(`charts that do not mislead${NEEDS_CHROMIUM}`, () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launchBrowser(); });
  afterAll(async () => browser?.close());

  it('every bar chart of a one-year run starts at zero', async () => {
    // One calendar year, so the yearly-returns chart has a single bar (the case that drew from the bar's own value).
    const r = await sampleRun({ symbol: 'ADA/USDT', timeframe: '1h', start: '2023-01-01', end: '2024-01-01' });
    const dir = join(await tempDir('bt-honest-'), 'run');
    await writeRun(r, dir);
    let seen = 0;
    for (const file of PAGES) {
      const p = await openReport(browser, dir, file);
      for (const a of await barAxes(p.page)) {
        seen++;
        expect(a.extent[0], `${file} ${a.chart} ${a.series}`).toBeLessThanOrEqual(0);
        expect(a.extent[1], `${file} ${a.chart} ${a.series}`).toBeGreaterThanOrEqual(0);
      }
      await p.page.close();
    }
    // The yearly returns, seasonality, volume, trade distribution, histogram and streak charts at least.
    expect(seen).toBeGreaterThanOrEqual(6);
  });

  it('optimization heatmaps: one zero-centred symmetric scale for every panel, or each its own on request', async () => {
    const out = join(await tempDir('bt-honest-opt-'), 'opt');
    const runner = new BacktestRunner({ exchange: 'sample' });
    const data = await runner.loadData('ETH/USDT', '4h', '2022-01-01', '2024-01-01');
    const ranges = { short_ma_window: [5, 10, 20], long_ma_window: [30, 50], atr_period: [7, 14] };
    await runner.runOptimization(data, 'dma_atr_trend', { trend_ma_window: 150 }, ranges, { metric: 'sharpe_ratio', workers: 1, outputDir: out });
    const rows = readCsvRows(join(out, 'optimization_results.csv'));
    const keys = Object.keys(ranges) as (keyof typeof ranges)[];
    // Best Sharpe per cell of each pair, from the CSV.
    const cellBest = (a: string, b: string) => {
      const m = new Map<string, number>();
      for (const r of rows) {
        const v = Number(r.sharpe_ratio);
        if (r.sharpe_ratio === '' || !Number.isFinite(v)) continue;
        const k = `${r[a]}|${r[b]}`;
        m.set(k, Math.max(m.get(k) ?? -Infinity, v));
      }
      return [...m.values()];
    };
    const own: Record<string, number> = {};
    for (let i = 0; i < keys.length; i++) for (let j = i + 1; j < keys.length; j++) own[`chart-heat-${i}-${j}-best`] = Math.max(...cellBest(keys[i], keys[j]).map(Math.abs));
    const shared = Math.max(...Object.values(own));
    expect(Object.keys(own)).toHaveLength(3);

    const p = await openReport(browser, out, 'optimization_heatmap.html');
    const scale = (id: string) => p.page.evaluate(`(function () {
      var vm = echarts.getInstanceByDom(document.getElementById(${JSON.stringify(id)})).getOption().visualMap[0];
      return [vm.min, vm.max];
    })()`) as Promise<[number, number]>;
    for (const id of Object.keys(own)) {
      const [lo, hi] = await scale(id);
      expect(lo, id).toBeCloseTo(-hi, 12);
      expect(hi, id).toBeCloseTo(shared, 9);
    }
    await p.page.selectOption('#scale-select', 'own');
    for (const [id, s] of Object.entries(own)) {
      const [lo, hi] = await scale(id);
      expect(hi, id).toBeCloseTo(s, 9);
      expect(lo, id).toBeCloseTo(-s, 9);
    }
    await p.page.close();
  });
});
