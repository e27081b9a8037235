import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutputError } from '../../../base/errors.js';
import { fixtureResult } from '../../../../test/support/fixture-result.js';
import { renderEquitySvg } from '../svg/render-equity-svg.js';
import { unpack } from '../../../../test/support/packed-column.js';
import type { PackedColumn } from './compact-column.js';
import { REPORT_PAGES, summaryEntry, writeIndexPage, writeReports, writeSummaryPage } from './index.js';

interface Payload {
  charts: { id: string; option: { series?: { name: string; data: unknown }[] } }[];
  columns: Record<string, unknown>;
  trades?: Record<string, unknown>;
  run?: { columns: string[]; data: string[] };
}

/** The JSON payload embedded in a page. */
function payload(html: string): Payload {
  const m = html.match(/<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/);
  if (!m) throw new Error('no payload');
  return JSON.parse(m[1]);
}

/** The data report-data.js gives the pages of a folder (`window.__backtesterRunData = {...};`). */
async function runData(dir: string): Promise<{ columns: Record<string, unknown>; trades?: Record<string, unknown> }> {
  const text = await readFile(path.join(dir, 'report-data.js'), 'utf8');
  const m = text.match(/^\/\* [^\n]* \*\/\nwindow\.__backtesterRunData = (.*);\n$/s);
  if (!m) throw new Error(`not a run data file: ${text.slice(0, 80)}`);
  return JSON.parse(m[1]);
}

/** A page's payload with what it takes from report-data.js put in place, as the client runtime does. */
async function fullPayload(dir: string, page: string): Promise<Payload> {
  const p = payload(await readFile(path.join(dir, page), 'utf8'));
  if (!p.run) return p;
  const run = await runData(dir);
  for (const k of p.run.columns) p.columns[k] = run.columns[k];
  for (const k of p.run.data) (p as unknown as Record<string, unknown>)[k] = (run as Record<string, unknown>)[k];
  return p;
}

describe('writeReports (no browser)', () => {
  let dir: string;
  const result = fixtureResult({ timeframe: '4h', bars: 1_200, openAtEnd: true });
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'reports-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the six pages, the library once and equity.svg, and returns their names', async () => {
    const files = await writeReports(result, dir);
    expect(files).toEqual(['assets/echarts.min.js', 'assets/report-runtime.js', 'report-data.js', ...REPORT_PAGES.map((p) => p.file), 'equity.svg']);
    for (const f of files) expect(existsSync(path.join(dir, f)), f).toBe(true);
    const html = await readFile(path.join(dir, 'overview.html'), 'utf8');
    expect(html).toContain('<script src="assets/echarts.min.js"></script>');
    expect(html).toContain('<script src="report-data.js"></script>');
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('stores what several pages draw once, in report-data.js: each page names what it takes and holds the rest', async () => {
    const run = await runData(dir);
    // Its first line says whose data it is, and that it is synthetic (as every file of a sample-market run does).
    expect((await readFile(path.join(dir, 'report-data.js'), 'utf8')).split('\n')[0]).toBe(
      `/* backtester: data the report pages of this folder share. ${result.symbol} 4h, ${result.strategy.name}; SYNTHETIC data from the built-in sample market, not a real exchange. */`);
    expect(Object.keys(run.columns).sort()).toEqual(['benchmark', 'equity', 'time']);
    expect(Object.keys(run).sort()).toEqual(['columns', 'trades']);
    const uses: Record<string, Payload['run']> = {};
    for (const page of REPORT_PAGES) uses[page.file] = payload(await readFile(path.join(dir, page.file), 'utf8')).run;
    expect(uses).toEqual({
      'overview.html': { columns: ['benchmark', 'equity', 'time'], data: [] },
      'equity.html': { columns: ['benchmark', 'equity', 'time'], data: [] },
      'drawdowns.html': { columns: ['equity', 'time'], data: [] },
      'trades.html': { columns: [], data: ['trades'] },
      'indicators.html': { columns: ['equity', 'time'], data: ['trades'] },
      'monthly_returns.html': undefined,
    });
    const init = result.portfolio.initCash;
    // The returns and underwater curves are derived in the browser from the equity and buy-and-hold columns.
    const equityPage = payload(await readFile(path.join(dir, 'equity.html'), 'utf8'));
    expect(equityPage.columns.cumReturn).toEqual({ $from: ['equity', 'ret', init] });
    expect(equityPage.columns.benchReturn).toEqual({ $from: ['benchmark', 'ret', init] });
    expect(equityPage.columns.underwater).toEqual({ $from: ['equity', 'under', init] });
    expect(equityPage.columns.equity).toBeUndefined();
    for (const page of ['overview.html', 'equity.html', 'drawdowns.html', 'indicators.html']) {
      expect(await readFile(path.join(dir, page), 'utf8'), page).not.toContain(JSON.stringify(run.columns.equity));
    }
  });

  it('embeds the data to 8 significant digits: the equity column is the result equity, the times are exact', async () => {
    const p = await fullPayload(dir, 'overview.html');
    const equity = Array.from(result.sim.equity);
    const max = Math.max(...equity.map(Math.abs));
    // Packed as text (compact-column.ts), decoded here by the test's own decoder.
    const onPage = unpack(p.columns.equity as PackedColumn) as number[];
    expect(onPage).toHaveLength(equity.length);
    // Within half a unit of the 8th significant digit of the column's largest value.
    onPage.forEach((v, i) => expect(Math.abs(v - equity[i])).toBeLessThanOrEqual(0.5e-7 * max * 1.000001));
    // Evenly spaced bar times travel as runs [first, step, count]; expanded they are the bar times.
    const runs = (p.columns.time as { $runs: [number, number, number][] }).$runs;
    const times = runs.flatMap(([first, step, count]) => Array.from({ length: count }, (_, k) => first + k * step));
    expect(times).toEqual(Array.from(result.frame.time));
    expect(p.charts.map((c) => c.id)).toEqual(['chart-equity-drawdown', 'chart-trade-returns', 'chart-exit-reasons', 'chart-monthly-heatmap']);
  });

  it('holds each trade once, as columns: markers and points refer to them, the trade list is built from them', async () => {
    const n = result.sim.trades.count;
    expect(n).toBeGreaterThan(1);
    for (const page of ['indicators.html', 'trades.html']) {
      const p = await fullPayload(dir, page);
      const t = p.trades as Record<string, unknown>;
      expect(t.side, page).toHaveLength(n);
      expect(t.why, page).toHaveLength(n);
      for (const k of ['ep', 'xp', 'pnl', 'ret']) {
        const col = unpack(t[k] as PackedColumn);
        expect(col, `${page} ${k}`).toHaveLength(n);
      }
      // Entry prices on the page are the trades' within the page rounding.
      const ep = Array.from(result.sim.trades.entryPrice.subarray(0, n));
      const max = Math.max(...ep);
      unpack(t.ep as PackedColumn).forEach((v, i) => expect(Math.abs((v as number) - ep[i])).toBeLessThanOrEqual(0.5e-7 * max * 1.000001));
      // No chart series carries its own copy of trade values.
      for (const c of p.charts) for (const s of c.option.series ?? []) expect(Array.isArray(s.data) && s.data.length === n, `${page} ${c.id} ${s.name}`).toBe(false);
    }
    const trades = await readFile(path.join(dir, 'trades.html'), 'utf8');
    expect(trades).toMatch(/<table class="sortable-list" id="trade-table" data-page-size="500">.*<tbody><\/tbody>/s);
  });

  it('can inline the library so each page stands alone', async () => {
    const inline = path.join(dir, 'inline');
    const files = await writeReports(result, inline, { library: 'inline', svg: false });
    expect(files).toEqual(REPORT_PAGES.map((p) => p.file));
    expect(existsSync(path.join(inline, 'assets'))).toBe(false);
    expect(existsSync(path.join(inline, 'report-data.js'))).toBe(false);
    const html = await readFile(path.join(inline, 'equity.html'), 'utf8');
    expect(html.length).toBeGreaterThan(1_000_000);
    expect(html).not.toContain('<script src=');
    // Every column the page draws is in it: none taken from a shared file.
    const p = payload(html);
    expect(p.run).toBeUndefined();
    expect(Object.keys(p.columns).sort()).toEqual(['benchReturn', 'benchmark', 'cumReturn', 'equity', 'rollingSharpe', 'rollingVolatility', 'time', 'underwater']);
    expect(payload(await readFile(path.join(inline, 'trades.html'), 'utf8')).trades?.side).toHaveLength(result.sim.trades.count);
  });

  it('renders equity.svg server-side: an SVG document whose attributes are well formed', () => {
    const svg = renderEquitySvg(result);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('SYNTHETIC DATA');
    // every attribute value is a quoted string without a stray quote inside
    const tags = svg.match(/<[a-z][^>]*>/g) ?? [];
    for (const t of tags) expect(t.replace(/\s[\w:-]+="[^"]*"/g, ''), t).toMatch(/^<[a-zA-Z]+\s*\/?>$/);
  });

  it('index.html lists every file with a link, but not the library folder', async () => {
    await writeFile(path.join(dir, 'run.log'), 'log\n');
    await writeIndexPage(dir, {
      symbols: ['BTC/USDT'], timeframe: '4h', start: '2023-01-01', end: '2023-07-01',
      strategy: { id: 'dma_atr_trend', params: { short_ma_window: 20 } }, portfolio: result.portfolio, origin: result.frame.origin,
    });
    const html = await readFile(path.join(dir, 'index.html'), 'utf8');
    for (const f of [...REPORT_PAGES.map((p) => p.file), 'equity.svg', 'run.log']) expect(html).toContain(`href="${f}"`);
    expect(html).not.toContain('assets/echarts.min.js');
    expect(html).toContain('data-synthetic="true"');
    expect(html).toContain('2023-07-01');
  });

  it('summary.html compares symbols and links their folders', async () => {
    const other = fixtureResult({ symbol: 'ETH/USDT', seed: 3, timeframe: '4h', bars: 1_200 });
    const files = await writeSummaryPage(dir, [summaryEntry(result, 'inline'), summaryEntry(other, path.join(dir, 'eth'))], {
      symbols: ['BTC/USDT', 'ETH/USDT'], timeframe: '4h', start: null, end: null,
      strategy: { id: 'dma_atr_trend', params: {} }, portfolio: result.portfolio, origin: result.frame.origin,
    });
    expect(files).toEqual(['assets/echarts.min.js', 'assets/report-runtime.js', 'summary.html']);
    const html = await readFile(path.join(dir, 'summary.html'), 'utf8');
    expect(html).toContain('href="inline/index.html"');
    expect(html).toContain('href="eth/index.html"');
    expect(payload(html).charts.map((c) => c.id)).toEqual(['chart-summary-equity']);
  });

  it('fails with an OutputError naming the folder when it cannot be written', async () => {
    const file = path.join(dir, 'a-file');
    await writeFile(file, 'x');
    await expect(writeReports(result, path.join(file, 'sub'))).rejects.toBeInstanceOf(OutputError);
    expect((await readdir(dir)).includes('sub')).toBe(false);
  });
});
