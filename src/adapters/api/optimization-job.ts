import { withOrderLimits } from '../../domain/portfolio/market-limits.js';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { InterruptedError, UsageError } from '../../base/errors.js';
import { formatDateUtc } from '../../domain/frame/dates.js';
import { symbolToDirName } from '../../domain/frame/symbols.js';
import { bestParamsConfig } from '../../domain/params/best-params-config.js';
import { planEvaluations } from '../../domain/params/evaluation-plan.js';
import { gridValues, LEVERAGE_KEY, paramsAt } from '../../domain/params/param-space.js';
import type { PortfolioSpec } from '../../domain/portfolio/spec.js';
import type { StrategyDefinition } from '../../domain/strategies/strategy.js';
import { rankAcrossSymbols } from '../../orchestration/optimize/cross-symbol.js';
import type { EvaluationPool, StrategySource } from '../../orchestration/optimize/job.js';
import { optimizeSymbol, type SymbolOptimization } from '../../orchestration/optimize/optimize-symbol.js';
import type { Progress } from '../../orchestration/ports.js';
import { silentProgress } from '../../orchestration/ports.js';
import { StagedOutput } from '../output/staged-output.js';
import { writeCrossSymbolCsv } from '../report/csv/optimization-cross-symbol-csv.js';
import { writeIndexPage } from '../report/html/index.js';
import type { MarketData } from './market-data.js';
import type { RunObserver } from './observer.js';
import { bestParamRows, bestPerformanceRows, consoleValue, rowAt, titleLabel } from './optimization-console.js';
import { assertSameRun, interruptControl, openPool, PARTIAL_NOTE, previousRun, resumedRows, startPool } from './optimization-run.js';
import { checkOptimizationSettings, nothingToRun, settleSettings, spaceOrThrow, type RawOptimizationSettings } from './optimization-settings.js';
import { optimizationFingerprint, writeRunState, STATE_FILE, type OptimizationState } from './optimization-state.js';
import { bestOnPool, writeSymbolOutputs, type BestCombination } from './optimization-outputs.js';
import type { OptimizationTableOutputs } from './optimization-table.js';
import { LOG_FILE_NAME, openLogOrDiscard } from './run-log.js';
import type { QueueSettings } from './optimization-queue.js';
import type { QueuePool } from '../pool/queue/queue-pool.js';
import { PiscinaPool } from '../pool/piscina-pool.js';
import { JoinedPool } from '../../orchestration/optimize/joined-pool.js';
import { METRIC_COUNT } from '../../domain/metrics/catalog.js';
import type { Objective } from '../../domain/params/objective.js';
import { formatCount } from '../../base/format-count.js';

/** How often `--debug` prints each queue worker's rate during a queued run. */
const RATES_EVERY_MS = 30_000;

/** Makes every symbol job's id unique in this process (worker threads keep one context per id). */
let jobCounter = 0;

export interface OptimizationJob<P extends object> extends RawOptimizationSettings {
  /** Loaded data, or a loader run inside the job (so loading is timed and logged with the run). */
  readonly data: MarketData | ((observer: RunObserver) => Promise<MarketData>);
  readonly strategy: StrategyDefinition<P>;
  /** How worker threads find the strategy; `inline` (an object given to the API) runs in this thread. */
  readonly source: StrategySource;
  /** The `strategy` entry of best_params.json (a strategy file's path); default the registry id. */
  readonly strategyRef?: string;
  /** Validated base parameters every combination starts from. */
  readonly params: P;
  /** `optimization_ranges`: parameter → list of values, in grid order. */
  readonly ranges: Readonly<Record<string, unknown>> | undefined;
  readonly portfolio: PortfolioSpec;
  /** Where each parameter came from in the config (keeps best_params.json's sections). */
  readonly keyPaths?: Readonly<Record<string, string>>;
  /** Named in error messages about the ranges (the config path). */
  readonly rangesSource?: string;
  /** Continue the partial optimization in `outputDir`. */
  readonly resume?: boolean;
  readonly outputDir: string;
  readonly observer: RunObserver;
  readonly progress?: Progress;
  /** Stops the run cleanly: finished combinations are written and the folder is marked partial. */
  readonly signal?: AbortSignal;
  /** Turn SIGINT/SIGTERM into a clean stop (the CLI); a second signal exits at once. */
  readonly handleSignals?: boolean;
  readonly debug?: boolean;
  readonly settings?: Readonly<Record<string, unknown>>;
  /** Self-contained pages (ECharts inside each) instead of one shared copy in the output root. */
  readonly singleFile?: boolean;
  /** Runs with less work than this (combinations × bars) stay in this thread (default `inProcessBelow(threads)`: 18 M on 2 threads). */
  readonly inProcessBelow?: number;
  /** Write best_backtest/ (default true). */
  readonly bestBacktest?: boolean;
  /** Force the generic evaluation path (tests). */
  readonly generic?: boolean;
  /** Evaluate on queue workers over Redis instead of this machine's threads (docs/distributed.md). */
  readonly queue?: QueueSettings;
  /** `--objective FILE`: rank by this score of each combination's metrics instead of `metric`. */
  readonly objective?: Objective;
  /**
   * Worker threads the caller started before loading this job's code (`startPoolEarly`): they boot
   * meanwhile. The job owns them from here (it closes them whatever happens). Not with `queue`.
   */
  readonly threads?: PiscinaPool | null;
}

export interface SymbolOptimizationSummary {
  readonly symbol: string;
  /** Final folder of this symbol's files. */
  readonly dir: string;
  readonly tried: number;
  readonly planned: number;
  readonly best: BestCombination | null;
  /** Deflated Sharpe ratio of the best and the trials behind it (null without a best backtest). */
  readonly selection: import('../../orchestration/optimize/selection-bias.js').SelectionBias | null;
  /** The raw table: grid index and metrics row by position, ranking (positions, best first). */
  readonly result: SymbolOptimization;
}

export interface OptimizationOutput {
  readonly outputDir: string;
  /** True when the run was interrupted: the folder holds the finished combinations and a resume state. */
  readonly partial: boolean;
  readonly metric: string;
  readonly method: 'grid' | 'random';
  readonly gridSize: number;
  readonly constraintSkips: number;
  readonly symbols: readonly SymbolOptimizationSummary[];
  /** Multi-symbol runs: the combination with the best mean target across symbols. */
  readonly crossSymbolBest: { readonly gridIndex: number; readonly values: Readonly<Record<string, unknown>>; readonly mean: number; readonly worst: number } | null;
  readonly skipped: MarketData['skipped'];
}

/**
 * Runs a parameter optimization (DESIGN.md §6, docs/optimization.md) and writes its output folder:
 * per symbol optimization_results.csv, best_params.json, the three HTML pages and best_backtest/;
 * for several symbols one folder each plus optimization_cross_symbol.csv and the best-by-mean
 * best_params.json; index.html, the log and run.json (last). Settings and ranges are checked
 * before any data is loaded. An interrupted run publishes what finished, marked partial, with a
 * resume state, then throws InterruptedError.
 */
export async function runOptimizationJob<P extends object>(job: OptimizationJob<P>): Promise<OptimizationOutput> {
  try {
    return await optimizationJob(job);
  } catch (e) {
    // Threads started by the caller and not closed yet (a setting refused before the run began); closing twice is fine.
    await job.threads?.close().catch(() => undefined);
    throw e;
  }
}

async function optimizationJob<P extends object>(job: OptimizationJob<P>): Promise<OptimizationOutput> {
  const started = performance.now();
  const set = settleSettings(checkOptimizationSettings(job), job, (t) => job.observer.note(t));
  const space = spaceOrThrow(job.strategy, job.params, job.ranges, set, `optimization_ranges${job.rangesSource ? ` of ${job.rangesSource}` : ''}`);
  if (space.keys.includes(LEVERAGE_KEY) && job.portfolio.market !== 'swap') {
    throw new UsageError('optimization_ranges.leverage needs --market swap: spot is unlevered and long-only.', { hint: 'Add --market swap, or drop the leverage range.' });
  }
  const plan = planEvaluations(space, job.strategy, set);
  if (plan.order.length === 0) throw nothingToRun(plan.skipExample, plan.gridSize);
  const previous = job.resume ? await previousRun(job.outputDir, job.observer) : null;
  const staged = await StagedOutput.create(job.outputDir);
  const log = openLogOrDiscard(staged, join(staged.dir, LOG_FILE_NAME), job.debug ?? false);
  const o = log.tee(job.observer);
  // Redis going away stops a queued run like Ctrl-C does (finished work written, resumable).
  const lost = new AbortController();
  if (job.signal?.aborted) lost.abort();
  else job.signal?.addEventListener('abort', () => lost.abort(), { once: true });
  const stop = interruptControl(lost.signal, job.handleSignals ?? false, o);
  let pool: EvaluationPool | null = null;
  /** The pool's threads ending while the outputs are written (awaited before publishing). */
  let closing: Promise<void> | null = null;
  let closeOnFailure: EvaluationPool | null = null;
  let queuePool: QueuePool | null = null;
  let queueApi: typeof import('./optimization-queue.js') | null = null;
  let rates: NodeJS.Timeout | null = null;
  let output: OptimizationOutput;
  try {
    o.title(`Starting ${set.method === 'grid' ? 'Grid' : 'Random'} Optimization`, '🔍');
    const replacing = staged.replacementNote();
    if (replacing) o.note(replacing);
    // Threads boot and warm up while the data loads; the catch below closes them on any failure.
    if (job.queue) await job.threads?.close();
    const early = job.queue ? null : job.threads !== undefined ? job.threads : startPool(job, set.workers, plan.order.length);
    pool = early;
    const data = typeof job.data === 'function' ? await job.data(o) : job.data;
    const frames = [...data.frames.values()];
    const multi = frames.length > 1;
    const planned = plan.order.length;
    o.note(`Testing ${formatCount(planned)} parameter combinations${multi ? ` on each of ${frames.length} symbols` : ''}`, '📈');
    o.note(`${space.keys.map((k, i) => `${k} × ${space.values[i].length}`).join(', ')} = ${formatCount(plan.gridSize)} in the grid; ${formatCount(plan.constraintSkips)} skipped (break a constraint)${set.method === 'random' ? `; random search, seed ${set.seed}${plan.exhaustive ? ', n-iter covers every valid combination' : ''}` : ''}; target ${job.objective ? `the objective ${job.objective.name}` : set.metric} (${(job.objective?.direction ?? (set.metric === 'max_drawdown' ? 'lower' : 'higher'))} is better)`);
    if (plan.skipExample) o.debug(`Skipped example: ${plan.skipExample}`);
    const fingerprint = optimizationFingerprint({ source: job.source, strategyId: job.strategy.id, params: job.params, space, set, plan, portfolio: job.portfolio },
      frames.map((l) => l.frame));
    assertSameRun(previous, fingerprint, job.outputDir);
    if (job.queue) {
      // Loaded only for queued runs: BullMQ and ioredis stay out of the public API's module graph.
      queueApi = await import('./optimization-queue.js');
      queuePool = await queueApi.openQueueRun(job.queue, fingerprint, o, lost);
      stop.signal.addEventListener('abort', () => void queuePool?.cancelQueued().then((n) => n > 0 && o.note(`Removed ${n} queued chunks of this run from the queue`)), { once: true });
    }
    // --debug on a queued run: each worker's rate every 30 s while it runs (and per symbol at the end).
    const qp = queuePool;
    rates = qp && job.debug ? setInterval(() => { for (const line of qp.workerRates()) o.debug(line); }, RATES_EVERY_MS) : null;
    rates?.unref();
    const opened = queuePool ? { pool: queuePool, description: `queue workers (${queuePool.threads} threads)` } : await openPool(job, set.workers, planned, frames, early, stop.signal);
    pool = opened.pool;
    o.debug(`Evaluating on ${opened.description}`);
    const progress = job.progress ?? silentProgress;
    const results: SymbolOptimization[] = [];
    const rels = [...data.frames.keys()].map((s) => (multi ? symbolToDirName(s) : ''));
    const t0 = performance.now();
    for (const [i, [symbol, loaded]] of [...data.frames].entries()) {
      if (stop.signal.aborted) break;
      const jobId = `${process.pid}-${++jobCounter}-${i}`;
      let prev = previous ? await resumedRows(join(job.outputDir, rels[i]), planned, o, { name: symbol, inNote: multi }) : null;
      if (queuePool && job.resume) {
        const rows = new Float64Array(planned * METRIC_COUNT).fill(NaN);
        prev = await queueApi!.mergeStoredChunks(queuePool, { id: jobId, frame: loaded.frame, strategy: job.source, space, portfolio: withOrderLimits(job.portfolio, loaded.limits), generic: job.generic, order: plan.order }, prev, rows, o);
      }
      progress.start(multi ? `Optimizing ${symbol}` : 'Optimizing', planned);
      const r = await optimizeSymbol({
        jobId, frame: loaded.frame, def: job.strategy, source: job.source, space, plan,
        portfolio: withOrderLimits(job.portfolio, loaded.limits), metric: set.metric, previous: prev ?? undefined, generic: job.generic, minTrades: job.minTrades, objective: job.objective,
      }, pool, { signal: stop.signal, onProgress: (done) => progress.update(done) });
      progress.finish();
      o.debug(queuePool ? `${symbol}: indicators computed by each queue worker from the uploaded frame` : `${symbol}: ${r.sharedIndicators} indicator series computed once and shared by every thread`);
      for (const line of queuePool?.workerRates() ?? []) o.debug(line);
      results.push(r);
      if (r.interrupted) break;
    }
    const partial = results.length < frames.length || results.some((r) => r.interrupted);
    if (rates) clearInterval(rates);
    if (queuePool && !partial) await queuePool.clearStored();
    // A strategy file's best combinations on the pool's threads, which have the file loaded (no host thread to start).
    // One output per thread in flight (a symbol's signals and indicators each), started as the
    // symbols are written and dropped once written; the pool closes once the last is in.
    const p = pool;
    // A pool thread, free once the search is done, writes each symbol's results table and pages
    // while this thread writes its best_backtest/ (not on a queue: its workers are other machines).
    const tableThreads = p instanceof PiscinaPool ? p : p instanceof JoinedPool && p.workers instanceof PiscinaPool ? p.workers : null;
    const prepared: (Promise<StrategyDefinition<any>> | undefined)[] = new Array(results.length).fill(undefined);
    const ahead = Math.max(1, p.threads);
    let nextOutput = 0;
    /** The pool closes once the last work it was given is in (its threads end while this thread writes the rest). */
    const closeAfter = (last: Promise<unknown>[]) => {
      const computing = [...prepared.filter((x) => x !== undefined), ...last];
      closing = computing.length > 0 ? Promise.allSettled(computing).then(() => p.close()) : p.close();
      closing.catch(() => undefined); // awaited (and its failure thrown) before publishing
    };
    const startOutputs = (upTo: number) => {
      for (; nextOutput < Math.min(upTo, results.length); nextOutput++) {
        const r = results[nextOutput];
        prepared[nextOutput] = bestOnPool(p, job.source, job.strategy, space, r, data.frames.get(r.symbol)!, job.portfolio.market);
      }
      if (nextOutput === results.length && closing === null && tableThreads === null) closeAfter([]);
    };
    /** The results table and pages of symbol `i` on a pool thread; after the last symbol's, the pool closes. */
    const offloadTable = (i: number) => tableThreads && ((t: OptimizationTableOutputs) => {
      const written = tableThreads.writeOptimizationTable(t);
      if (i === results.length - 1 && closing === null) closeAfter([written]);
      return written;
    });
    // A failure from here on closes that pool at once (PiscinaPool.close() may be called twice): nothing waits for these outputs.
    closeOnFailure = p;
    pool = null;
    startOutputs(ahead);
    const secs = (performance.now() - t0) / 1000;
    const tried = results.reduce((s, r) => s + r.completed, 0);
    o.step(partial ? `Optimization interrupted: ${formatCount(tried)} combinations finished` : 'Optimization completed', secs);
    o.debug(`${(tried / Math.max(secs, 1e-9)).toFixed(0)} combinations/s`);

    const summaries: SymbolOptimizationSummary[] = [];
    for (const [i, r] of results.entries()) {
      const symbol = r.symbol;
      const loaded = data.frames.get(symbol)!;
      startOutputs(i + ahead);
      const out = await writeSymbolOutputs({
        dir: join(staged.dir, rels[i]), symbol, loaded, data, def: job.strategy, prepared: prepared[i], strategyRef: job.strategyRef, keyPaths: job.keyPaths, space, plan, opt: r,
        metric: set.metric, objectiveName: job.objective?.name, portfolio: job.portfolio, partial, bestBacktest: job.bestBacktest ?? true, observer: o, debug: job.debug, settings: job.settings,
        assets: { singleFile: job.singleFile, root: staged.dir, rel: rels[i] },
        offload: offloadTable(i) ?? undefined,
      });
      prepared[i] = undefined;
      summaries.push({ symbol, dir: join(job.outputDir, rels[i]), tried: r.completed, planned, best: out.best, selection: out.selection, result: r });
      if (out.best) {
        o.summary(multi ? `Best Parameters (${symbol})` : 'Best Parameters', bestParamRows(space.keys, space.keys.map((k) => out.best!.values[k])), '🏆');
        o.summary(multi ? `Best Performance (${symbol})` : 'Best Performance', bestPerformanceRows({
          metric: set.metric, row: rowAt(r.rows, out.best.position), tried: r.completed, planned, constraintSkips: plan.constraintSkips, selection: out.selection,
          objective: job.objective && r.objective ? { name: job.objective.name, score: r.objective[out.best.position] } : undefined,
        }));
      } else {
        o.warn(`${symbol}: no combination finished.`);
      }
      if (multi) await writeIndexPage(join(staged.dir, rels[i]), runInfo(job, data, [symbol], loaded.frame.origin, `Optimization: ${symbol}`));
    }
    if (closing === null) closeAfter([]); // with threads for the tables, but the last symbol's was written here (no best)
    let crossSymbolBest: OptimizationOutput['crossSymbolBest'] = null;
    if (multi && results.length === frames.length && results.every((r) => r.completed > 0)) {
      const x = rankAcrossSymbols(results, set.metric, job.objective?.direction, job.minTrades ?? 0);
      await writeCrossSymbolCsv(join(staged.dir, 'optimization_cross_symbol.csv'), x, space, results[0].order);
      if (x.byMean.length > 0) {
        const k = x.byMean[0];
        const g = results[0].order[x.positions[k]];
        const vals = gridValues(space, g);
        crossSymbolBest = { gridIndex: g, values: Object.fromEntries(space.keys.map((key, j) => [key, vals[j]])), mean: x.mean[k], worst: x.worst[k] };
        const target = job.objective ? `objective ${job.objective.name}` : set.metric;
        const description = `Best mean ${target} across ${x.symbols.join(', ')} of ${formatCount(x.positions.length)} combinations (${set.method} search${partial ? ', PARTIAL run' : ''}). Rerun with --config best_params.json.`;
        const config = bestParamsConfig(job.strategy, paramsAt(space, g) as Record<string, unknown>, job.portfolio, { description, keyPaths: job.keyPaths, strategyRef: job.strategyRef });
        await writeFile(join(staged.dir, 'best_params.json'), `${JSON.stringify(config, null, 2)}\n`);
        const show = (v: number) => (job.objective ? String(Number(v.toPrecision(6))) : consoleValue(set.metric, v));
        const label = job.objective ? 'Objective' : titleLabel(set.metric);
        o.summary(`Best Across Symbols (mean ${target})`, [
          ...bestParamRows(space.keys, vals),
          [`Mean ${label}`, show(x.mean[k])],
          [`Worst ${label}`, show(x.worst[k])],
        ], '🏆');
      }
    }
    if (partial) {
      const state: OptimizationState = { version: 1, fingerprint, symbols: results.map((r, i) => ({ symbol: r.symbol, dir: rels[i], positions: planned, done: r.completed })) };
      await writeRunState(staged.dir, state);
    }
    const origin = frames[0].frame.origin;
    await writeIndexPage(staged.dir, runInfo(job, data, [...data.frames.keys()], origin, `Optimization: ${[...data.frames.keys()].join(', ')} ${data.timeframe}`, partial));
    o.step(partial ? 'Partial results written' : 'Optimization run completed', (performance.now() - started) / 1000);
    await closing;
    log.close();
    await staged.publish({
      kind: 'optimization', partial, status: partial ? 'partial' : 'complete', metric: set.metric,
      ...(job.objective ? { objective: { name: job.objective.name, direction: job.objective.direction } } : {}), method: set.method, seed: set.seed, n_iter: set.nIter,
      grid_size: plan.gridSize, planned, constraint_skips: plan.constraintSkips, ranges: Object.fromEntries(space.keys.map((k, i) => [k, space.values[i]])),
      strategy: { id: job.strategy.id, name: job.strategy.name, params: job.params }, portfolio: job.portfolio,
      data: { exchange: data.exchange, market: data.market, timeframe: data.timeframe, symbols: [...data.frames.keys()], skipped: data.skipped, synthetic: frames.some((l) => l.frame.origin.synthetic) },
      symbols: summaries.map((s) => ({ symbol: s.symbol, dir: s.dir, tried: s.tried, best: s.best?.values ?? null, best_grid_index: s.best?.gridIndex ?? null, deflated_sharpe: s.selection?.dsr ?? null })),
      ...(partial ? { resume_state: STATE_FILE } : {}), settings: job.settings ?? {},
    }, (t) => job.observer.warn(t));
    job.observer.note(`Results written to ${staged.finalDir}${partial ? ' (PARTIAL)' : ''}; open index.html in a browser for the reports.`);
    output = {
      outputDir: staged.finalDir, partial, metric: set.metric, method: set.method, gridSize: plan.gridSize, constraintSkips: plan.constraintSkips,
      symbols: summaries, crossSymbolBest, skipped: data.skipped,
    };
  } catch (e) {
    await pool?.close();
    await closeOnFailure?.close().catch(() => undefined);
    await (closing as Promise<void> | null)?.catch(() => undefined); // set inside startOutputs (a closure TypeScript does not follow)
    const err = staged.explain(e);
    log.keepAfterFailure(err);
    await staged.discard();
    throw err;
  } finally {
    if (rates) clearInterval(rates);
    stop.dispose();
  }
  if (output.partial && queuePool && lost.signal.aborted && typeof lost.signal.reason === 'string') {
    throw queueApi!.queueLostError(lost.signal.reason, output.symbols.reduce((s, x) => s + x.tried, 0), output.outputDir);
  }
  if (output.partial) {
    throw new InterruptedError(`Optimization interrupted: ${formatCount(output.symbols.reduce((s, x) => s + x.tried, 0))} finished combinations were written to ${output.outputDir} (marked partial).`, {
      hint: 'Run the same command with --resume to continue without redoing them.',
    });
  }
  return output;
}

function runInfo(job: OptimizationJob<any>, data: MarketData, symbols: string[], origin: import('../../domain/frame/frame.js').DataOrigin, title: string, partial = false) {
  return {
    title, symbols, timeframe: data.timeframe,
    start: data.start === undefined ? null : formatDateUtc(data.start), end: data.end === undefined ? null : formatDateUtc(data.end),
    strategy: { id: job.strategy.id, name: job.strategy.name, params: job.params as Record<string, unknown> }, portfolio: job.portfolio, origin,
    command: typeof job.settings?.command === 'string' ? job.settings.command : undefined,
    configPath: typeof job.settings?.config === 'string' ? job.settings.config : undefined,
    notes: partial ? [PARTIAL_NOTE] : [],
  };
}
