/**
 * Portfolio optimization (issue 12): one parameter set across all symbols, each combination run as
 * one account, ranked by the account's metric, on the same evaluation pool as per-symbol runs.
 */
import type { OhlcvFrame } from '../../domain/frame/frame.js';
import { METRIC_COUNT, type MetricKey } from '../../domain/metrics/catalog.js';
import type { EvaluationPlan } from '../../domain/params/evaluation-plan.js';
import type { ParamSpace } from '../../domain/params/param-space.js';
import type { OrderLimits } from '../../domain/portfolio/market-limits.js';
import type { PortfolioMode } from '../../domain/portfolio/portfolio-mode.js';
import type { PortfolioSpec } from '../../domain/portfolio/spec.js';
import type { StrategyDefinition } from '../../domain/strategies/strategy.js';
import { sharedFloat64, sharedFrame, type EvaluationPool, type PortfolioJobLeg, type StrategySource, type SymbolJob } from './job.js';
import { rankDone, type SymbolOptimization } from './optimize-symbol.js';
import { precomputeIndicators } from './precompute.js';
import { evaluateJob } from './schedule.js';

export interface PortfolioOptimizationSpec<P extends object> {
  readonly jobId: string;
  /** The symbols of the account, in listed order. */
  readonly frames: readonly OhlcvFrame[];
  readonly def: StrategyDefinition<P>;
  readonly source: StrategySource;
  readonly space: ParamSpace<P>;
  readonly plan: EvaluationPlan;
  readonly portfolio: PortfolioSpec;
  /** Per frame: the exchange's order limits and leverage tiers of that symbol (as `runPortfolioBacktest`'s `limits`). */
  readonly limits?: readonly (OrderLimits | undefined)[];
  readonly mode?: PortfolioMode;
  readonly metric: MetricKey;
  /** Rows already evaluated by an interrupted run (resume): `done[i] = 1` where `rows` holds position i. */
  readonly previous?: { readonly done: Uint8Array; readonly rows: Float64Array };
  /** `--min-trades`: combinations with fewer closed trades rank after all others. */
  readonly minTrades?: number;
}

/** Evaluates every planned combination as one account and ranks them (the result's `symbol` is "portfolio"). */
export async function optimizePortfolio<P extends object>(
  spec: PortfolioOptimizationSpec<P>, pool: EvaluationPool,
  hooks: { readonly signal?: AbortSignal; readonly onProgress?: (done: number) => void } = {},
): Promise<SymbolOptimization> {
  const positions = spec.plan.order.length;
  const legs: PortfolioJobLeg[] = spec.frames.map((f, i) => {
    const frame = sharedFrame(f);
    const limits = spec.limits?.[i];
    return { frame, indicators: precomputeIndicators(frame, spec.def, spec.space, spec.portfolio.market), ...(limits && { limits }) };
  });
  const rows = sharedFloat64(positions * METRIC_COUNT);
  rows.fill(NaN);
  const done = new Uint8Array(positions);
  if (spec.previous) {
    done.set(spec.previous.done);
    rows.set(spec.previous.rows);
  }
  const job: SymbolJob = {
    id: spec.jobId, frame: legs[0].frame, strategy: spec.source, space: spec.space, portfolio: spec.portfolio,
    order: sharedFloat64(positions, spec.plan.order), rows, indicators: legs[0].indicators, portfolioLegs: legs, portfolioMode: spec.mode,
  };
  const outcome = await evaluateJob(job, pool, { done, signal: hooks.signal, onProgress: hooks.onProgress });
  let shared = 0;
  for (const l of legs) shared += Object.keys(l.indicators).length;
  return {
    symbol: 'portfolio', order: job.order, rows, done, completed: outcome.done, interrupted: outcome.interrupted,
    ranking: rankDone(rows, job.order, done, spec.metric, spec.minTrades ?? 0), sharedIndicators: shared,
  };
}
