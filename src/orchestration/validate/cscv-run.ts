import { tradingFrame } from '../../domain/frame/warmup.js';
import { blockBounds } from '../../kernels/stats/block-sums.js';
import { allocCscvSplits, splitMasks, type CscvSplits } from '../../kernels/stats/cscv.js';
import { summarizeCscv, type CscvSummary } from '../../kernels/stats/cscv-summary.js';
import { ChunkAbandonedError, sharedFloat64, type EvaluationPool } from '../optimize/job.js';
import { optimizeSymbol, type SearchOnFrame, type SymbolOptimization } from '../optimize/optimize-symbol.js';
import { runUnits, sharedBytes, type UnitTrace } from './units.js';

export interface CscvSpec<P extends object> extends SearchOnFrame<P> {
  /** S: even, ≥ 2. */
  readonly blocks: number;
  /** Splits per unit of work on the pool (default: about four units per thread). */
  readonly splitChunk?: number;
  /** Tests: where each unit of splits ran (`UnitTrace`). */
  readonly trace?: Int32Array;
}

export interface CscvRun {
  /** The evaluated combinations (grid index by position, metrics rows). */
  readonly opt: SymbolOptimization;
  /** S+1 bar boundaries of the blocks. */
  readonly bounds: Float64Array;
  /** Bars per block. */
  readonly bars: Float64Array;
  /** `(position·S + b)·2` = Σr, `+1` = Σr². */
  readonly sums: Float64Array;
  readonly splits: CscvSplits;
  readonly summary: CscvSummary;
}

/**
 * CSCV over the optimizer's combinations: every combination is simulated once on the worker pool
 * (the optimizer's evaluator, which also writes its per-block return sums), then every split is
 * scored from those sums (`cscvRange`), in ranges of splits on the same pool, each thread reading
 * the shared sums and writing its splits' entries in place. Combinations are in the plan's order
 * (grid order for a grid).
 */
export async function runCscv<P extends object>(spec: CscvSpec<P>, pool: EvaluationPool,
  hooks: { readonly signal?: AbortSignal; readonly onProgress?: (done: number) => void } = {}): Promise<CscvRun> {
  const S = spec.blocks;
  const bounds = sharedFloat64(S + 1, blockBounds(tradingFrame(spec.frame).length, S));
  const sums = sharedFloat64(spec.plan.order.length * S * 2);
  const opt = await optimizeSymbol({
    jobId: spec.jobId, frame: spec.frame, def: spec.def, source: spec.source, space: spec.space, plan: spec.plan,
    portfolio: spec.portfolio, metric: 'sharpe_ratio', blocks: { bounds, sums },
  }, pool, hooks);
  // Stopped (Ctrl-C, a queue that lost Redis): the sums are incomplete, so no split is scored.
  if (opt.interrupted) throw new ChunkAbandonedError('interrupted before every combination was evaluated');
  const bars = new Float64Array(S);
  for (let b = 0; b < S; b++) bars[b] = bounds[b + 1] - bounds[b];
  const splits = await scoreSplits(spec.plan.order.length, bars, sums, pool, spec.splitChunk, spec.trace);
  return { opt, bounds, bars, sums, splits, summary: summarizeCscv(splits) };
}

/** Every split of `cscv`, as units of `chunk` splits on the pool (in this thread when it cannot run units). */
export async function scoreSplits(combos: number, bars: Float64Array, sums: Float64Array, pool: EvaluationPool | null, chunk?: number, trace?: Int32Array): Promise<CscvSplits> {
  const out = allocCscvSplits(splitMasks(bars.length), sharedBytes);
  const unitTrace = (slot: number): UnitTrace | undefined => (trace ? { ids: trace, slot } : undefined);
  await runUnits(pool, out.mask.length, (first, end, slot) => ({ kind: 'cscv', combos, bars, sums, out, first, end, trace: unitTrace(slot) }), chunk);
  return out;
}
