import { StrategyError } from '../../base/errors.js';
import { findBuiltinRuntime } from '../../domain/strategies/builtin-runtimes.js';
import type { StrategyRuntime } from '../../domain/strategies/strategy.js';
import { EvaluatorStore } from './evaluator-store.js';
import type { EvaluationPool, StrategySource, SymbolJob } from './job.js';

/** Finds the definition behind a `StrategySource` (files need the adapters' loader). */
export type StrategyResolver = (source: StrategySource) => Promise<StrategyRuntime<any>>;

/** Resolves built-in and inline strategies; strategy files need a resolver from the adapters. */
export const resolveBuiltinOrInline: StrategyResolver = async (source) => {
  if (source.kind === 'inline') return source.def;
  if (source.kind === 'builtin') {
    const def = findBuiltinRuntime(source.id);
    if (def) return def;
  }
  throw new StrategyError('STRATEGY_UNKNOWN', `Cannot load strategy ${JSON.stringify(source)} here.`, {
    hint: 'Pass a built-in strategy id or a strategy file path.',
  });
};

/**
 * Evaluates chunks in this thread, one at a time, yielding to the event loop before each chunk so
 * that progress, Ctrl-C and timers keep working. Used for small jobs (where starting threads
 * costs more than it saves), with `--workers 1`, and for strategy objects that cannot be sent to
 * a worker.
 */
export class InProcessPool implements EvaluationPool {
  readonly threads = 1;
  private store = new EvaluatorStore();
  private readonly defs = new Map<string, Promise<StrategyRuntime<any>>>();

  constructor(private readonly resolve: StrategyResolver = resolveBuiltinOrInline) {}

  async run(job: SymbolJob, start: number, end: number): Promise<void> {
    await new Promise<void>((r) => setImmediate(r));
    let def = this.defs.get(job.id);
    if (def === undefined) {
      def = this.resolve(job.strategy);
      this.defs.set(job.id, def);
    }
    this.store.get(job, await def).evaluate(job.order, start, end, job.rows);
  }

  /** Drops the evaluators (simulation buffers, indicator memo: up to 128 MB each) with the strategies. */
  async close(): Promise<void> {
    this.defs.clear();
    this.store = new EvaluatorStore();
  }
}
