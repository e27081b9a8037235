/**
 * `--optimize --portfolio` (issue 12): one parameter set across all symbols, each combination run
 * as one account on the optimization pool, ranked by the account's metric. Writes
 * optimization_results.csv (the account's metrics per combination), best_params.json (with the
 * portfolio settings) and best_backtest/ (the best account: portfolio files, contributions.csv is
 * the per-symbol breakdown), the optimization pages (distribution, heatmaps, convergence of the
 * account's metric) and the run's log. Ctrl-C (or `signal`) stops it cleanly: the finished
 * combinations are written, marked partial, with a resume state that `resume` continues (like the
 * per-symbol optimizer, docs/optimization.md "Interrupt and resume").
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { METRIC_COUNT, METRIC_INDEX, METRIC_KEYS } from '../../domain/metrics/catalog.js';
import { bestParamsConfig } from '../../domain/params/best-params-config.js';
import { planEvaluations } from '../../domain/params/evaluation-plan.js';
import { LEVERAGE_KEY, paramsAt, splitLeverage, type ParamSpace } from '../../domain/params/param-space.js';
import { InterruptedError, StrategyError, UsageError } from '../../base/errors.js';
import { describeMode, formatStake, type PortfolioMode } from '../../domain/portfolio/portfolio-mode.js';
import type { PortfolioSpec } from '../../domain/portfolio/spec.js';
import type { Signals, StrategyDefinition } from '../../domain/strategies/strategy.js';
import type { OhlcvFrame } from '../../domain/frame/frame.js';
import { afterWarmup } from '../../orchestration/strategy-signals.js';
import type { EvaluationPool, StrategySource } from '../../orchestration/optimize/job.js';
import { optimizePortfolio } from '../../orchestration/optimize/optimize-portfolio.js';
import type { SymbolOptimization } from '../../orchestration/optimize/optimize-symbol.js';
import { runPortfolioBacktest } from '../../orchestration/run-portfolio-backtest.js';
import { StagedOutput } from '../output/staged-output.js';
import { writeOptimizationResultsCsv } from '../report/csv/optimization-results-csv.js';
import { writeIndexPage } from '../report/html/index.js';
import { writePortfolioCsvFiles } from '../report/portfolio/portfolio-csv.js';
import { writePortfolioPage } from '../report/portfolio/portfolio-page.js';
import type { MarketData } from './market-data.js';
import type { RunObserver } from './observer.js';
import { consoleValue, titleLabel } from './optimization-console.js';
import { assertSameRun, interruptControl, openPool, PARTIAL_NOTE, previousRun, resumedRows, startPool } from './optimization-run.js';
import { optimizationFingerprint, writeRunState, writeSymbolState, STATE_FILE } from './optimization-state.js';
import { LOG_FILE_NAME, openLogOrDiscard } from './run-log.js';
import { silentProgress, type Progress } from '../../orchestration/ports.js';
import { writeOptimizationPages } from '../report/html/optimization/write-optimization-pages.js';
import { isSandboxed, sandboxedSignals } from '../strategy/sandboxed-strategy.js';
import { checkOptimizationSettings, nothingToRun, spaceOrThrow, type RawOptimizationSettings } from './optimization-settings.js';
import { formatCount } from '../../base/format-count.js';

let jobCounter = 0;

export interface PortfolioOptimizationJob<P extends object> extends RawOptimizationSettings {
  readonly data: (observer: RunObserver) => Promise<MarketData>;
  readonly strategy: StrategyDefinition<P>;
  readonly source: StrategySource;
  readonly params: P;
  readonly ranges: Readonly<Record<string, unknown>> | undefined;
  readonly portfolio: PortfolioSpec;
  readonly mode: PortfolioMode;
  readonly notes: readonly string[];
  readonly outputDir: string;
  readonly observer: RunObserver;
  readonly rangesSource?: string;
  readonly inProcessBelow?: number;
  /** Draws the progress (the CLI passes its progress bar). */
  readonly progress?: Progress;
  readonly debug?: boolean;
  /** Continue the partial portfolio optimization in `outputDir`. */
  readonly resume?: boolean;
  /** Stops the run cleanly: finished combinations are written and the folder is marked partial. */
  readonly signal?: AbortSignal;
  /** Turn SIGINT/SIGTERM into a clean stop (the CLI); a second signal exits at once. */
  readonly handleSignals?: boolean;
}

/** Runs the portfolio optimization and publishes its folder; returns the folder and the best parameters. */
export async function runPortfolioOptimizationJob<P extends object>(job: PortfolioOptimizationJob<P>): Promise<{ outputDir: string; best: Record<string, unknown> | null }> {
  const started = performance.now();
  const set = checkOptimizationSettings(job);
  const space = spaceOrThrow(job.strategy, job.params, job.ranges, set, `optimization_ranges${job.rangesSource ? ` of ${job.rangesSource}` : ''}`);
  // A ranged leverage is the account's for each combination (docs/futures.md "Optimization"); the
  // market's maximum was checked against the range's largest value when the data was loaded.
  if (space.keys.includes(LEVERAGE_KEY) && job.portfolio.market !== 'swap') {
    throw new UsageError('optimization_ranges.leverage needs --market swap: spot is unlevered and long-only.', { hint: 'Add --market swap, or drop the leverage range.' });
  }
  const plan = planEvaluations(space, job.strategy, set);
  if (plan.order.length === 0) throw nothingToRun(plan.skipExample, plan.gridSize);
  const planned = plan.order.length;
  const previous = job.resume ? await previousRun(job.outputDir, job.observer) : null;
  const staged = await StagedOutput.create(job.outputDir);
  const log = openLogOrDiscard(staged, join(staged.dir, LOG_FILE_NAME), job.debug ?? false);
  const o = log.tee(job.observer);
  const stop = interruptControl(job.signal, job.handleSignals ?? false, o);
  let pool: EvaluationPool | null = null;
  let finished: { outputDir: string; best: Record<string, unknown> | null; tried: number };
  try {
    o.title(`Starting Portfolio ${set.method === 'grid' ? 'Grid' : 'Random'} Optimization`, '🔍');
    const replacing = staged.replacementNote();
    if (replacing) o.note(replacing);
    const early = startPool(job, set.workers, planned);
    pool = early;
    const data = await job.data(o);
    const loaded = [...data.frames.values()];
    const frames = loaded.map((l) => l.frame);
    // Each symbol's exchange limits and leverage tiers, on its own column as in a --portfolio backtest.
    const limits = loaded.map((l) => l.limits);
    for (const n of job.notes) o.note(n);
    o.note(`Testing ${formatCount(planned)} combinations, each as one account over ${frames.length} symbols (${describeMode(job.mode, frames.length)}); target ${set.metric}`, '📈');
    // Beyond a per-symbol optimization's: the account's stake and cap, --min-trades (it changes the ranking, so the best files)
    // and the markets' limits when there are some (they change the rows; runs without keep their fingerprint).
    const fingerprint = optimizationFingerprint({ source: job.source, strategyId: job.strategy.id, params: job.params, space, set, plan, portfolio: job.portfolio },
      frames, { kind: 'portfolio', mode: job.mode, minTrades: job.minTrades ?? 0, ...(limits.some((l) => l !== undefined) && { limits }) });
    assertSameRun(previous, fingerprint, job.outputDir);
    const prev = previous ? await resumedRows(job.outputDir, planned, o) : null;
    const opened = await openPool(job, set.workers, planned, loaded, early, stop.signal);
    pool = opened.pool;
    o.debug(`Evaluating on ${opened.description}`);
    const t0 = performance.now();
    const progress = job.progress ?? silentProgress;
    progress.start('Optimizing the account', planned);
    const r = await optimizePortfolio({ jobId: `portfolio-${process.pid}-${jobCounter++}`, frames, def: job.strategy, source: job.source, space, plan,
      portfolio: job.portfolio, limits, mode: job.mode, metric: set.metric, previous: prev ?? undefined, minTrades: job.minTrades },
    pool, { signal: stop.signal, onProgress: (done) => progress.update(done) });
    progress.finish();
    const poolSignals = await bestSignalsOnPool(pool, job.source, space, r, frames, job.portfolio.market);
    await pool.close();
    pool = null;
    const partial = r.interrupted;
    o.step(partial ? `Portfolio optimization interrupted: ${formatCount(r.completed)} of ${formatCount(planned)} combinations finished`
      : `Portfolio optimization completed: ${formatCount(r.completed)} combinations`, (performance.now() - t0) / 1000);
    const synthetic = frames.some((f) => f.origin.synthetic);
    await writeOptimizationResultsCsv(join(staged.dir, 'optimization_results.csv'), { space, order: r.order, rows: r.rows, ranking: r.ranking, synthetic });
    let best: Record<string, unknown> | null = null;
    if (r.ranking.length > 0) {
      const pos = r.ranking[0];
      const combination = paramsAt(space, r.order[pos]) as P;
      best = { ...combination } as Record<string, unknown>;
      // A ranged leverage belongs to the account (bestParamsConfig writes it under portfolio_parameters).
      const { params, leverage } = splitLeverage(combination);
      const bestPortfolio = leverage === undefined ? job.portfolio : { ...job.portfolio, leverage };
      const config = bestParamsConfig(job.strategy, best, job.portfolio, {
        description: `Best of ${formatCount(r.completed)} combinations by ${set.metric} (${set.method}${partial ? `, PARTIAL run: ${formatCount(r.completed)} of ${formatCount(planned)}` : ''}) as one account over ${frames.map((f) => f.symbol).join(', ')} ${data.timeframe}`,
      });
      const pp = { ...config.portfolio_parameters, portfolio: true, stake: formatStake(job.mode.stake),
        ...(job.mode.maxOpenPositions !== undefined && { max_open_positions: job.mode.maxOpenPositions }) };
      await writeFile(join(staged.dir, 'best_params.json'), `${JSON.stringify({ ...config, portfolio_parameters: pp }, null, 2)}\n`);
      const dir = join(staged.dir, 'best_backtest');
      await mkdir(dir, { recursive: true });
      const signals = poolSignals ?? (isSandboxed(job.strategy)
        ? await Promise.all(frames.map(async (f) => (await sandboxedSignals(job.strategy as typeof job.strategy & { sourceFile: string }, f, params, job.portfolio.market)).signals))
        : undefined);
      const bestRun = runPortfolioBacktest({ frames, strategy: job.strategy, params, portfolio: bestPortfolio, mode: job.mode, signals, limits });
      // The best account again as a backtest must give its optimization row, bit for bit (as per symbol).
      const row = r.rows.subarray(pos * METRIC_COUNT, (pos + 1) * METRIC_COUNT);
      const differs = bestRun.metrics.values.findIndex((x, k) => k < METRIC_COUNT && !Object.is(x, row[k]));
      if (differs >= 0) {
        throw new StrategyError('STRATEGY_FAILED', `The best combination's portfolio backtest gives other numbers than its optimization row (${METRIC_KEYS[differs]}: ${bestRun.metrics.values[differs]} vs ${row[differs]}); nothing was published.`, {
          hint: 'The strategy must give the same signals for the same parameters and data (no random numbers, clock or state kept between calls); if it does, this is a bug: please report it with --debug.',
        });
      }
      await writePortfolioCsvFiles(bestRun, dir);
      await writePortfolioPage(bestRun, dir, { href: '../index.html', label: 'Optimization' });
      const v = r.rows[pos * METRIC_COUNT + METRIC_INDEX[set.metric]];
      o.summary('Best parameters (one account)', [...Object.entries(best).filter(([k]) => space.keys.includes(k)).map(([k, x]) => [k, String(x)] as [string, string]),
        [`${titleLabel(set.metric)} (target)`, consoleValue(set.metric, v)], ...bestRun.contributions.map((c) => [`PnL ${c.symbol}`, c.pnl.toFixed(2)] as [string, string])], '🏆');
    }
    await writeOptimizationPages({
      symbol: `one account: ${frames.map((f) => f.symbol).join(', ')}`, timeframe: data.timeframe, strategyName: job.strategy.name, origin: frames[0].origin,
      metric: set.metric, method: set.method, space, order: r.order, rows: r.rows, ranking: r.ranking, done: r.done, gridSize: plan.gridSize,
      constraintSkips: plan.constraintSkips, planned, partial, selection: null, hasBestBacktest: r.ranking.length > 0,
    }, staged.dir);
    const info = { symbols: frames.map((f) => f.symbol), timeframe: data.timeframe, start: null, end: null,
      strategy: { id: job.strategy.id, name: job.strategy.name, params: job.params as Record<string, unknown> }, portfolio: job.portfolio,
      origin: frames[0].origin, title: `Portfolio optimization: ${frames.map((f) => f.symbol).join(', ')} ${data.timeframe}`,
      notes: [...(partial ? [PARTIAL_NOTE] : []), ...job.notes] };
    await writeIndexPage(staged.dir, info);
    if (partial) {
      // The finished rows bit for bit, and what they belong to: --resume continues from here.
      await writeSymbolState(staged.dir, r);
      await writeRunState(staged.dir, { version: 1, fingerprint, symbols: [{ symbol: 'portfolio', dir: '', positions: planned, done: r.completed }] });
    }
    o.step(partial ? 'Partial results written' : 'Portfolio optimization run completed', (performance.now() - started) / 1000);
    log.close();
    await staged.publish({ kind: 'optimization', portfolio: true, partial, status: partial ? 'partial' : 'complete', metric: set.metric, method: set.method,
      planned, combinations: r.completed, seconds: (performance.now() - started) / 1000, mode: job.mode, ...(partial ? { resume_state: STATE_FILE } : {}) });
    job.observer.note(partial ? `Results written to ${staged.finalDir} (PARTIAL: ${formatCount(r.completed)} of ${formatCount(planned)} combinations).`
      : `Results written to ${staged.finalDir}; best_backtest/ holds the best account and its per-symbol breakdown (contributions.csv).`);
    finished = { outputDir: staged.finalDir, best, tried: r.completed };
  } catch (e) {
    await pool?.close();
    pool = null;
    const err = staged.explain(e);
    log.keepAfterFailure(err);
    await staged.discard();
    throw err;
  } finally {
    await pool?.close();
    stop.dispose();
  }
  if (finished.tried < planned) {
    throw new InterruptedError(`Portfolio optimization interrupted: ${formatCount(finished.tried)} of ${formatCount(planned)} combinations finished and were written to ${finished.outputDir} (marked partial); ${formatCount(planned - finished.tried)} remaining.`, {
      hint: 'Run the same command with --resume to continue without redoing them.',
    });
  }
  return { outputDir: finished.outputDir, best: finished.best };
}

/**
 * A strategy file's signals of the best combination on every symbol, computed on the pool's threads
 * (the file is loaded there: no host thread is started for them), cut after each frame's warm-up
 * as a host thread's are (`sandboxedSignals`); undefined for other strategies and pools.
 */
async function bestSignalsOnPool(pool: EvaluationPool, source: StrategySource, space: ParamSpace<any>, r: SymbolOptimization,
  frames: readonly OhlcvFrame[], market: 'spot' | 'swap'): Promise<Signals[] | undefined> {
  if (source.kind !== 'file' || !pool.strategyOutput || r.ranking.length === 0) return undefined;
  const { params } = splitLeverage(paramsAt(space, r.order[r.ranking[0]]) as Record<string, unknown>);
  return Promise.all(frames.map(async (frame) => afterWarmup(await pool.strategyOutput!({ frame, strategy: source, params, market }), frame).signals));
}
