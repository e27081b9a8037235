/**
 * A run's index.html as the first page a user opens (issue 16, items 7 and 9), through the real
 * CLI and read back in headless Chromium: the headline metrics equal performance_metrics.csv, an
 * optimization's index shows the best combination (rank 1 of optimization_results.csv) and the
 * values searched (run.json's ranges), links every page and best_backtest/, which links back;
 * settings are spelled as the config spells them and no absolute path of this machine appears.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsvRows, runCli, tempDir } from '../support/run-cli.js';
import { repoRoot } from '../support/shared-data.js';
import { hasChromium, launchBrowser, NEEDS_CHROMIUM, openReport } from './support/browser.js';

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

describe.skipIf(!hasChromium)(`index.html, the first page${NEEDS_CHROMIUM}`, () => {
  let browser: Browser;
  let root: string;
  beforeAll(async () => {
    browser = await launchBrowser();
    root = await tempDir('bt-index-');
  });
  afterAll(async () => browser?.close());

  it('a backtest: headline metrics equal the CSV, the equity picture, settings as the config spells them, no absolute paths', async () => {
    const out = join(root, 'single');
    const r = await runCli(['--exchange', 'sample', '--symbols', 'BTC/USDT', '--timeframe', '4h', '--start', '2023-01-01', '--end', '2024-01-01', '--output', out]);
    expect(r.code, r.stderr).toBe(0);
    const metrics = Object.fromEntries(readCsvRows(join(out, 'performance_metrics.csv')).map((x) => [x.metric, Number(x.value)]));
    const p = await openReport(browser, out, 'index.html');
    const tiles: Record<string, string> = Object.fromEntries(await p.page.$$eval('.tile', (ts) => ts.map((t) => [t.querySelector('.label')!.textContent!, t.querySelector('.value')!.textContent!])));
    expect(tiles['Total return']).toBe(pct(metrics.total_return));
    expect(tiles['Max drawdown']).toBe(pct(metrics.max_drawdown));
    expect(tiles['Total trades']).toBe(String(metrics.total_trades));
    expect(tiles['Sharpe ratio']).toBe(metrics.sharpe_ratio.toFixed(2));
    expect(await p.page.$('img[src="equity.svg"]')).not.toBeNull();
    const dts: string[] = await p.page.$$eval('dt', (d) => d.map((x) => x.textContent ?? ''));
    expect(dts).toContain('init_cash');
    expect(dts).toContain('max_position_size');
    expect(dts.some((d) => /[a-z][A-Z]/.test(d))).toBe(false);
    expect(dts.filter((d) => /^Data/.test(d))).toEqual(['Data']);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).not.toContain(root);
    expect(html).not.toContain(repoRoot);
    await p.page.close();
  });

  it('an optimization: the best combination and the values searched, links to every page, best_backtest/ links back', async () => {
    const out = join(root, 'opt');
    const r = await runCli(['--exchange', 'sample', '--symbols', 'ETH/USDT', '--timeframe', '1d', '--start', '2022-01-01', '--end', '2024-01-01',
      '--optimize', '--metric', 'sharpe_ratio', '--workers', '1', '--output', out]);
    expect(r.code, r.stderr).toBe(0);
    const rows = readCsvRows(join(out, 'optimization_results.csv'));
    const ranges = (JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { ranges: Record<string, number[]> }).ranges;
    const p = await openReport(browser, out, 'index.html');
    const table: string[][] = await p.page.$$eval('table tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => (td as { textContent: string | null }).textContent ?? '')));
    expect(table.map((t) => t[0])).toEqual(Object.keys(ranges));
    for (const [name, best, searched] of table) {
      expect(best, name).toBe(rows[0][name]);
      expect(searched, name).toBe(ranges[name].join(', '));
    }
    const tiles: Record<string, string> = Object.fromEntries(await p.page.$$eval('.tile', (ts) => ts.map((t) => [t.querySelector('.label')!.textContent!, t.querySelector('.value')!.textContent!])));
    expect(tiles['Sharpe ratio']).toBe(Number(rows[0].sharpe_ratio).toFixed(2));
    const nav: string[] = await p.page.$$eval('nav a', (as) => as.map((a) => a.getAttribute('href')!));
    for (const f of ['optimization_distribution.html', 'optimization_heatmap.html', 'optimization_convergence.html', 'best_backtest/index.html']) expect(nav).toContain(f);
    await p.page.close();
    const b = await openReport(browser, join(out, 'best_backtest'), 'index.html');
    const back: string[] = await b.page.$$eval('nav a', (as) => as.map((a) => a.getAttribute('href')!));
    expect(back).toContain('../index.html');
    await b.page.close();
  });
});
