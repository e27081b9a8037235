import { runUnitInThisThread, type ValidationUnit } from '../validate/units.js';
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
  private busyHere = false;
  private readonly waitingUnits: { readonly unit: ValidationUnit; readonly resolve: () => void; readonly reject: (e: unknown) => void }[] = [];
  private unitsOnWorkers = 0;

  constructor(readonly workers: EvaluationPool, private readonly here = new InProcessPool()) {
    this.threads = workers.threads + 1;
  }

  async run(job: SymbolJob, start: number, end: number): Promise<void> {
    if (this.busyHere) return this.workers.run(job, start, end);
    this.busyHere = true;
    try {
      await this.here.run(job, start, end);
    } finally {
      this.busyHere = false;
      this.dispatchUnits();
    }
  }

  /**
   * Validation units arrive all at once (`runUnits`), so they wait here and go to whichever side
   * frees first: this thread one at a time, the worker threads two per thread (one running, one
   * queued), as chunks do through the scheduler.
   */
  runUnit(unit: ValidationUnit): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waitingUnits.push({ unit, resolve, reject });
      this.dispatchUnits();
    });
  }

  private dispatchUnits(): void {
    while (this.waitingUnits.length > 0) {
      if (!this.busyHere) {
        const w = this.waitingUnits.shift()!;
        this.runUnitHere(w.unit).then(w.resolve, w.reject);
      } else if (this.workers.runUnit && this.unitsOnWorkers < 2 * this.workers.threads) {
        const w = this.waitingUnits.shift()!;
        this.unitsOnWorkers++;
        this.workers.runUnit(w.unit).then(w.resolve, w.reject).finally(() => {
          this.unitsOnWorkers--;
          this.dispatchUnits();
        });
      } else {
        return;
      }
    }
  }

  private async runUnitHere(unit: ValidationUnit): Promise<void> {
    this.busyHere = true;
    try {
      // As InProcessPool does for chunks: yield first, so progress and Ctrl-C keep working.
      await new Promise<void>((r) => setImmediate(r));
      runUnitInThisThread(unit);
    } finally {
      this.busyHere = false;
      this.dispatchUnits();
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.workers.close(), this.here.close()]);
  }
}
