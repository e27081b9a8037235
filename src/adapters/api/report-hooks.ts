import type { BacktestResult } from '../../orchestration/result.js';
import { summaryEntry, writeIndexPage, writeReports, writeSummaryPage, type NavLink, type RunInfo } from '../report/html/index.js';

/** What the report pages and run.json need to know about the run besides each result. */
export interface RunDescription {
  /** Written to run.json. */
  readonly manifest: Record<string, unknown>;
  /** Shown on index.html and summary.html. */
  readonly info: RunInfo;
}

/** The interactive HTML pages and equity.svg for one symbol; in a multi-symbol run also its own index.html. */
export async function writeRunReports(result: BacktestResult, dir: string, run: RunDescription, multi: boolean, outer?: NavLink): Promise<string[]> {
  const up = multi ? { href: '../summary.html', label: 'All symbols' } : outer;
  const files = await writeReports(result, dir, { up });
  if (multi) {
    files.push(await writeIndexPage(dir, { ...run.info, symbols: [result.symbol], origin: result.frame.origin, title: `Backtest: ${result.symbol} ${run.info.timeframe}` }, { up }));
  }
  return files;
}

/** The run folder's index.html, and for several symbols the side-by-side summary page. */
export async function writeRunIndex(dir: string, results: readonly BacktestResult[], relDirs: readonly string[], run: RunDescription, up?: NavLink): Promise<void> {
  if (results.length > 1) {
    await writeSummaryPage(dir, results.map((r, i) => summaryEntry(r, relDirs[i])), run.info);
  }
  await writeIndexPage(dir, run.info, { up });
}
