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

/** The JSON payload embedded in a page. */
function payload(html: string): { charts: { id: string; option: { series?: { name: string; data: unknown }[] } }[]; columns: Record<string, unknown>; trades?: Record<string, unknown> } {
  const m = html.match(/<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/);
  if (!m) throw new Error('no payload');
  return JSON.parse(m[1]);
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
    expect(files).toEqual(['assets/echarts.min.js', 'assets/report-runtime.js', ...REPORT_PAGES.map((p) => p.file), 'equity.svg']);
    for (const f of files) expect(existsSync(path.join(dir, f)), f).toBe(true);
    const html = await readFile(path.join(dir, 'overview.html'), 'utf8');
    expect(html).toContain('<script src="assets/echarts.min.js"></script>');
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('embeds the data to 8 significant digits: the equity column is the result equity, the times are exact', async () => {
    const p = payload(await readFile(path.join(dir, 'overview.html'), 'utf8'));
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
      const html = await readFile(path.join(dir, page), 'utf8');
      const p = payload(html);
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
    const html = await readFile(path.join(inline, 'equity.html'), 'utf8');
    expect(html.length).toBeGreaterThan(1_000_000);
    expect(html).not.toContain('<script src=');
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
