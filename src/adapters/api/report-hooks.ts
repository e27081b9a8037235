import type { BacktestResult } from '../../orchestration/result.js';
import { summaryEntry, writeIndexPage, writeReports, writeSummaryPage, type NavLink, type RunInfo } from '../report/html/index.js';
import type { LibraryMode, SharedLibrary } from '../report/html/library.js';

/**
 * How a run's pages get ECharts (docs/reports.md, "Offline embedding"): one shared copy in the
 * output root's `assets/` (default), or inside every page (`singleFile`, `--single-file`).
 * `root`/`href` place the shared copy when this output is itself inside another run's folder
 * (best_backtest/ of an optimization): the root being written and the way up to it.
 */
export interface ReportAssets {
  readonly singleFile?: boolean;
  readonly root?: string;
  readonly href?: string;
}

/** The library settings for pages in `rel` ('' or one folder name) under the output `root`. */
export function libraryFor(a: ReportAssets | undefined, root: string, rel: string): { library: LibraryMode; shared: SharedLibrary } {
  return { library: a?.singleFile ? 'inline' : 'asset', shared: { root: a?.root ?? root, href: `${rel ? '../' : ''}${a?.href ?? ''}` } };
}

/** What the report pages and run.json need to know about the run besides each result. */
export interface RunDescription {
  /** Written to run.json. */
  readonly manifest: Record<string, unknown>;
  /** Shown on index.html and summary.html. */
  readonly info: RunInfo;
}

/** The interactive HTML pages and equity.svg for one symbol; in a multi-symbol run also its own index.html. */
export async function writeRunReports(result: BacktestResult, dir: string, run: RunDescription, multi: boolean,
  lib?: { library: LibraryMode; shared: SharedLibrary }, outer?: NavLink): Promise<string[]> {
  const up = multi ? { href: '../summary.html', label: 'All symbols' } : outer;
  const files = await writeReports(result, dir, { up, ...lib });
  if (multi) {
    files.push(await writeIndexPage(dir, { ...run.info, symbols: [result.symbol], origin: result.frame.origin, title: `Backtest: ${result.symbol} ${run.info.timeframe}` }, { up }));
  }
  return files;
}

/** The run folder's index.html, and for several symbols the side-by-side summary page. */
export async function writeRunIndex(dir: string, results: readonly BacktestResult[], relDirs: readonly string[], run: RunDescription,
  assets?: ReportAssets, up?: NavLink): Promise<void> {
  if (results.length > 1) {
    await writeSummaryPage(dir, results.map((r, i) => summaryEntry(r, relDirs[i])), run.info, { library: assets?.singleFile ? 'inline' : 'asset' });
  }
  await writeIndexPage(dir, run.info, { up });
}
