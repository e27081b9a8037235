/**
 * Issue 16 items 3 and 4 at 1,440 px in headless Chromium, on every page a user meets: a
 * multi-symbol run on a year of 1h bars (each symbol's six report pages and index, summary.html,
 * the root index), an optimization (its three pages, index and best_backtest/) and a portfolio
 * optimization (its pages and the best account's portfolio.html).
 * - No overlapping labels: the text boxes of every chart (axis labels and names, series, marker
 *   and visual-map labels) do not overlap.
 * - Layout: no orphan tile row, no blank grid cell, no card stretched mostly empty.
 * Screenshots of the first symbol's pages and the root pages go to test-output/screenshots.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/run-cli.js';
import { hasChromium, launchBrowser, NEEDS_CHROMIUM, openReport, screenshot } from './support/browser.js';
import { labelOverlaps } from './support/labels.js';
import { layoutProblems } from './support/layout.js';

function htmlPages(root: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(root)) {
    const p = join(root, name);
    if (name === 'assets') continue;
    if (statSync(p).isDirectory()) out.push(...htmlPages(p));
    else if (name.endsWith('.html')) out.push(p);
  }
  return out.sort();
}

const SAMPLE = ['--exchange', 'sample', '--start', '2023-01-01', '--end', '2024-01-01'];
const RANGES = ['--range', 'short_ma_window=10,20', '--range', 'long_ma_window=40,50', '--workers', '1'];

describe.skipIf(!hasChromium)(`report pages at 1,440 px: no overlapping labels, no broken layout${NEEDS_CHROMIUM}`, () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launchBrowser(); });
  afterAll(async () => browser?.close());

  const runs = [
    ['multi', 'a multi-symbol year of 1h', [...SAMPLE, '--symbols', 'BTC/USDT,ETH/USDT', '--timeframe', '1h'], 2 * 7 + 2, 30],
    ['opt', 'an optimization', [...SAMPLE, '--symbols', 'BTC/USDT', '--timeframe', '4h', '--optimize', ...RANGES], 5, 5],
    ['popt', 'a portfolio optimization', [...SAMPLE, '--symbols', 'BTC/USDT,ETH/USDT', '--timeframe', '4h', '--portfolio', '--optimize', ...RANGES], 4, 5],
  ] as const;

  // One test per run, each with room for a loaded machine (opening 16 pages takes about a minute).
  for (const [name, what, args, minPages, minCharts] of runs) {
    it(`every page of ${what}`, async () => {
      const out = join(await tempDir('bt-layout-'), name);
      const r = await runCli([...args, '--output', out]);
      expect(r.code, r.stderr).toBe(0);
      const problems: string[] = [];
      let charts = 0;
      let pages = 0;
      for (const file of htmlPages(out)) {
        const rel = relative(out, file);
        const p = await openReport(browser, out, rel, 1440);
        pages++;
        charts += await p.page.locator('.chart').count();
        for (const o of await labelOverlaps(p.page)) problems.push(`${name}/${rel} ${o.chart}: labels "${o.a}" and "${o.b}" overlap ${o.area.join('×')} px`);
        for (const l of await layoutProblems(p.page)) problems.push(`${name}/${rel}: ${l.kind} ${l.where} (${l.detail})`);
        if (name !== 'multi' || rel.startsWith('BTC-USDT') || !rel.includes('/')) await screenshot(p.page, `layout-${name}-${rel.replace(/[/\\]/g, '_').replace(/\.html$/, '')}`);
        await p.page.close();
      }
      expect(pages).toBeGreaterThanOrEqual(minPages);
      expect(charts).toBeGreaterThanOrEqual(minCharts);
      expect(problems).toEqual([]);
    }, 400_000);
  }
});
