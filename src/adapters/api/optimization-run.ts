import { discardAllSync, readManifest } from '../output/staged-output.js';
import { InProcessPool, resolveBuiltinOrInline } from '../../orchestration/optimize/in-process-pool.js';
import { JoinedPool } from '../../orchestration/optimize/joined-pool.js';
import type { EvaluationPool, StrategySource } from '../../orchestration/optimize/job.js';
import type { LoadedFrame } from '../../orchestration/ports.js';
import { defaultWorkers, PiscinaPool } from '../pool/piscina-pool.js';
import { loadStrategyFile } from '../strategy/load-strategy-file.js';
import type { RunObserver } from './observer.js';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { ConfigError } from '../../base/errors.js';
import { readRunState, readSymbolState, STATE_FILE, type OptimizationState } from './optimization-state.js';
import { formatCount } from '../../base/format-count.js';
import { DEFAULT_N_ITER } from '../../domain/params/evaluation-plan.js';

/** The index page's note on a partial optimization folder. */
export const PARTIAL_NOTE = 'PARTIAL: the optimization was interrupted; run the same command with --resume to finish it.';

/**
 * What starting the worker threads costs, in work (combinations × bars) one thread does in the
 * same time: each thread loads the engine and V8 compiles the evaluator again in it (the same
 * compiler threads serve every thread, so on 2 cores they take CPU from the computing ones).
 * Measured on this 2-core machine with the guide's 1,200-combination grid, whole CLI processes
 * on alternating runs, one thread against two: a year of 1h (10.5 M bar-steps) 0.51 against
 * 0.53 s (0.72 against 0.87 s of CPU) with the fill loop of before; with flat bars skipped
 * (kernels/sim/fill-loop.ts), a year and a half (15.8 M) 0.55 against 0.58 s, 1.75 years
 * (18.4 M) 0.58 against 0.58 s, two years (21 M) 0.62 against 0.60 s: break-even near 18 M.
 */
export const THREADS_START_COST = 9_000_000;

/**
 * The work below which `threads` threads do not pay off and the optimization runs in this
 * thread: N threads save W − W/N of the work's time, worth it from W·(N − 1)/N above the start
 * cost, i.e. W ≥ THREADS_START_COST·N/(N − 1) (18 M bar-steps on 2 threads, 13.5 M on 3, ~10 M on 8).
 */
export function inProcessBelow(threads: number): number {
  return threads <= 1 ? Infinity : (THREADS_START_COST * threads) / (threads - 1);
}

/**
 * Starts worker threads early, before the data loads, so they boot and warm up meanwhile; null
 * when the job will certainly run in this thread (a strategy object, or one worker).
 */
export function startPool(job: { readonly source: StrategySource }, workers: number | undefined, planned: number): PiscinaPool | null {
  const threads = Math.min(workers ?? defaultWorkers(), planned);
  if (job.source.kind === 'file') return new PiscinaPool(Math.max(1, threads));
  return job.source.kind === 'inline' || threads <= 1 ? null : workerThreadsBesideThisOne(threads);
}

/** The worker threads of a JoinedPool of `threads`: one fewer, each with a second chunk queued. */
function workerThreadsBesideThisOne(threads: number): PiscinaPool {
  return new PiscinaPool(threads - 1, undefined, { queued: true });
}

/**
 * `startPool` as soon as the strategy and the ranges are known, before the optimizer's own code
 * loads: the threads take 0.1–0.2 s to boot, and the second core is mostly idle meanwhile. The
 * largest grid the ranges allow (at most --n-iter for a random search) stands in for the plan (a few constraint-skipped combinations at
 * most leave a thread idle); `--workers` above the cores is lowered as `settleSettings` does. Null
 * where the job starts no threads early (a queue, settings it will refuse: it reports them), or, with
 * `maxBars` (the most bars the command's dates allow, every symbol and the warm-up counted), where
 * the job is too small for threads.
 */
export function startPoolEarly(source: StrategySource, settings: { readonly workers?: number; readonly queue?: unknown; readonly method?: string; readonly nIter?: number },
  ranges: Readonly<Record<string, unknown>>, maxBars?: number): PiscinaPool | null {
  const w = settings.workers;
  if (settings.queue !== undefined || (w !== undefined && !(Number.isInteger(w) && w >= 1))) return null;
  const lists = Object.values(ranges);
  if (lists.length === 0 || !lists.every((l) => Array.isArray(l) && l.length > 0)) return null;
  const grid = lists.reduce((n: number, l) => n * (l as unknown[]).length, 1);
  // A random search tries at most --n-iter combinations: no more threads than that.
  const n = settings.method === 'random' ? Math.min(grid, settings.nIter ?? DEFAULT_N_ITER) : grid;
  const threads = Math.min(w ?? defaultWorkers(), availableParallelism());
  // A built-in strategy's job too small for threads even at the most bars its dates allow runs in
  // this thread (openPool decides so once the data is in): no thread to start and close unused.
  if (source.kind !== 'file' && maxBars !== undefined && n * maxBars < inProcessBelow(Math.min(threads, n))) return null;
  return startPool({ source }, threads, n);
}

/**
 * The pool for the job once the data is known: for a strategy file, worker threads alone (the
 * `started` ones when given); for a built-in strategy, this thread and N − 1 worker threads
 * (`JoinedPool`: one thread start-up fewer); this thread alone for small jobs, where starting
 * threads costs more than it saves (then `started` is closed).
 */
export async function openPool(
  job: { readonly source: StrategySource; readonly inProcessBelow?: number },
  workers: number | undefined, planned: number, frames: readonly LoadedFrame[], started: PiscinaPool | null = null,
  interrupt?: AbortSignal,
): Promise<{ pool: EvaluationPool; description: string }> {
  const threads = Math.min(workers ?? defaultWorkers(), planned);
  const work = planned * frames.reduce((s, l) => s + l.frame.length, 0);
  const below = job.inProcessBelow ?? inProcessBelow(threads);
  // A strategy file always runs in a worker thread, even with --workers 1 (issue 8: Ctrl-C and
  // --strategy-timeout must stop it); only built-in and inline strategies run in this thread.
  if (job.source.kind === 'inline' || (job.source.kind !== 'file' && (threads <= 1 || work < below))) {
    await started?.close();
    const why = job.source.kind === 'inline' ? 'a strategy object cannot be sent to worker threads (pass a strategy file path to use every core)'
      : threads <= 1 ? 'one worker' : `small job (${formatCount(work)} bar-steps < ${formatCount(below)})`;
    return { pool: new InProcessPool(async (s) => (s.kind === 'file' ? loadStrategyFile(s.path) : resolveBuiltinOrInline(s))), description: `this thread: ${why}` };
  }
  if (job.source.kind !== 'file') {
    const workersBeside = started ?? workerThreadsBesideThisOne(threads);
    const pool = new JoinedPool(workersBeside);
    const n = workersBeside.threads; // the threads started early may be more than this plan uses
    return { pool, description: `this thread and ${n} worker thread${n === 1 ? '' : 's'}` };
  }
  const pool = started ?? new PiscinaPool(Math.max(1, threads));
  // Ctrl-C: chunks still running shortly after are abandoned (an endless strategy loop included).
  if (interrupt) pool.abandonOn(interrupt);
  const n = pool.threads; // the threads started early may be more than this plan uses
  return { pool, description: n === 1 ? '1 worker thread (strategy files always run in a worker thread)' : `${n} worker threads` };
}

/** Aborts on the caller's signal and, when asked, on SIGINT/SIGTERM (a second signal exits at once with 130). */
export function interruptControl(external: AbortSignal | undefined, handleSignals: boolean, o: RunObserver): { signal: AbortSignal; dispose(): void } {
  const ctl = new AbortController();
  const onExternal = () => ctl.abort();
  if (external?.aborted) ctl.abort();
  else external?.addEventListener('abort', onExternal, { once: true });
  const handlers: [NodeJS.Signals, () => void][] = [];
  if (handleSignals) {
    for (const sig of ['SIGINT', 'SIGTERM'] as const) {
      const h = () => {
        if (ctl.signal.aborted) {
          discardAllSync();
          process.exit(130);
        }
        o.warn(`${sig}: stopping after the combinations in progress; finished ones will be written (press Ctrl-C again to quit at once).`);
        ctl.abort();
      };
      process.on(sig, h);
      handlers.push([sig, h]);
    }
  }
  return {
    signal: ctl.signal,
    dispose() {
      external?.removeEventListener('abort', onExternal);
      for (const [sig, h] of handlers) process.off(sig, h);
    },
  };
}

/** The resume state of a partial run in `dir`, or null (with a warning) when there is nothing to resume. */
export async function previousRun(dir: string, o: RunObserver): Promise<OptimizationState | null> {
  const manifest = await readManifest(dir);
  const state = await readRunState(dir, (why) => o.warn(`--resume: the saved state ${join(dir, STATE_FILE)} is not used: ${why}; recomputing every combination.`));
  if (manifest?.kind === 'optimization' && manifest.partial === true && state) return state;
  o.warn(manifest?.kind === 'optimization' && manifest.partial !== true
    ? `--resume: the optimization in ${dir} is complete; nothing to resume, running it again.`
    : `--resume: no interrupted optimization in ${dir}; starting from the beginning.`);
  return null;
}

/** Refuses to resume a partial run that was made with other settings, ranges or data (its fingerprint differs). */
export function assertSameRun(previous: OptimizationState | null, fingerprint: string, dir: string): void {
  if (previous && previous.fingerprint !== fingerprint) {
    throw new ConfigError(`Cannot resume the optimization in ${dir}: it was run with other settings, ranges or data.`, {
      hint: 'Resume with exactly the same command (and data), or run without --resume to start over.',
    });
  }
}

/**
 * The finished rows an interrupted run saved in `dir` (null when none or not usable, with a
 * warning naming `symbol`), and a note saying how many are done and how many remain
 * (`symbol.inNote`: name the symbol there too, for runs over several).
 */
export async function resumedRows(dir: string, planned: number, o: RunObserver, symbol?: { readonly name: string; readonly inNote: boolean }): Promise<{ done: Uint8Array; rows: Float64Array } | null> {
  const prev = await readSymbolState(dir, planned, (why) => o.warn(`--resume: the saved rows${symbol ? ` of ${symbol.name}` : ''} are not used: ${why}; recomputing them.`));
  if (prev) {
    const done = prev.done.reduce((s, x) => s + x, 0);
    o.note(`Resuming${symbol?.inNote ? ` ${symbol.name}` : ''}: ${formatCount(done)} of ${formatCount(planned)} combinations already done, ${formatCount(planned - done)} remaining`);
  }
  return prev;
}
