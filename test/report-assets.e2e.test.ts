/**
 * Report asset layout (docs/reports.md, "Offline embedding"): one ECharts copy per output root,
 * every page of every folder (symbol folders, best_backtest/) loading it by a relative path that
 * exists; with --single-file no assets folder and every page self-contained.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from './support/run-cli.js';

const SAMPLE = ['--exchange', 'sample', '--symbols', 'BTC/USDT,ETH/USDT', '--timeframe', '1d', '--start', '2022-01-01', '--end', '2024-01-01'];

function files(dir: string, ext: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith(ext)).map((f) => join(dir, f));
}

/** Every `<script src>` of the HTML pages under `root`, as [page, resolved file]. */
function scriptSources(root: string): [string, string][] {
  const out: [string, string][] = [];
  for (const page of files(root, '.html')) {
    for (const m of readFileSync(page, 'utf8').matchAll(/<script src="([^"]+)"/g)) out.push([relative(root, page), resolve(dirname(page), m[1])]);
  }
  return out;
}

describe('report assets', () => {
  let root: string;
  beforeAll(async () => {
    root = await tempDir('bt-assets-');
    const runs = await Promise.all([
      runCli([...SAMPLE, '--optimize', '--output', join(root, 'opt')]),
      runCli([...SAMPLE, '--output', join(root, 'single-file'), '--single-file']),
    ]);
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
  });

  it('an optimization of two symbols has one ECharts copy and one client runtime, at its root, which every page of every folder loads', () => {
    const out = join(root, 'opt');
    expect(files(out, 'echarts.min.js').map((f) => relative(out, f))).toEqual([join('assets', 'echarts.min.js')]);
    expect(files(out, 'report-runtime.js').map((f) => relative(out, f))).toEqual([join('assets', 'report-runtime.js')]);
    const sources = scriptSources(out);
    const pages = new Set(sources.map(([p]) => p));
    for (const p of ['BTC-USDT/optimization_heatmap.html', 'ETH-USDT/optimization_convergence.html', 'ETH-USDT/best_backtest/overview.html', 'BTC-USDT/best_backtest/trades.html']) {
      expect(pages.has(p), p).toBe(true);
    }
    // Besides the two shared files, a page loads only its own folder's report-data.js (run-data.ts), which exists.
    const own = (page: string) => join(out, dirname(page), 'report-data.js');
    for (const [page, file] of sources) expect([join(out, 'assets', 'echarts.min.js'), join(out, 'assets', 'report-runtime.js'), own(page)], page).toContain(file);
    for (const [, file] of sources) expect(existsSync(file), file).toBe(true);
    // Each page loads both shared files; the backtest pages of each folder also its report-data.js.
    for (const p of pages) {
      const shared = sources.filter(([q, f]) => q === p && f !== own(p)).map(([, f]) => f).sort();
      expect(shared, p).toEqual([join(out, 'assets', 'echarts.min.js'), join(out, 'assets', 'report-runtime.js')]);
    }
    for (const p of ['ETH-USDT/best_backtest/overview.html', 'BTC-USDT/best_backtest/trades.html']) expect(sources, p).toContainEqual([p, own(p)]);
    expect(files(out, 'report-data.js').map((f) => relative(out, f)).sort()).toEqual([join('BTC-USDT', 'best_backtest', 'report-data.js'), join('ETH-USDT', 'best_backtest', 'report-data.js')]);
  });

  it('--single-file writes no assets folder and no report-data.js; each page carries the library', () => {
    const out = join(root, 'single-file');
    expect(files(out, 'echarts.min.js')).toEqual([]);
    expect(files(out, 'report-runtime.js')).toEqual([]);
    expect(files(out, 'report-data.js')).toEqual([]);
    expect(scriptSources(out)).toEqual([]);
    const lib = statSync(join(root, 'opt', 'assets', 'echarts.min.js')).size;
    for (const page of ['BTC-USDT/overview.html', 'ETH-USDT/indicators.html']) {
      expect(statSync(join(out, page)).size, page).toBeGreaterThan(lib);
      expect(readFileSync(join(out, page), 'utf8')).toContain('Apache License');
    }
    expect(existsSync(join(out, 'summary.html'))).toBe(true);
  });
});
