import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { barsPerYear } from '../../domain/frame/timeframe.js';
import { METRIC_COUNT, type MetricKey } from '../../domain/metrics/catalog.js';
import { bestParamsConfig } from '../../domain/params/best-params-config.js';
import type { EvaluationPlan } from '../../domain/params/evaluation-plan.js';
import { gridValues, paramsAt, type ParamSpace, type ParamValue } from '../../domain/params/param-space.js';
import type { PortfolioSpec } from '../../domain/portfolio/spec.js';
import type { StrategyDefinition } from '../../domain/strategies/strategy.js';
import type { SymbolOptimization } from '../../orchestration/optimize/optimize-symbol.js';
import { selectionBias, type SelectionBias } from '../../orchestration/optimize/selection-bias.js';
import type { LoadedFrame } from '../../orchestration/ports.js';
import { runBacktest } from '../../orchestration/run-backtest.js';
import { writeOptimizationResultsCsv } from '../report/csv/optimization-results-csv.js';
import { writeOptimizationPages } from '../report/html/optimization/write-optimization-pages.js';
import type { MarketData } from './market-data.js';
import type { RunObserver } from './observer.js';
import { writeSymbolState } from './optimization-state.js';
import { runSingleJob } from './single-backtest-job.js';

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
  readonly portfolio: PortfolioSpec;
  readonly partial: boolean;
  readonly bestBacktest: boolean;
  readonly observer: RunObserver;
  readonly debug?: boolean;
  readonly settings?: Readonly<Record<string, unknown>>;
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
  return {
    position, gridIndex: g, values: Object.fromEntries(space.keys.map((k, i) => [k, vals[i]])),
    params: paramsAt(space, g) as Record<string, unknown>, metrics: opt.rows.slice(position * METRIC_COUNT, (position + 1) * METRIC_COUNT),
  };
}

/** Warnings of the best backtest go to the console with a prefix; its other events only to its own log. */
function bestObserver(o: RunObserver, symbol: string): RunObserver {
  return { title() {}, step() {}, note() {}, debug() {}, summary() {}, warn: (t) => o.warn(`best_backtest (${symbol}): ${t}`) };
}

/**
 * Writes one symbol's optimization outputs into `dir`: optimization_results.csv, best_params.json,
 * best_backtest/ (a complete single-backtest folder, written by the single-backtest job itself),
 * the three HTML pages, and when the run is partial the resume rows.
 */
export async function writeSymbolOutputs(s: SymbolOutputSpec): Promise<SymbolOutputs> {
  await mkdir(s.dir, { recursive: true });
  const files = ['optimization_results.csv'];
  const synthetic = s.loaded.frame.origin.synthetic;
  await writeOptimizationResultsCsv(join(s.dir, 'optimization_results.csv'), { space: s.space, order: s.opt.order, rows: s.opt.rows, ranking: s.opt.ranking, synthetic });
  const best = bestOf(s.space, s.opt);
  let selection: SelectionBias | null = null;
  if (best) {
    const tried = s.opt.ranking.length;
    const tf = s.loaded.frame.timeframe;
    const description = `Best of ${tried.toLocaleString('en-US')} combinations by ${s.metric} (${s.plan.method} search${s.partial ? ', PARTIAL run' : ''}) on ${s.symbol} ${tf}${synthetic ? ' (SYNTHETIC sample data)' : ''}. Rerun with --config best_params.json on the same data and market.`;
    const config = bestParamsConfig(s.def, best.params, s.portfolio, { description, keyPaths: s.keyPaths, strategyRef: s.strategyRef });
    await writeFile(join(s.dir, 'best_params.json'), `${JSON.stringify(config, null, 2)}\n`);
    files.push('best_params.json');
    // The best combination again as a normal single backtest: its folder (best_backtest/), and its
    // equity curve for the deflated Sharpe ratio. Its metrics must equal the optimization row.
    const result = s.bestBacktest
      ? (await runSingleJob({
        data: { ...s.data, frames: new Map([[s.symbol, s.loaded]]), skipped: [] }, strategy: s.def, params: best.params, portfolio: s.portfolio,
        outputDir: join(s.dir, 'best_backtest'), observer: bestObserver(s.observer, s.symbol), debug: s.debug,
        settings: { ...s.settings, best_of_optimization: true }, up: { href: '../index.html', label: 'Optimization' },
      })).results[0]
      : runBacktest({ frame: s.loaded.frame, strategy: s.def, params: best.params, portfolio: s.portfolio });
    if (s.bestBacktest) files.push('best_backtest');
    if (!result.metrics.values.every((v, i) => Object.is(v, best.metrics[i]))) {
      s.observer.warn(`${s.symbol}: the best combination's single backtest differs from its optimization row (a bug; please report it with the --debug output).`);
    }
    selection = selectionBias(s.opt, best.position, result.sim.equity, barsPerYear(tf, s.portfolio.daysPerYear));
  }
  files.push(...await writeOptimizationPages({
    symbol: s.symbol, timeframe: s.loaded.frame.timeframe, strategyName: s.def.name, origin: s.loaded.frame.origin, metric: s.metric,
    method: s.plan.method, space: s.space, order: s.opt.order, rows: s.opt.rows, ranking: s.opt.ranking, done: s.opt.done,
    gridSize: s.plan.gridSize, constraintSkips: s.plan.constraintSkips, planned: s.plan.order.length, partial: s.partial,
    selection, hasBestBacktest: best !== null && s.bestBacktest,
  }, s.dir));
  if (s.partial) await writeSymbolState(s.dir, s.opt);
  return { best, selection, files };
}
