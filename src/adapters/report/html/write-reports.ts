/**
 * `writeReports(result, dir)`: the six interactive report pages of one backtest (overview,
 * equity, drawdowns, trades, indicators, monthly returns), the charting library they need, and
 * the static `equity.svg`. A library for the runner; the CLI never calls it directly.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { OutputError } from '../../../base/errors.js';
import { writeOutput } from '../../output/write-text.js';
import type { BacktestResult } from '../../../orchestration/result.js';
import { writeEquitySvg } from '../svg/render-equity-svg.js';
import { renderPage, type PageSpec } from './layout.js';
import { withColumnMemo } from './columns.js';
import { prepareLibrary, type LibraryMode, type SharedLibrary } from './library.js';
import { buildModel, type ReportModel } from './model.js';
import { RUN_DATA_FILE, RunData } from './run-data.js';
import { drawdownsPage } from './pages/drawdowns-page.js';
import { equityPage } from './pages/equity-page.js';
import { indicatorsPage } from './pages/indicators-page.js';
import { monthlyPage } from './pages/monthly-page.js';
import { overviewPage } from './pages/overview-page.js';
import { tradesPage } from './pages/trades-page.js';

export interface ReportOptions {
  /** `asset` (default): one `assets/echarts.min.js` per folder; `inline`: each page self-contained. */
  readonly library?: LibraryMode;
  /** With `library: 'asset'`: use one library for the whole output tree instead of one in `dir` (see library.ts). */
  readonly shared?: SharedLibrary;
  /** Also write `equity.svg` (default true). */
  readonly svg?: boolean;
  /** A first navigation link out of this folder, e.g. `{ href: '../summary.html', label: 'All symbols' }` in a multi-symbol run. */
  readonly up?: NavLink;
}

export interface NavLink {
  readonly href: string;
  readonly label: string;
}

/** The page with `up` (if any) as its first navigation link. */
export function withUpLink(spec: PageSpec, up: NavLink | undefined): PageSpec {
  return up ? { ...spec, nav: [{ file: up.href, label: up.label }, ...spec.nav] } : spec;
}

/** The page builders in navigation order, with their file names. */
export const PAGE_BUILDERS: readonly [string, (m: ReportModel) => PageSpec][] = [
  ['overview.html', overviewPage],
  ['equity.html', equityPage],
  ['drawdowns.html', drawdownsPage],
  ['trades.html', tradesPage],
  ['indicators.html', indicatorsPage],
  ['monthly_returns.html', monthlyPage],
];

/** The first line of report-data.js: whose data it is, and whether it is synthetic (as every file of such a run says). */
function runDataNote(result: BacktestResult): string {
  const o = result.frame.origin;
  const origin = o.synthetic ? 'SYNTHETIC data from the built-in sample market, not a real exchange' : `${o.exchange} ${o.market} data (${o.kind === 'csv' ? 'CSV files' : 'exchange download'})`;
  return `backtester: data the report pages of this folder share. ${result.symbol} ${result.frame.timeframe}, ${result.strategy.name}; ${origin}.`;
}


/**
 * Writes the report pages of `result` into `dir` (created if needed). Returns the files written,
 * relative to `dir`, e.g. `['assets/echarts.min.js', 'assets/report-runtime.js', 'report-data.js',
 * 'overview.html', ..., 'equity.svg']`.
 * Each page is written as soon as it is rendered (output/write-text.ts: at once when short, else by
 * the thread pool while the next one is built); pages share their compact columns (columns.ts
 * `withColumnMemo`).
 */
export async function writeReports(result: BacktestResult, dir: string, options: ReportOptions = {}): Promise<string[]> {
  const files: string[] = [];
  const writes = new PendingWrites();
  try {
    mkdirSync(dir, { recursive: true }); // (synchronously: see runSingleJob)
    const lib = await prepareLibrary(dir, options.library ?? 'asset', options.shared);
    files.push(...lib.files);
    const model = buildModel(result);
    await withColumnMemo(async () => {
      const pages = PAGE_BUILDERS.map(([file, build]) => [file, withUpLink(build(model), options.up)] as const);
      // Data several pages draw goes once into report-data.js (run-data.ts); self-contained pages keep their own.
      const run = lib.tag.kind === 'src' ? RunData.of(pages.map(([, spec]) => spec)) : null;
      if (run && !run.empty) {
        writes.add(writeOutput(join(dir, RUN_DATA_FILE), run.script(runDataNote(result))));
        files.push(RUN_DATA_FILE);
      }
      for (const [file, spec] of pages) {
        writes.add(writeOutput(join(dir, file), renderPage(spec, lib.tag, run)));
        files.push(file);
      }
    });
    if (options.svg ?? true) files.push(await writeEquitySvg(result, dir, model));
    await writes.settle();
  } catch (e) {
    await writes.settle().catch(() => undefined); // never leave a write running (or its failure unhandled) behind an error
    if (e instanceof OutputError) throw e;
    throw new OutputError(`Could not write the HTML reports into ${dir}.`, { hint: 'Check that the output folder is writable; run with --debug for details.', cause: e });
  }
  return files;
}

/** Writes in flight; `settle()` waits for all of them and throws the first failure. */
class PendingWrites {
  private readonly pending: Promise<unknown>[] = [];

  private failure: { error: unknown } | null = null;

  add(write: Promise<void>): void {
    // Caught at once: a failure waits for settle() instead of surfacing as an unhandled rejection.
    this.pending.push(write.catch((error: unknown) => { this.failure ??= { error }; }));
  }

  async settle(): Promise<void> {
    await Promise.all(this.pending);
    if (this.failure) throw this.failure.error;
  }
}
