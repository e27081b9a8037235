/**
 * Issue 16 item 5 and issue 11 item 4 (report parts) in headless Chromium, read from the rendered
 * chart's own model and checked against the run's CSV files:
 * - indicators.html opens on the whole run; the equity panel (and every other panel) spans the same
 *   times as the price; after a zoom every panel shows the same window, and each y axis contains
 *   the data in view (the price axis fits it, not from zero);
 * - a 50x swap run on the sample market that really liquidates: the liquidation markers are the
 *   trades.csv rows with exit reason `liquidation` (time and price), apart from the other exits;
 *   each levered trade's liquidation level runs from its entry to its exit at trades.csv's
 *   `liquidation_price` (clipped to a zoom window that starts inside the trade, not dropped); the
 *   funding panel's cumulative line ends at equity.csv's last `funding`
 *   and its payment bars add up to it;
 * - a decimated spot run (two years of 1h) keeps the same bars for candles and equity, fits its y
 *   axes to what is drawn in a zoom window, and shows none of the futures parts (no funding
 *   panel, no liquidation series);
 * - no overlapping labels and no broken layout at 1,440 px on the changed page.
 * Screenshots (whole page and zoomed on the first liquidation) go to test-output/screenshots.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/run-cli.js';
import { hasChromium, launchBrowser, levelSegments, NEEDS_CHROMIUM, openReport, screenshot, seriesData, tooltipText } from './support/browser.js';
import { num, readCsv } from './support/csv.js';
import { DECIMATE_ABOVE } from '../../src/adapters/report/html/decimate.js';
import { labelOverlaps } from './support/labels.js';
import { layoutProblems } from './support/layout.js';
import { expectOnPage } from './support/page-values.js';

const CHART = 'chart-price';
const SAMPLE_1H = ['--exchange', 'sample', '--symbols', 'BTC/USDT', '--timeframe', '1h', '--no-warmup'];
const YEAR_1H = [...SAMPLE_1H, '--start', '2023-01-01', '--end', '2024-01-01'];
const HOUR = 3_600_000;

interface AxisView {
  /** Grid index of each x and y axis. */
  readonly xGrid: number[];
  readonly yGrid: number[];
  /** Extents as drawn (after the zoom). */
  readonly x: [number, number][];
  readonly y: [number, number][];
  readonly zoom: { start: number; end: number }[];
}

/** Axis extents of the price chart as ECharts computed them for the current zoom. */
function axisView(page: Page): Promise<AxisView> {
  return page.evaluate(`(function () {
    var c = echarts.getInstanceByDom(document.getElementById(${JSON.stringify(CHART)}));
    var m = c.getModel();
    var o = c.getOption();
    function ext(kind, i) { return m.getComponent(kind, i).axis.scale.getExtent().slice(); }
    return {
      xGrid: o.xAxis.map(function (a) { return a.gridIndex; }), yGrid: o.yAxis.map(function (a) { return a.gridIndex; }),
      x: o.xAxis.map(function (_, i) { return ext('xAxis', i); }), y: o.yAxis.map(function (_, i) { return ext('yAxis', i); }),
      zoom: o.dataZoom.map(function (z) { return { start: z.start, end: z.end }; })
    };
  })()`);
}

/** Zooms the price chart (as the slider or the wheel would) to [from, to]. */
async function zoomTo(page: Page, from: number, to: number): Promise<void> {
  await page.evaluate(`echarts.getInstanceByDom(document.getElementById(${JSON.stringify(CHART)})).dispatchAction({ type: 'dataZoom', startValue: ${from}, endValue: ${to} })`);
}

/** [min, max] of the finite values whose time lies in [from, to]. */
function rangeIn(times: readonly number[], values: readonly number[], from: number, to: number): [number, number] {
  let lo = Infinity, hi = -Infinity;
  times.forEach((t, i) => {
    const v = values[i];
    if (t >= from && t <= to && Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  });
  return [lo, hi];
}

function expectContains(extent: [number, number], [lo, hi]: [number, number], what: string): void {
  expect(lo, `${what}: visible minimum ${lo} below the axis ${extent.join('…')}`).toBeGreaterThanOrEqual(extent[0]);
  expect(hi, `${what}: visible maximum ${hi} above the axis ${extent.join('…')}`).toBeLessThanOrEqual(extent[1]);
}

describe.skipIf(!hasChromium)(`indicators.html: whole range, linked equity panel, liquidations and funding${NEEDS_CHROMIUM}`, () => {
  let browser: Browser;
  let swap: string;
  let spot: string;
  beforeAll(async () => {
    browser = await launchBrowser();
    const root = await tempDir('bt-indicators-');
    swap = join(root, 'swap50');
    spot = join(root, 'spot');
    const a = await runCli([...YEAR_1H, '--market', 'swap', '--leverage', '50', '--output', swap]);
    expect(a.code, a.stderr).toBe(0);
    // Two years of 1h (17,520 bars): a decimated page (docs/reports.md).
    const b = await runCli([...SAMPLE_1H, '--start', '2022-01-01', '--end', '2024-01-01', '--output', spot]);
    expect(b.code, b.stderr).toBe(0);
  }, 120_000);
  afterAll(async () => browser?.close());

  it('a 50x swap run: whole range at open, one x window on every panel, y axes fitting the data in view', async () => {
    const equity = await readCsv(join(swap, 'equity.csv'));
    const trades = await readCsv(join(swap, 'trades.csv'));
    const times = equity.map((r) => Date.parse(r.time));
    const { page, problems } = await openReport(browser, swap, 'indicators.html', 1440);
    expect(problems).toEqual([]);
    await screenshot(page, 'indicators-swap50-whole');

    // Opens on the whole run: the zoom window is 0–100 % and every x axis spans first to last bar.
    const open = await axisView(page);
    for (const z of open.zoom) expect(z).toEqual({ start: 0, end: 100 });
    const whole: [number, number] = [times[0], times[times.length - 1]];
    for (const x of open.x) expect(x).toEqual(whole);
    // Price, volume, ATR, equity and funding panels, each on its own grid.
    expect(new Set(open.xGrid).size).toBe(5);

    // Zoom on the first liquidation, two days either side: every panel shows that window.
    const liq = trades.find((r) => r.exit_reason === 'liquidation');
    if (!liq) throw new Error('the 50x run should liquidate');
    const from = Date.parse(liq.entry_time) - 48 * HOUR;
    const to = Date.parse(liq.exit_time) + 48 * HOUR;
    await zoomTo(page, from, to);
    const zoomed = await axisView(page);
    for (const x of zoomed.x) expect(x).toEqual([from, to]);
    await screenshot(page, 'indicators-swap50-zoomed');

    // Price: the axis holds every visible candle's low and high and fits them (not from zero).
    const candles = await seriesData<number[]>(page, CHART, 'BTC/USDT');
    const ct = candles.map((c) => c[0]);
    const low = rangeIn(ct, candles.map((c) => c[3]), from, to);
    const high = rangeIn(ct, candles.map((c) => c[4]), from, to);
    const priceAxis = zoomed.y[0];
    expectContains(priceAxis, [low[0], high[1]], 'price');
    expect(priceAxis[0]).toBeGreaterThan(0);
    expect(priceAxis[1] - priceAxis[0], 'the price axis fits the visible candles').toBeLessThan(2.5 * (high[1] - low[0]));

    // Equity panel: its axis holds the visible equity, read from equity.csv.
    const equityGrid = zoomed.xGrid[3];
    const equityAxis = zoomed.y[zoomed.yGrid.indexOf(equityGrid)];
    expectContains(equityAxis, rangeIn(times, equity.map((r) => num(r.equity)), from, to), 'equity');
    // And equity.csv is what the panel draws.
    const eq = await seriesData<[number, number]>(page, CHART, 'Equity');
    expect(eq.map((p) => p[0])).toEqual(times);
    const eqCol = equity.map((r) => num(r.equity));
    eq.forEach((p, i) => expectOnPage(p[1], eqCol[i], eqCol, `equity at ${equity[i].time}`));

    // Funding panel: the cumulative axis holds the visible cumulative funding.
    const fundingGrid = zoomed.xGrid[4];
    const fundingAxis = zoomed.y[zoomed.yGrid.indexOf(fundingGrid)];
    const fundingCol = equity.map((r) => num(r.funding));
    expectContains(fundingAxis, rangeIn(times, fundingCol, from, to), 'cumulative funding');

    // A window starting inside the liquidated trade: its liquidation level is clipped to the window
    // (drawn from the left edge to the exit), not dropped.
    const entry = Date.parse(liq.entry_time);
    const exit = Date.parse(liq.exit_time);
    const inside = entry + Math.floor((exit - entry) / 2 / HOUR) * HOUR;
    await zoomTo(page, inside, exit + 48 * HOUR);
    // The level series is drawn as one path of segments (a large lines series) clipped to the grid.
    const drawn = await page.evaluate(`(function () {
      var c = echarts.getInstanceByDom(document.getElementById(${JSON.stringify(CHART)}));
      var paths = c.getZr().storage.getDisplayList(true).filter(function (el) { return el.shape && el.shape.segs && el.style && el.style.stroke === '#111827'; });
      return {
        level: c.convertToPixel({ gridIndex: 0 }, [${exit}, ${num(liq.liquidation_price)}]),
        left: c.convertToPixel({ gridIndex: 0 }, [${inside}, ${num(liq.liquidation_price)}])[0],
        paths: paths.map(function (p) {
          var clip = (p.__clipPaths || []).map(function (r) { return [r.shape.x, r.shape.x + r.shape.width]; });
          return { segs: Array.prototype.slice.call(p.shape.segs), clip: clip };
        })
      };
    })()`) as { level: [number, number]; left: number; paths: { segs: number[]; clip: [number, number][] }[] };
    let found: { x0: number; x1: number; clip: [number, number][] } | undefined;
    for (const p of drawn.paths) {
      for (let i = 0; i + 3 < p.segs.length; i += 4) {
        const [x0, y0, x1, y1] = p.segs.slice(i, i + 4);
        if (Math.abs(y0 - drawn.level[1]) < 1 && Math.abs(y1 - drawn.level[1]) < 1 && Math.abs(x1 - drawn.level[0]) < 1) found = { x0, x1, clip: p.clip };
      }
    }
    expect(found, 'the liquidation level of a trade entered before the window is drawn').toBeDefined();
    const seg = found as { x0: number; x1: number; clip: [number, number][] };
    // It starts before the window and is clipped at the window's left edge: drawn from the edge to the exit.
    expect(seg.x0).toBeLessThan(drawn.left);
    expect(seg.clip).toHaveLength(1);
    // (ECharts widens a grid's clip by about half the line width.)
    expect(Math.abs(seg.clip[0][0] - drawn.left)).toBeLessThanOrEqual(1.5);
    expect(seg.clip[0][1]).toBeGreaterThan(seg.x1);
    // The payments are bars on their own axis, which starts at zero (bars are lengths).
    const paymentAxis = zoomed.y[zoomed.yGrid.lastIndexOf(fundingGrid)];
    expect(paymentAxis[0]).toBeLessThanOrEqual(0);
    expect(paymentAxis[1]).toBeGreaterThanOrEqual(0);
    await page.close();
  }, 120_000);

  it('a 50x swap run: liquidation markers and levels equal trades.csv, the funding panel equals equity.csv', async () => {
    const equity = await readCsv(join(swap, 'equity.csv'));
    const trades = await readCsv(join(swap, 'trades.csv'));
    const lastTime = Date.parse(equity[equity.length - 1].time);
    const { page } = await openReport(browser, swap, 'indicators.html', 1440);
    // Labels first: a tooltip's axis-pointer labels (shown below) would sit over the axis labels.
    expect(await labelOverlaps(page)).toEqual([]);
    expect(await layoutProblems(page)).toEqual([]);

    // Liquidations: one pin per liquidation row, at its exit time and price, and not among the exits.
    const liquidated = trades.map((r, i) => ({ r, i })).filter(({ r }) => r.exit_reason === 'liquidation');
    expect(liquidated.length).toBeGreaterThan(0);
    const pins = await seriesData<[number, number, number]>(page, CHART, 'Liquidation');
    expect(pins.map((p) => p[2]).sort((a, b) => a - b)).toEqual(liquidated.map(({ i }) => i));
    // Trade values on the page keep 8 significant digits of their column (compact-column.ts).
    const exitPrices = trades.map((r) => num(r.exit_price));
    const liqPrices = trades.filter((r) => r.liquidation_price !== '').map((r) => num(r.liquidation_price));
    for (const [t, price, idx] of pins) {
      expect(t).toBe(Date.parse(trades[idx].exit_time));
      expectOnPage(price, num(trades[idx].exit_price), exitPrices, 'liquidation exit price');
      // The liquidation happens at the position's liquidation price (docs/futures.md).
      expectOnPage(price, num(trades[idx].liquidation_price), exitPrices, 'liquidation price');
    }
    const tip = await tooltipText(page, CHART, 'Liquidation', 0);
    expect(tip).toContain(`Trade #${pins[0][2] + 1}`);
    expect(tip).toContain('exit: liquidation');
    expect(tip).toMatch(/Liquidation price [\d,.]+/);
    const exits = await seriesData<[number, number, number]>(page, CHART, 'Exit');
    expect(exits).toHaveLength(trades.filter((r) => r.status === 'closed').length - liquidated.length);
    for (const [, , idx] of exits) expect(trades[idx].exit_reason).not.toBe('liquidation');

    // Liquidation levels: one segment per levered trade, entry to exit (the last bar when open) at liquidation_price.
    const levels = await levelSegments(page, CHART, 'Liquidation level');
    const levered = trades.filter((r) => r.liquidation_price !== '');
    expect(levels).toHaveLength(levered.length);
    levels.forEach(([t0, t1, y0, y1], k) => {
      const r = levered[k];
      expect(t0).toBe(Date.parse(r.entry_time));
      expect(t1).toBe(r.exit_time === '' ? lastTime : Date.parse(r.exit_time));
      expectOnPage(y0, num(r.liquidation_price), liqPrices, 'liquidation level');
      expect(y1).toBe(y0);
    });

    // Funding: the cumulative line ends at equity.csv's last funding value; the payments add up to it.
    const fundingCol = equity.map((r) => num(r.funding));
    const cumulative = await seriesData<[number, number]>(page, CHART, 'Funding paid (cumulative)');
    expect(cumulative).toHaveLength(equity.length);
    expectOnPage(cumulative[cumulative.length - 1][1], fundingCol[fundingCol.length - 1], fundingCol, 'last cumulative funding');
    const payments = await seriesData<[number, number]>(page, CHART, 'Funding payment');
    expect(payments.length).toBeGreaterThan(0);
    const paid = payments.reduce((s, p) => s + p[1], 0);
    expect(Math.abs(paid - fundingCol[fundingCol.length - 1])).toBeLessThan(1e-6 * Math.max(1, ...fundingCol.map(Math.abs)) * payments.length);
    // Each payment is the change of equity.csv's cumulative funding at that bar.
    const byTime = new Map(equity.map((r, i) => [Date.parse(r.time), i]));
    const changes = payments.map(([t]) => {
      const i = byTime.get(t) as number;
      return fundingCol[i] - (i > 0 ? fundingCol[i - 1] : 0);
    });
    payments.forEach(([t, amount], k) => expectOnPage(amount, changes[k], changes, `payment at ${new Date(t).toISOString()}`));
    // And no change of the cumulative funding is left without its bar.
    expect(payments).toHaveLength(fundingCol.filter((v, i) => v !== (i > 0 ? fundingCol[i - 1] : 0)).length);

    await page.close();
  }, 120_000);

  it('a decimated spot run: the linked equity panel on the same bars, no funding panel and no liquidation series', async () => {
    const equity = await readCsv(join(spot, 'equity.csv'));
    const times = equity.map((r) => Date.parse(r.time));
    expect(times.length).toBeGreaterThan(DECIMATE_ABOVE);
    const { page, problems } = await openReport(browser, spot, 'indicators.html', 1440);
    expect(problems).toEqual([]);
    const names = await page.evaluate(`echarts.getInstanceByDom(document.getElementById(${JSON.stringify(CHART)})).getOption().series.map(function (s) { return s.name; })`) as string[];
    expect(names).toContain('Equity');
    for (const absent of ['Liquidation', 'Liquidation level', 'Funding paid (cumulative)', 'Funding payment']) expect(names).not.toContain(absent);
    const view = await axisView(page);
    // Price, volume, ATR and equity: no empty funding grid.
    expect(new Set(view.xGrid).size).toBe(4);
    for (const x of view.x) expect(x).toEqual([times[0], times[times.length - 1]]);
    // The page keeps fewer bars than the run, the same ones for the candles and the equity, each equal to equity.csv.
    const candles = await seriesData<number[]>(page, CHART, 'BTC/USDT');
    const eq = await seriesData<[number, number]>(page, CHART, 'Equity');
    expect(candles.length).toBeLessThan(times.length);
    expect(eq.map((p) => p[0])).toEqual(candles.map((c) => c[0]));
    const eqCol = equity.map((r) => num(r.equity));
    const row = new Map(times.map((t, i) => [t, i]));
    for (const [t, v] of eq) expectOnPage(v, eqCol[row.get(t) as number], eqCol, `equity at ${new Date(t).toISOString()}`);
    const mid = times[Math.floor(times.length / 2)];
    const end = mid + 30 * 24 * HOUR;
    await zoomTo(page, mid, end);
    const zoomed = await axisView(page);
    for (const x of zoomed.x) expect(x).toEqual([mid, end]);
    // The y axes hold what is drawn in the window: the kept candles' lows and highs and the kept equity.
    const ct = candles.map((c) => c[0]);
    expectContains(zoomed.y[0], [rangeIn(ct, candles.map((c) => c[3]), mid, end)[0], rangeIn(ct, candles.map((c) => c[4]), mid, end)[1]], 'price');
    expect(zoomed.y[0][0]).toBeGreaterThan(0);
    expectContains(zoomed.y[zoomed.yGrid.indexOf(view.xGrid[3])], rangeIn(eq.map((p) => p[0]), eq.map((p) => p[1]), mid, end), 'equity');
    expect(await labelOverlaps(page)).toEqual([]);
    expect(await layoutProblems(page)).toEqual([]);
    await screenshot(page, 'indicators-spot-whole');
    await page.close();
  }, 120_000);
});
