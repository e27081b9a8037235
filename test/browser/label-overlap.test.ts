/**
 * No overlapping labels (issue 16 item 3): every page of a multi-symbol run on a year of 1h bars
 * (each symbol's six report pages and index, summary.html and the root index) opened at 1,440 px
 * in headless Chromium; the text boxes of every chart (axis labels and names, series, marker and
 * visual-map labels) must not overlap. Screenshots of the pages go to test-output/screenshots.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/run-cli.js';
import { hasChromium, launchBrowser, NEEDS_CHROMIUM, openReport, screenshot } from './support/browser.js';
import { labelOverlaps, type LabelOverlap } from './support/labels.js';

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

describe.skipIf(!hasChromium)(`no overlapping chart labels at 1,440 px${NEEDS_CHROMIUM}`, () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launchBrowser(); });
  afterAll(async () => browser?.close());

  it('a multi-symbol year of 1h: every page, every chart', async () => {
    const out = join(await tempDir('bt-labels-'), 'run');
    const r = await runCli(['--exchange', 'sample', '--symbols', 'BTC/USDT,ETH/USDT', '--timeframe', '1h', '--start', '2023-01-01', '--end', '2024-01-01', '--output', out]);
    expect(r.code, r.stderr).toBe(0);
    const pages = htmlPages(out);
    expect(pages.length).toBeGreaterThanOrEqual(2 * 7 + 2);
    const found: (LabelOverlap & { page: string })[] = [];
    let charts = 0;
    for (const file of pages) {
      const rel = relative(out, file);
      const p = await openReport(browser, out, rel, 1440);
      charts += await p.page.locator('.chart').count();
      for (const o of await labelOverlaps(p.page)) found.push({ page: rel, ...o });
      if (rel.startsWith('BTC-USDT') || !rel.includes('/')) await screenshot(p.page, `labels-${rel.replace(/[/\\]/g, '_').replace(/\.html$/, '')}`);
      await p.page.close();
    }
    expect(charts).toBeGreaterThan(30);
    expect(found).toEqual([]);
  });
});
