import type { OhlcvFrame } from '../../domain/frame/frame.js';
import type { ParamSpace } from '../../domain/params/param-space.js';
import type { OrderLimits } from '../../domain/portfolio/market-limits.js';
import type { PortfolioMode } from '../../domain/portfolio/portfolio-mode.js';
import type { PortfolioSpec } from '../../domain/portfolio/spec.js';
import type { StrategyDefinition } from '../../domain/strategies/strategy.js';
import type { StrategyOutput } from '../strategy-signals.js';
import type { ValidationUnit } from '../validate/units.js';

/**
 * Where a worker finds the strategy: a built-in by id, a strategy file by absolute path, or (only
 * in this thread) a definition object a library user passed, which cannot cross a thread boundary.
 */
export type StrategySource =
  | { readonly kind: 'builtin'; readonly id: string }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'inline'; readonly def: StrategyDefinition<any> };

/**
 * The optimization of one symbol as the evaluators see it. Every array is meant to live in a
 * SharedArrayBuffer (see `sharedFloat64`) so that posting the job to a worker copies nothing:
 * the workers read the bars, the plan and the precomputed indicators, and write their rows in place.
 */
export interface SymbolJob {
  /** Unique per run and symbol: workers keep one evaluation context per id. */
  readonly id: string;
  readonly frame: OhlcvFrame;
  readonly strategy: StrategySource;
  readonly space: ParamSpace<any>;
  readonly portfolio: PortfolioSpec;
  /** Grid index of each position (evaluation order). */
  readonly order: Float64Array;
  /** Metrics rows, `order.length × METRIC_COUNT`; row i belongs to position i. */
  readonly rows: Float64Array;
  /** Indicator series computed once for the symbol, by cache key (`SMA(close,20)`, `ATR(14)`). */
  readonly indicators: Readonly<Record<string, Float64Array>>;
  /** Force the generic path (tests compare it with the fast path). */
  readonly generic?: boolean;
  /** Simulate without metrics (benchmark). */
  readonly simOnly?: boolean;
  /**
   * Portfolio optimization (issue 12): every symbol of the one account with its precomputed
   * indicators (`frame` is the first); each combination's row is the account's metrics.
   */
  readonly portfolioLegs?: readonly PortfolioJobLeg[];
  readonly portfolioMode?: PortfolioMode;
  /** Also write per-block return sums of each position (CSCV); see `BlockSumsOutput`. */
  readonly blocks?: BlockSumsOutput;
}

/** One symbol of a portfolio optimization job (posted to the workers with the job: plain data and shared arrays). */
export interface PortfolioJobLeg {
  readonly frame: OhlcvFrame;
  readonly indicators: Readonly<Record<string, Float64Array>>;
  /** The symbol's exchange order limits and leverage tiers (ccxt markets; issue 10 item 5, issue 11). */
  readonly limits?: OrderLimits;
}

/**
 * Per-block sums of each position's per-bar returns (`blockReturnSums`): `bounds` has S+1 bar
 * boundaries; `sums[(i·S + b)·2]` = Σr and `+1` = Σr² of position i in block b (shared memory).
 */
export interface BlockSumsOutput {
  readonly bounds: Float64Array;
  readonly sums: Float64Array;
}

/** A Float64Array on a SharedArrayBuffer (a copy of `src` when given). */
export function sharedFloat64(length: number, src?: ArrayLike<number>): Float64Array {
  const a = new Float64Array(new SharedArrayBuffer(length * Float64Array.BYTES_PER_ELEMENT));
  if (src) a.set(src);
  return a;
}

/** The frame with its columns, and those of its other symbols' frames, copied into SharedArrayBuffers (metadata unchanged). */
export function sharedFrame(frame: OhlcvFrame): OhlcvFrame {
  const n = frame.length;
  const others = frame.informative;
  return {
    ...frame,
    ...(others && { informative: Object.fromEntries(Object.entries(others).map(([s, f]) => [s, sharedFrame(f)])) }),
    time: sharedFloat64(n, frame.time), open: sharedFloat64(n, frame.open), high: sharedFloat64(n, frame.high),
    low: sharedFloat64(n, frame.low), close: sharedFloat64(n, frame.close), volume: sharedFloat64(n, frame.volume),
    ...(frame.funding !== undefined && { funding: sharedFloat64(n, frame.funding) }),
  };
}

/**
 * Runs chunks of symbol jobs: on worker threads (adapters/pool) or in this thread
 * (`InProcessPool`). `run` resolves when rows [start, end) of `job.rows` are written.
 */
export interface EvaluationPool {
  /** Threads that evaluate in parallel. */
  readonly threads: number;
  /**
   * A pool on other processes (the queue): its workers compute the indicators themselves (so the
   * caller need not), and validation units go to it even when it counts one thread.
   */
  readonly remote?: boolean;
  /** Largest chunk in bar-steps (default `MAX_CHUNK_BAR_STEPS`): a remote pool asks for larger chunks to amortise its round trips. */
  readonly maxChunkBarSteps?: number;
  /**
   * Resolves when rows [start, end) of `job.rows` are written. May reject with `ChunkAbandonedError`
   * when the chunk was given up without a result (cancelled, connection lost): the positions then
   * stay not done, like positions never scheduled, and the run ends interrupted (resumable).
   */
  run(job: SymbolJob, start: number, end: number): Promise<void>;
  /** Runs a validation unit (CSCV split range, Monte Carlo path range) on a thread; absent: they run in the calling thread. */
  runUnit?(unit: ValidationUnit): Promise<void>;
  /**
   * A strategy's output for one parameter set, computed on one of the pool's threads, which has the
   * strategy loaded already and watches the call as it watches chunks (`--strategy-timeout`). For
   * a strategy file's best combination: no strategy host thread is started for it. Absent: the
   * caller computes it elsewhere.
   */
  strategyOutput?(request: StrategyOutputRequest): Promise<StrategyOutput>;
  close(): Promise<void>;
}

/** What `EvaluationPool.strategyOutput` computes: `strategy` on every bar of `frame` (warm-up included) with `params`. */
export interface StrategyOutputRequest {
  readonly frame: OhlcvFrame;
  readonly strategy: StrategySource;
  readonly params: object;
  readonly market: 'spot' | 'swap';
}

/** A chunk given up without a result (cancelled or its connection lost): its positions stay to do. */
export class ChunkAbandonedError extends Error {
  readonly abandoned = true;
}
