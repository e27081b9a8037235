/** The files a run wrote, found by walking its output folder, with a caption for the known ones. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface OutputFile {
  /** Path relative to the listed folder, with `/` separators. */
  readonly path: string;
  readonly bytes: number;
}

export interface OutputDir {
  readonly path: string;
  readonly files: readonly OutputFile[];
  readonly dirs: readonly OutputDir[];
}

/** Folders that hold support files, not results. */
const SKIP_DIRS = new Set(['assets']);

/**
 * Files and sub-folders of `root/rel` in name order (`assets/` and `index.html` at the top level
 * left out). Synchronous: metadata only, from the kernel's cache, where a round trip to the thread
 * pool per file left the main thread waiting.
 */
export function listOutput(root: string, rel = ''): OutputDir {
  const entries = readdirSync(join(root, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: OutputFile[] = [];
  const dirs: OutputDir[] = [];
  for (const e of entries) {
    const path = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) dirs.push(listOutput(root, path));
    } else if (e.isFile() && !(rel === '' && e.name === 'index.html')) {
      files.push({ path, bytes: statSync(join(root, path)).size });
    }
  }
  return { path: rel, files, dirs };
}

const CAPTIONS: Record<string, string> = {
  'index.html': 'Run index: settings and files',
  'overview.html': 'Portfolio overview: key metrics, equity with drawdown, monthly heatmap, trade distribution',
  'equity.html': 'Equity analysis: cumulative return vs buy-and-hold, rolling Sharpe, underwater curve, return histogram',
  'drawdowns.html': 'Drawdowns: top drawdown periods on the equity curve, with a table',
  'trades.html': 'Trade analysis: P&L distribution, duration, streaks, entry/exit timing, trade list',
  'indicators.html': 'Indicator analysis: the whole run\'s candles with indicators, entries/exits, stop levels and a linked equity panel',
  'monthly_returns.html': 'Monthly returns: heatmap, seasonality, year over year',
  'summary.html': 'Summary across symbols: metrics side by side and equity curves compared',
  'equity.svg': 'Static picture of the equity and drawdown curves',
  'report-data.js': 'Data the report pages of this folder share (equity, buy-and-hold, bar times, trades)',
  'performance_metrics.csv': 'Key performance indicators (metric, value, description)',
  'trades.csv': 'Every trade: entry/exit time and price, side, units, fees, pnl, return, exit reason',
  'monthly_returns.csv': 'Monthly returns with trades, win rate and average trade return',
  'equity.csv': 'Equity, cash, position and drawdown per bar',
  'summary.csv': 'Key metrics of every symbol',
  'data_quality.json': 'Data quality report: gaps, duplicates, bad prices found in the bars',
  'optimization_results.csv': 'Every parameter combination tested, with its metrics',
  'best_params.json': 'The best parameter set',
  'optimization_distribution.html': 'Distribution of the target metric over the parameter values',
  'optimization_heatmap.html': 'Target metric over pairs of parameters',
  'optimization_convergence.html': 'Best value found so far, combination by combination',
};

/** A caption for a file name (by base name; `.log` files are logs). */
export function captionFor(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (CAPTIONS[base]) return CAPTIONS[base];
  if (base.endsWith('.log')) return 'Log of the run (one line per event, ISO times)';
  if (base.endsWith('.jsonl')) return 'The same log as JSON lines, for tools';
  return '';
}

export function fmtBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}
