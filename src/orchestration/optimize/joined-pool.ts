import { runValidationUnit, type ValidationUnit } from '../validate/units.js';
import { InProcessPool } from './in-process-pool.js';
import type { EvaluationPool, SymbolJob } from './job.js';

/**
 * Worker threads plus this thread: `--workers N` as N − 1 worker threads and the calling thread,
 * which takes a chunk (or a validation unit) whenever it has none, and the worker threads the rest.
 *
 * Why: this thread would only wait while the workers compute, and each worker thread costs a
 * start-up (loading the engine) and a cold start (V8 compiling the evaluator again in that thread)
 * before it computes at full speed. On 2 cores the 1,200-combination grid gets the same two
 * computing threads with one start-up fewer, and this thread's evaluator is warm afterwards for
 * the best combination's single backtest. Only for code this process trusts (built-in
 * strategies): a strategy file runs on worker threads alone, where `--strategy-timeout` and
 * Ctrl-C can stop it.
 *
 * While this thread computes a chunk it cannot hand the workers their next one, so the workers
 * should keep a second chunk queued (PiscinaPool's `queued` option). Rows land by position, so
 * which thread ran a chunk never changes a result.
 */
export class JoinedPool implements EvaluationPool {
  readonly threads: number;
  private readonly here: InProcessPool;
  private busyHere = false;

  constructor(readonly workers: EvaluationPool, here = new InProcessPool()) {
    this.threads = workers.threads + 1;
    this.here = here;
  }

  async run(job: SymbolJob, start: number, end: number): Promise<void> {
    if (this.busyHere) return this.workers.run(job, start, end);
    this.busyHere = true;
    try {
      await this.here.run(job, start, end);
    } finally {
      this.busyHere = false;
    }
  }

  async runUnit(unit: ValidationUnit): Promise<void> {
    if (this.busyHere && this.workers.runUnit) return this.workers.runUnit(unit);
    this.busyHere = true;
    try {
      // As InProcessPool does for chunks: yield first, so progress and Ctrl-C keep working.
      await new Promise<void>((r) => setImmediate(r));
      runValidationUnit(unit);
      if (unit.trace) unit.trace.ids[unit.trace.slot] = 1;
    } finally {
      this.busyHere = false;
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.workers.close(), this.here.close()]);
  }
}
