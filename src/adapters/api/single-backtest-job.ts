import { withOrderLimits } from '../../domain/portfolio/market-limits.js';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { formatIsoUtc } from '../../domain/frame/dates.js';
import { alignForward } from '../../domain/frame/align.js';
import { symbolToDirName } from '../../domain/frame/symbols.js';
import type { PortfolioSpec } from '../../domain/portfolio/spec.js';
import type { StrategyDefinition } from '../../domain/strategies/strategy.js';
import { runBacktest } from '../../orchestration/run-backtest.js';
import type { BacktestResult } from '../../orchestration/result.js';
import type { PortfolioBacktestResult } from '../../orchestration/run-portfolio-backtest.js';
import { StagedOutput } from '../output/staged-output.js';
import { writeText } from '../output/write-text.js';
import { prepareStrategy, warmStrategyHost } from '../strategy/sandboxed-strategy.js';
import { writeCsvFiles } from '../report/csv/write-csv-files.js';
import { summaryCsv } from '../report/csv/summary-csv.js';
import type { MarketData } from './market-data.js';
import type { RunObserver } from './observer.js';
import { LOG_FILE_NAME, openLogOrDiscard } from './run-log.js';
import { performanceSummaryRows } from './performance-summary.js';
import { debugLines } from './debug-stats.js';
import { libraryFor, writeRunReports, writeRunIndex, type ReportAssets, type RunDescription } from './report-hooks.js';
import type { RunInfo } from '../report/html/run-info.js';

export interface SingleJob<P extends object> {
  /** Loaded data, or a loader run inside the job (so loading is timed and logged with the run). */
  readonly data: MarketData | ((observer: RunObserver) => Promise<MarketData>);
  readonly strategy: StrategyDefinition<P>;
  readonly params: P;
  readonly portfolio: PortfolioSpec;
  readonly outputDir: string;
  readonly observer: RunObserver;
  readonly debug?: boolean;
  /** Extra settings recorded in run.json and index.html (config path, command line). */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** Where the pages get ECharts (default: one copy in the output root's assets/). */
  readonly assets?: ReportAssets;
  /** Runs after the per-symbol outputs, before the index (the portfolio mode writes portfolio/ here). */
  readonly afterSymbols?: (ctx: AfterSymbolsContext) => Promise<void>;
  /** How many symbols a data loader will return, for the opening title (loaded data says it itself). */
  readonly symbolCount?: number;
  /** A link out of the folder on every page (best_backtest/ → the optimization that holds it). */
  readonly up?: { readonly href: string; readonly label: string };
  /**
   * Called with each symbol's result as soon as its backtest has run, before its files are written
   * (an optimization starts writing its table and pages from best_backtest/'s equity curve); a
   * failure fails the job.
   */
  readonly onResult?: (symbol: string, result: BacktestResult) => void | Promise<void>;
}

/** What `SingleJob.afterSymbols` gets: the staged folder, the data, the per-symbol results. */
export interface AfterSymbolsContext {
  readonly dir: string;
  readonly data: MarketData;
  readonly results: readonly BacktestResult[];
  readonly observer: RunObserver;
  readonly run: RunDescription;
}

export interface SingleBacktestOutput {
  /** The published output folder. */
  readonly outputDir: string;
  /** One result per symbol, in the order the symbols were given. */
  readonly results: readonly BacktestResult[];
  /** Folder of each symbol's files (the output folder itself for a single symbol). */
  readonly symbolDirs: Readonly<Record<string, string>>;
  readonly skipped: MarketData['skipped'];
  /** The one-account result of a portfolio run (`--portfolio`), labelled by symbol. */
  readonly portfolio?: PortfolioBacktestResult;
}

/**
 * Runs one parameter set on every loaded symbol and writes the complete output: per symbol the
 * CSV files, data_quality.json and the HTML reports; for several symbols one folder each plus
 * summary.csv; index.html, the log, and run.json (written last, marking the folder complete).
 */
export async function runSingleJob<P extends object>(job: SingleJob<P>): Promise<SingleBacktestOutput> {
  const started = performance.now();
  warmStrategyHost(job.strategy);
  const startedAt = new Date().toISOString();
  const staged = await StagedOutput.create(job.outputDir);
  const log = openLogOrDiscard(staged, join(staged.dir, LOG_FILE_NAME), job.debug ?? false);
  const o = log.tee(job.observer);
  try {
    const count = typeof job.data === 'function' ? job.symbolCount ?? 1 : job.data.frames.size;
    o.title(count > 1 ? `Starting Multi-Symbol Backtest (${count} symbols)` : 'Starting Single Backtest');
    const replacing = staged.replacementNote();
    if (replacing) o.note(replacing);
    const data = typeof job.data === 'function' ? await job.data(o) : job.data;
    o.note(`Strategy ${job.strategy.name}; ${job.portfolio.execution} execution, ${job.portfolio.market} market, fees ${job.portfolio.fees}, slippage ${job.portfolio.slippage}`);
    o.debug(`Parameters: ${JSON.stringify(job.params)}`);
    const multi = data.frames.size > 1;
    const results: BacktestResult[] = [];
    const relDirs: string[] = [];
    const symbolDirs: Record<string, string> = {};
    const run = describeRun(job, data, startedAt);
    for (const [symbol, loaded] of data.frames) {
      if (multi) o.title(`${symbol}`);
      const bench = data.benchmark?.frame;
      // A strategy file computes in its own thread (Ctrl-C and --strategy-timeout stay in force).
      const t = performance.now();
      const strategy = await prepareStrategy(job.strategy, loaded.frame, job.params, job.portfolio.market);
      if (strategy !== job.strategy) o.debug(`${symbol}: strategy file computed in its worker thread in ${((performance.now() - t) / 1000).toFixed(3)} s (the steps below replay its output)`);
      const result = runBacktest({
        frame: loaded.frame, strategy, params: job.params, portfolio: withOrderLimits(job.portfolio, loaded.limits), quality: loaded.quality,
        ...(bench && { benchmark: alignForward(loaded.frame.time, bench.time, bench.close) }),
        onStep: (s) => o.step(s.step, s.seconds),
      });
      await job.onResult?.(symbol, result);
      const rel = multi ? symbolToDirName(symbol) : '';
      const dir = join(staged.dir, rel);
      // Synchronously: a folder creation in flight when Ctrl-C removes the staging folder would create it again.
      mkdirSync(dir, { recursive: true });
      const t0 = performance.now();
      await writeCsvFiles(result, dir);
      const origin = loaded.frame.origin;
      const quality = { synthetic: origin.synthetic, source: origin.description, ...loaded.quality };
      await writeText(join(dir, 'data_quality.json'), `${JSON.stringify(quality, null, 2)}\n`);
      await writeRunReports(result, dir, run, multi, libraryFor(job.assets, staged.dir, rel), job.up);
      o.step('Plots generated', (performance.now() - t0) / 1000);
      if (job.debug) for (const line of debugLines(result)) o.debug(line);
      for (const w of result.warnings) o.warn(`${symbol}: ${w}`);
      o.summary(multi ? `Performance Summary (${symbol})` : 'Performance Summary', performanceSummaryRows(result));
      results.push(result);
      relDirs.push(rel);
      symbolDirs[symbol] = join(job.outputDir, rel);
    }
    if (multi) await writeText(join(staged.dir, 'summary.csv'), summaryCsv(results));
    if (job.afterSymbols) await job.afterSymbols({ dir: staged.dir, data, results, observer: o, run });
    await writeRunIndex(staged.dir, results, relDirs, run, job.assets, job.up);
    o.step('Backtest completed', (performance.now() - started) / 1000);
    log.close();
    await staged.publish({ kind: 'backtest', ...run.manifest }, (t) => job.observer.warn(t));
    job.observer.note(`Results written to ${staged.finalDir}${multi ? ' (one folder per symbol, summary.csv)' : ''}; open index.html in a browser for the reports.`);
    return { outputDir: staged.finalDir, results, symbolDirs, skipped: data.skipped };
  } catch (e) {
    const err = staged.explain(e);
    log.keepAfterFailure(err);
    await staged.discard();
    throw err;
  }
}

function describeRun<P extends object>(job: SingleJob<P>, data: MarketData, startedAt: string): RunDescription {
  const frames = [...data.frames.values()].map((l) => l.frame);
  const day = (ms: number | undefined) => (ms === undefined ? null : formatIsoUtc(ms).slice(0, 10));
  const settings = job.settings ?? {};
  const strategy = { id: job.strategy.id, name: job.strategy.name, params: job.params as Record<string, unknown> };
  const manifest = {
    strategy,
    portfolio: job.portfolio,
    data: {
      exchange: data.exchange, market: data.market, timeframe: data.timeframe,
      symbols: [...data.frames.keys()], skipped: data.skipped,
      start: data.start === undefined ? null : formatIsoUtc(data.start),
      end: data.end === undefined ? null : formatIsoUtc(data.end),
      synthetic: frames.some((f) => f.origin.synthetic),
      origin: frames[0]?.origin.description ?? '',
    },
    startedAt,
    settings,
  };
  const info: RunInfo = {
    symbols: [...data.frames.keys()], timeframe: data.timeframe, start: day(data.start), end: day(data.end),
    strategy, portfolio: job.portfolio, origin: frames[0].origin, startedAt,
    command: typeof settings.command === 'string' ? settings.command : undefined,
    configPath: typeof settings.config === 'string' ? settings.config : undefined,
    notes: data.skipped.map((s) => `Skipped ${s.symbol}: ${s.reason}`),
  };
  return { manifest, info };
}
