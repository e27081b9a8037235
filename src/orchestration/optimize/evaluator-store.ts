import type { IndicatorCache, StrategyRuntime } from '../../domain/strategies/strategy.js';
import type { CallWatch } from '../strategy-call-watch.js';
import { SymbolEvaluator } from './evaluator.js';
import { PortfolioEvaluator } from './portfolio-evaluator.js';

/** What a thread runs for a job's chunks: one symbol, or one account over several (portfolio). */
export interface Evaluator {
  /** With `watch`, each strategy call publishes its start there (see strategy-call-watch.ts). */
  evaluate(order: ArrayLike<number>, start: number, end: number, rows: Float64Array, watch?: CallWatch | null): void;
}
import type { SymbolJob } from './job.js';

/** Bytes of indicator series a thread may memoise beyond the shared ones before it starts over. */
export const THREAD_CACHE_BYTES = 128 * 1024 * 1024;

/**
 * The indicator cache of one thread for one symbol: the series precomputed for the symbol (shared
 * memory, never dropped) plus the thread's own memo for anything else (e.g. `ATR(14)*2.5`), which
 * is cleared when it outgrows its budget so memory stays flat on wide random searches. Dropping a
 * memoised series never changes a result: it is recomputed by the same function from the same bars.
 */
export class ThreadIndicatorCache implements IndicatorCache {
  private readonly own = new Map<string, Float64Array>();
  private bytes = 0;

  constructor(private readonly pinned: Readonly<Record<string, Float64Array>>, private readonly budget = THREAD_CACHE_BYTES) {}

  get(key: string, compute: () => Float64Array): Float64Array {
    const p = Object.prototype.hasOwnProperty.call(this.pinned, key) ? this.pinned[key] : undefined;
    if (p !== undefined) return p;
    let s = this.own.get(key);
    if (s === undefined) {
      s = compute();
      if (this.bytes + s.byteLength > this.budget) {
        this.own.clear();
        this.bytes = 0;
      }
      this.own.set(key, s);
      this.bytes += s.byteLength;
    }
    return s;
  }

  /** Series memoised by this thread (not counting the shared ones). */
  get size(): number {
    return this.own.size;
  }
}

/**
 * Evaluators by job id, so a thread builds a symbol's context (buffers, cache) once and reuses it
 * for every chunk of that symbol. Keeps the most recent few; older ones are dropped.
 */
export class EvaluatorStore {
  private readonly byId = new Map<string, Evaluator>();

  constructor(private readonly keep = 2) {}

  get(job: SymbolJob, def: StrategyRuntime<any>): Evaluator {
    let e = this.byId.get(job.id);
    if (e !== undefined) return e;
    if (job.portfolioLegs !== undefined) {
      e = new PortfolioEvaluator({ legs: job.portfolioLegs.map((l) => ({ frame: l.frame, cache: new ThreadIndicatorCache(l.indicators), ...(l.limits && { limits: l.limits }) })),
        def, space: job.space, portfolio: job.portfolio, mode: job.portfolioMode, fastPath: !job.generic });
    } else {
      e = new SymbolEvaluator({
        frame: job.frame, def, space: job.space, portfolio: job.portfolio,
        cache: new ThreadIndicatorCache(job.indicators), fastPath: !job.generic, simOnly: job.simOnly, blocks: job.blocks,
      });
    }
    this.byId.set(job.id, e);
    while (this.byId.size > this.keep) this.byId.delete(this.byId.keys().next().value as string);
    return e;
  }
}
