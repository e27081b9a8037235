import { withOrderLimits } from '../../domain/portfolio/market-limits.js';
import { StrategyError } from '../../base/errors.js';
import { METRIC_KEYS } from '../../domain/metrics/catalog.js';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { METRIC_COUNT, type MetricKey } from '../../domain/metrics/catalog.js';
import { labelStats, type LabelledStats } from '../../domain/metrics/labelled.js';
import { bestParamsConfig } from '../../domain/params/best-params-config.js';
import type { EvaluationPlan } from '../../domain/params/evaluation-plan.js';
import { gridValues, paramsAt, splitLeverage, type ParamSpace, type ParamValue } from '../../domain/params/param-space.js';
import type { PortfolioSpec } from '../../domain/portfolio/spec.js';
import type { StrategyDefinition } from '../../domain/strategies/strategy.js';
import type { SymbolOptimization } from '../../orchestration/optimize/optimize-symbol.js';
import { selectionBias, type SelectionBias } from '../../orchestration/optimize/selection-bias.js';
import type { LoadedFrame } from '../../orchestration/ports.js';
import { runBacktest } from '../../orchestration/run-backtest.js';
import type { BacktestResult } from '../../orchestration/result.js';
import { prepareLibrary } from '../report/html/library.js';
import { writeOptimizationTable, type OptimizationTableOutputs, type WrittenTable } from './optimization-table.js';
import { libraryFor } from './report-hooks.js';
import type { MarketData } from './market-data.js';
import type { RunObserver } from './observer.js';
import { writeSymbolState } from './optimization-state.js';
import { runSingleJob } from './single-backtest-job.js';
import { prepareStrategy, replayDefinition } from '../strategy/sandboxed-strategy.js';
import type { EvaluationPool, StrategySource } from '../../orchestration/optimize/job.js';
import { formatCount } from '../../base/format-count.js';

/** The best combination of one symbol. */
export interface BestCombination {
  readonly position: number;
  readonly gridIndex: number;
  /** The optimized parameters' values, in range order. */
  readonly values: Readonly<Record<string, ParamValue>>;
  /** The full parameter set (base + optimized values). */
  readonly params: Readonly<Record<string, unknown>>;
  /** Every catalog metric of the best (NaN = undefined). */
  readonly metrics: Float64Array;
  /** The same keyed by name, as `result.stats` (with the full statistics once its single backtest ran). */
  readonly stats: LabelledStats;
}

export interface SymbolOutputSpec {
  readonly dir: string;
  readonly symbol: string;
  readonly loaded: LoadedFrame;
  readonly data: MarketData;
  readonly def: StrategyDefinition<any>;
  readonly strategyRef?: string;
  readonly keyPaths?: Readonly<Record<string, string>>;
  readonly space: ParamSpace<any>;
  readonly plan: EvaluationPlan;
  readonly opt: SymbolOptimization;
  readonly metric: MetricKey;
  /** `--objective`: the ranking followed its score (`opt.objective`). */
  readonly objectiveName?: string;
  readonly portfolio: PortfolioSpec;
  readonly partial: boolean;
  readonly bestBacktest: boolean;
  readonly observer: RunObserver;
  readonly debug?: boolean;
  readonly settings?: Readonly<Record<string, unknown>>;
  /**
   * The best combination's strategy ready for the engine, when computed elsewhere already (a
   * strategy file's output from a pool thread: `bestOnPool`); else a strategy file runs in its host thread.
   */
  readonly prepared?: Promise<StrategyDefinition<any>>;
  /** The run's output root (being written) and this symbol's folder in it ('' or one name): where ECharts goes. */
  readonly assets?: { readonly singleFile?: boolean; readonly root: string; readonly rel: string };
  /** Writes the results table and the pages on another thread (a pool thread that is free now); absent: here. */
  readonly offload?: (o: OptimizationTableOutputs) => Promise<WrittenTable>;
}

export interface SymbolOutputs {
  readonly best: BestCombination | null;
  readonly selection: SelectionBias | null;
  readonly files: string[];
}

/** The best combination (first in the ranking) or null when nothing was evaluated. */
export function bestOf(space: ParamSpace<any>, opt: SymbolOptimization): BestCombination | null {
  if (opt.ranking.length === 0) return null;
  const position = opt.ranking[0];
  const g = opt.order[position];
  const vals = gridValues(space, g);
  const metrics = opt.rows.slice(position * METRIC_COUNT, (position + 1) * METRIC_COUNT);
  return {
    position, gridIndex: g, values: Object.fromEntries(space.keys.map((k, i) => [k, vals[i]])),
    params: paramsAt(space, g) as Record<string, unknown>, metrics,
    stats: labelStats({ values: metrics, reasons: {} }),
  };
}

/**
 * For a strategy file on a pool that computes strategy outputs: the best combination's output
 * started now on a pool thread (the file is loaded there already), as the replay definition the
 * engine runs, the way a strategy host thread's output is replayed (sandboxed-strategy.ts); else
 * undefined (the best backtest starts a host thread as any backtest of a strategy file does).
 */
export function bestOnPool(pool: EvaluationPool, source: StrategySource, def: StrategyDefinition<any>, space: ParamSpace<any>, opt: SymbolOptimization,
  loaded: LoadedFrame, market: 'spot' | 'swap'): Promise<StrategyDefinition<any>> | undefined {
  const best = bestOf(space, opt);
  if (source.kind !== 'file' || !pool.strategyOutput || best === null) return undefined;
  const out = pool.strategyOutput({ frame: loaded.frame, strategy: source, params: splitLeverage(best.params).params, market });
  const prepared = out.then((o) => replayDefinition(def, o));
  prepared.catch(() => undefined); // awaited (and its failure thrown) by writeSymbolOutputs
  return prepared;
}

/** Warnings of the best backtest go to the console with a prefix; its other events only to its own log. */
function bestObserver(o: RunObserver, symbol: string): RunObserver {
  return { title() {}, step() {}, note() {}, debug() {}, summary() {}, warn: (t) => o.warn(`best_backtest (${symbol}): ${t}`) };
}

/**
 * Writes one symbol's optimization outputs into `dir`: optimization_results.csv, best_params.json,
 * best_backtest/ (a complete single-backtest folder, written by the single-backtest job itself),
 * the three HTML pages, and when the run is partial the resume rows. With `offload` (a pool
 * thread is free), the results table and the pages are written there while this thread writes
 * best_backtest/'s files: they start once its backtest has run, since the pages show the best's
 * deflated Sharpe ratio, from its equity curve.
 */
export async function writeSymbolOutputs(s: SymbolOutputSpec): Promise<SymbolOutputs> {
  await mkdir(s.dir, { recursive: true });
  const synthetic = s.loaded.frame.origin.synthetic;
  const table = { space: s.space, order: s.opt.order, rows: s.opt.rows, ranking: s.opt.ranking, synthetic, objective: s.opt.objective };
  const lib = s.assets && libraryFor(s.assets, s.assets.root, s.assets.rel);
  const tableOutputs = async (selection: SelectionBias | null, hasBestBacktest: boolean): Promise<OptimizationTableOutputs> => ({
    dir: s.dir, table, library: await prepareLibrary(s.dir, lib?.library ?? 'asset', lib?.shared),
    pages: {
      symbol: s.symbol, timeframe: s.loaded.frame.timeframe, strategyName: s.def.name, origin: s.loaded.frame.origin, metric: s.metric,
      method: s.plan.method, space: s.space, order: s.opt.order, rows: s.opt.rows, ranking: s.opt.ranking, done: s.opt.done,
      gridSize: s.plan.gridSize, constraintSkips: s.plan.constraintSkips, planned: s.plan.order.length, partial: s.partial,
      selection, hasBestBacktest,
    },
  });
  let best: BestCombination | null = bestOf(s.space, s.opt);
  let selection: SelectionBias | null = null;
  /** The table and pages being written on a pool thread. */
  let elsewhere: Promise<WrittenTable> | null = null;
  if (best !== null) {
    const b0: BestCombination = best;
    const tried = s.opt.ranking.length;
    const tf = s.loaded.frame.timeframe;
    const description = `Best of ${formatCount(tried)} combinations by ${s.objectiveName ? `the objective ${s.objectiveName}` : s.metric} (${s.plan.method} search${s.partial ? ', PARTIAL run' : ''}) on ${s.symbol} ${tf}${synthetic ? ' (SYNTHETIC sample data)' : ''}. Rerun with --config best_params.json on the same data and market.`;
    const config = bestParamsConfig(s.def, b0.params, s.portfolio, { description, keyPaths: s.keyPaths, strategyRef: s.strategyRef });
    await writeFile(join(s.dir, 'best_params.json'), `${JSON.stringify(config, null, 2)}\n`);
    // The best combination again as a normal single backtest: its folder (best_backtest/), and its
    // equity curve for the deflated Sharpe ratio. Its metrics must equal the optimization row.
    // A ranged leverage belongs to the portfolio (docs/futures.md).
    const { params: bestParams, leverage } = splitLeverage(b0.params);
    const bestPortfolio = leverage === undefined ? s.portfolio : { ...s.portfolio, leverage };
    const strategy = s.prepared ? await s.prepared : s.def;
    const checkRow = (result: BacktestResult): void => {
      const differs = result.metrics.values.findIndex((v, i) => !Object.is(v, b0.metrics[i]));
      if (differs < 0) return;
      throw new StrategyError('STRATEGY_FAILED', `${s.symbol}: the best combination's single backtest gives other numbers than its optimization row (${METRIC_KEYS[differs]}: ${result.metrics.values[differs]} vs ${b0.metrics[differs]}); nothing was published.`, {
        hint: 'The strategy must give the same signals for the same parameters and data (no random numbers, clock or state kept between calls); if it does, this is a bug: please report it with --debug.',
      });
    };
    const selectionOf = (result: BacktestResult) => selectionBias(s.opt, b0.position, result.sim.equity, result.annualization.periodsPerYear, s.portfolio.initCash);
    // As soon as best_backtest/'s backtest has run (before its files are written): the table and
    // pages on the pool thread, with the deflated Sharpe ratio from its equity curve.
    const offload = s.offload;
    const startTable = offload && (async (_symbol: string, r: BacktestResult) => {
      checkRow(r);
      selection = selectionOf(r);
      elsewhere = offload(await tableOutputs(selection, true));
      elsewhere.catch(() => undefined); // awaited below; a failure here first must not go unhandled
    });
    const result = s.bestBacktest
      ? (await runSingleJob({
        data: { ...s.data, frames: new Map([[s.symbol, s.loaded]]), skipped: [] }, strategy, params: bestParams, portfolio: bestPortfolio,
        outputDir: join(s.dir, 'best_backtest'), observer: bestObserver(s.observer, s.symbol), debug: s.debug,
        settings: { ...s.settings, best_of_optimization: true }, up: { href: '../index.html', label: 'Optimization' },
        assets: s.assets && { singleFile: s.assets.singleFile, root: s.assets.root, href: s.assets.rel ? '../../' : '../' },
        onResult: startTable ?? undefined,
      })).results[0]
      : runBacktest({ frame: s.loaded.frame, strategy: await prepareStrategy(strategy, s.loaded.frame, bestParams, s.portfolio.market), params: bestParams, portfolio: withOrderLimits(bestPortfolio, s.loaded.limits) });
    checkRow(result);
    selection ??= selectionOf(result);
    // The best row's stats as the single backtest's: the same catalog values plus the full set and reasons.
    best = { ...b0, stats: result.stats };
  }
  const written = await (elsewhere ?? tableOutputs(selection, best !== null && s.bestBacktest).then(writeOptimizationTable));
  const files = [...written.tables, ...(best !== null ? ['best_params.json'] : []), ...(best !== null && s.bestBacktest ? ['best_backtest'] : []), ...written.pages];
  if (s.partial) await writeSymbolState(s.dir, s.opt);
  return { best, selection, files };
}
