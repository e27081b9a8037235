import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { ChunkAbandonedError, type EvaluationPool, type StrategyOutputRequest, type SymbolJob } from '../../orchestration/optimize/job.js';
import type { StrategyOutput } from '../../orchestration/strategy-signals.js';
import { threadEndedError } from '../strategy/strategy-host.js';
import type { ValidationUnit } from '../../orchestration/validate/units.js';
import { reviveError, type ChunkResult, type ChunkTask, type OutputResult, type OutputTask, type TableResult, type TableTask, type UnitTask } from './chunk-task.js';
import type { OptimizationTableOutputs, WrittenTable } from '../api/optimization-table.js';
import { ChunkWatchdog, type WatchedChunk, type WatchedWork } from './chunk-watchdog.js';
import { bundleUrl } from '../fs/bundle-location.js';

/**
 * The worker entry next to this module: from dist (the CLI), the CommonJS entry that imports the
 * ES module worker (see optimize-worker-entry.cts); from sources (tests, `tsx`), the `.ts` worker
 * with tsx's loader; from the bundle (dist/bundle/), the bundled worker.
 */
export function workerEntry(): { filename: string; execArgv: string[] } {
  // The bundled CLI starts the bundled worker (one file to load instead of ~100 modules).
  const bundle = bundleUrl();
  if (bundle) return { filename: new URL('./optimize-worker-entry.cjs', bundle).href, execArgv: [] };
  const here = import.meta.url;
  // From sources, tsx compiles the .ts worker to CommonJS for piscina's require(): no require(esm).
  if (here.endsWith('.ts')) return { filename: new URL('./optimize-worker.ts', here).href, execArgv: ['--import', 'tsx'] };
  return { filename: new URL('./optimize-worker-entry.cjs', here).href, execArgv: [] };
}

/** Default thread count: every core (`os.availableParallelism()`). */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

/** How long chunks in flight may still finish after an interrupt before their threads are stopped. */
export const INTERRUPT_GRACE_MS = 100;

/**
 * Worker threads over piscina. Threads start at once (so the first chunks do not wait for a
 * spawn) and share the bars, plans, indicators and rows through SharedArrayBuffers: a task
 * message carries only views, never copies of the data.
 *
 * Strategy code runs on these threads, so the main thread stays free: a chunk whose strategy call
 * runs longer than `--strategy-timeout` is aborted (piscina stops its thread, a new one takes its
 * place), an interrupt abandons the chunks still running after a short grace, and a thread that
 * ends or fails becomes a StrategyError, never an unhandled 'error' event.
 */
export class PiscinaPool implements EvaluationPool {
  readonly threads: number;
  private readonly piscina: Piscina<ChunkTask | UnitTask | OutputTask | TableTask, ChunkResult | OutputResult | TableResult>;
  private readonly watchdog: ChunkWatchdog;
  private idleFailure: Error | null = null;
  private closed: Promise<void> | null = null;

  /**
   * `entry`: another worker file (the bench times the bundled worker from dist/). `queued`: each
   * thread holds a second task while it computes one, so it goes on without waiting for the main
   * thread to hand it the next (for a main thread that computes chunks too: JoinedPool).
   */
  constructor(threads: number, entry = workerEntry(), options: { readonly queued?: boolean } = {}) {
    this.threads = Math.max(1, Math.floor(threads));
    this.piscina = new Piscina<ChunkTask | UnitTask | OutputTask | TableTask, ChunkResult | OutputResult | TableResult>({
      filename: entry.filename, execArgv: entry.execArgv,
      minThreads: this.threads, maxThreads: this.threads, idleTimeout: 60_000,
      ...(options.queued && { concurrentTasksPerWorker: 2 }),
    });
    // A thread that fails between tasks (strategy code outside its calls): fail the next chunk.
    this.piscina.on('error', (e: Error) => {
      this.idleFailure ??= e;
    });
    this.watchdog = new ChunkWatchdog(this.threads * 4);
  }

  async run(job: SymbolJob, start: number, end: number): Promise<void> {
    const r = await this.runWatched(job, true, (watch) => ({ job, start, end, ...watch }));
    if (!r.ok) throw reviveError(r.error);
  }

  /**
   * The strategy's output for one parameter set on a pool thread (the strategy is loaded there
   * already), watched like a chunk (`--strategy-timeout`); an interrupt does not abandon it.
   */
  async strategyOutput(request: StrategyOutputRequest): Promise<StrategyOutput> {
    const r = await this.runWatched(request, false, (watch) => ({ output: request, ...watch })) as OutputResult;
    if (!r.ok) throw reviveError(r.error);
    return r.output;
  }

  /** Runs a task of `work` on a thread; a strategy file's task is watched (built-ins are trusted code). */
  private async runWatched(work: WatchedWork, abandonable: boolean,
    task: (watch: { watch?: Float64Array; slot?: number }) => ChunkTask | OutputTask): Promise<ChunkResult | OutputResult> {
    if (this.idleFailure) throw failureOf(work, this.idleFailure);
    const w = work.strategy.kind === 'file' ? this.watchdog.begin(work, abandonable) : null;
    try {
      return await this.piscina.run(task(w ? { watch: this.watchdog.watch, slot: w.slot } : {}), w ? { signal: w.abort.signal } : {});
    } catch (e) {
      throw w?.timedOut ?? (w?.abort.signal.aborted ? w.abort.signal.reason : failureOf(work, e));
    } finally {
      this.watchdog.end(w);
    }
  }

  /** Writes a symbol's optimization results table and pages on a thread (writers only, no strategy code: not watched). */
  async writeOptimizationTable(table: OptimizationTableOutputs): Promise<WrittenTable> {
    if (this.idleFailure) throw this.idleFailure;
    const r = await this.piscina.run({ table }) as TableResult;
    if (!r.ok) throw reviveError(r.error);
    return r.written;
  }

  /** Runs a validation unit on a thread (no strategy code: not watched). */
  async runUnit(unit: ValidationUnit): Promise<void> {
    if (this.idleFailure) throw this.idleFailure;
    const r = await this.piscina.run({ unit });
    if (!r.ok) throw reviveError(r.error);
  }

  /** When `signal` aborts, chunks of strategy files still running after `graceMs` are abandoned (their threads stopped). */
  abandonOn(signal: AbortSignal, graceMs = INTERRUPT_GRACE_MS): void {
    signal.addEventListener('abort', () => {
      setTimeout(() => {
        for (const c of this.watchdog.chunks()) if (c.abandonable) abandon(c);
      }, graceMs).unref();
    }, { once: true });
  }

  /** Stops the threads (tasks still running fail); a second call waits for the first. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      this.watchdog.stop();
      await this.piscina.destroy();
    })();
    return this.closed;
  }
}

function abandon(c: WatchedChunk): void {
  if (!c.abort.signal.aborted) c.abort.abort(new ChunkAbandonedError('interrupted'));
}

/** A thread's failure as the user should read it: a strategy error when a strategy file ran there. */
function failureOf(job: Pick<SymbolJob, 'strategy'>, e: unknown): Error {
  const err = e instanceof Error ? e : new Error(String(e));
  if (job.strategy.kind !== 'file') return Object.assign(new Error(`A worker thread failed: ${err.message}`), { cause: err });
  return Object.assign(threadEndedError(job.strategy.path, err.message), { cause: err });
}
