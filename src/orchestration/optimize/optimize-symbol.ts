import type { OhlcvFrame } from '../../domain/frame/frame.js';
import { METRIC_COUNT, METRIC_INDEX, metricInfo, type MetricKey } from '../../domain/metrics/catalog.js';
import type { EvaluationPlan } from '../../domain/params/evaluation-plan.js';
import type { Objective } from '../../domain/params/objective.js';
import type { ParamSpace } from '../../domain/params/param-space.js';
import { rankResults } from '../../domain/params/ranking.js';
import type { PortfolioSpec } from '../../domain/portfolio/spec.js';
import type { StrategyDefinition } from '../../domain/strategies/strategy.js';
import { sharedFloat64, sharedFrame, type BlockSumsOutput, type EvaluationPool, type StrategySource, type SymbolJob } from './job.js';
import { precomputeIndicators } from './precompute.js';
import { objectiveScores } from './objective-scores.js';
import { evaluateJob } from './schedule.js';

/** A parameter search on one symbol's bars: what the optimizer, walk-forward and CSCV all start from. */
export interface SearchOnFrame<P extends object> {
  readonly jobId: string;
  readonly frame: OhlcvFrame;
  readonly def: StrategyDefinition<P>;
  readonly source: StrategySource;
  readonly space: ParamSpace<P>;
  readonly plan: EvaluationPlan;
  readonly portfolio: PortfolioSpec;
}

export interface SymbolOptimizationSpec<P extends object> extends SearchOnFrame<P> {
  readonly metric: MetricKey;
  /** Rows already evaluated by an interrupted run (resume): `done[i] = 1` where `rows` holds position i. */
  readonly previous?: { readonly done: Uint8Array; readonly rows: Float64Array };
  readonly generic?: boolean;
  readonly simOnly?: boolean;
  /** Also write per-block return sums of every position (CSCV). */
  readonly blocks?: BlockSumsOutput;
  /** `--min-trades`: combinations with fewer closed trades rank after all others. */
  readonly minTrades?: number;
  /** `--objective`: rank by this score instead of `metric`. */
  readonly objective?: Objective;
}

export interface SymbolOptimization {
  readonly symbol: string;
  /** Grid index by position (evaluation order). */
  readonly order: Float64Array;
  /** Metrics rows by position (`METRIC_COUNT` each); rows of positions not done are NaN. */
  readonly rows: Float64Array;
  /** 1 where the position was evaluated. */
  readonly done: Uint8Array;
  readonly completed: number;
  readonly interrupted: boolean;
  /** Evaluated positions, best first (DESIGN.md §6 ranking). */
  readonly ranking: Int32Array;
  /** Distinct indicator series computed once for the symbol and shared by every thread (0 on a remote pool: its workers compute them). */
  readonly sharedIndicators: number;
  /** With an objective: its score by position (NaN where not done); the ranking follows it. */
  readonly objective?: Float64Array;
}

/**
 * Optimizes one symbol: bars and plan into shared memory, each distinct indicator computed once,
 * the combinations evaluated in chunks over the pool, then ranked by the target metric.
 */
export async function optimizeSymbol<P extends object>(
  spec: SymbolOptimizationSpec<P>, pool: EvaluationPool,
  hooks: { readonly signal?: AbortSignal; readonly onProgress?: (done: number) => void } = {},
): Promise<SymbolOptimization> {
  const positions = spec.plan.order.length;
  const frame = sharedFrame(spec.frame);
  // Remote workers compute the indicators from the frame themselves: computing them here too would be wasted.
  const indicators = pool.remote ? {} : precomputeIndicators(frame, spec.def, spec.space, spec.portfolio.market);
  const rows = sharedFloat64(positions * METRIC_COUNT);
  rows.fill(NaN);
  const done = new Uint8Array(positions);
  if (spec.previous) {
    done.set(spec.previous.done);
    rows.set(spec.previous.rows);
  }
  const job: SymbolJob = {
    id: spec.jobId, frame, strategy: spec.source, space: spec.space, portfolio: spec.portfolio,
    order: sharedFloat64(positions, spec.plan.order), rows, indicators, generic: spec.generic, simOnly: spec.simOnly, blocks: spec.blocks,
  };
  const outcome = await evaluateJob(job, pool, { done, signal: hooks.signal, onProgress: hooks.onProgress });
  const scores = spec.objective ? objectiveScores(spec.objective, spec.space, job.order, rows, done) : undefined;
  const by = scores && spec.objective ? { values: scores, direction: spec.objective.direction } : undefined;
  return {
    symbol: spec.frame.symbol, order: job.order, rows, done, completed: outcome.done, interrupted: outcome.interrupted,
    ranking: rankDone(rows, job.order, done, spec.metric, spec.minTrades ?? 0, by), sharedIndicators: Object.keys(indicators).length,
    ...(scores ? { objective: scores } : {}),
  };
}

/**
 * Ranks the evaluated positions by `metric` (direction from the catalog; ties by grid index; NaN
 * last), or by `by.values` (an objective's score by position) in `by.direction`; positions with
 * fewer than `minTrades` closed trades after all others.
 */
export function rankDone(rows: Float64Array, order: Float64Array, done: Uint8Array, metric: MetricKey, minTrades = 0,
  by?: { readonly values: Float64Array; readonly direction: 'higher' | 'lower' }): Int32Array {
  const positions = donePositions(done);
  const m = METRIC_INDEX[metric];
  const tt = METRIC_INDEX.total_trades;
  const value = by ? (k: number) => by.values[positions[k]] : (k: number) => rows[positions[k] * METRIC_COUNT + m];
  const r = rankResults(positions.length, value, (k) => order[positions[k]], by ? by.direction : metricInfo(metric).direction,
    minTrades > 0 ? (k) => !(rows[positions[k] * METRIC_COUNT + tt] >= minTrades) : undefined);
  for (let j = 0; j < r.length; j++) r[j] = positions[r[j]];
  return r;
}

/** The positions where `done` is 1, in order. */
export function donePositions(done: Uint8Array): Int32Array {
  let n = 0;
  for (let i = 0; i < done.length; i++) n += done[i];
  const out = new Int32Array(n);
  for (let i = 0, k = 0; i < done.length; i++) if (done[i] === 1) out[k++] = i;
  return out;
}
