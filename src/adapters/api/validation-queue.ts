import { InterruptedError, NetworkError } from '../../base/errors.js';
import { ChunkAbandonedError } from '../../orchestration/optimize/job.js';
import type { QueuePool } from '../pool/queue/queue-pool.js';
import type { RunObserver } from './observer.js';
import { openQueueRun, type QueueSettings } from './optimization-queue.js';
import { interruptControl } from './optimization-run.js';

/**
 * Runs a validation's work (walk-forward folds, CSCV combinations and splits, Monte Carlo paths)
 * on queue workers: `body` gets the queue pool and a stop signal. Validations keep no partial
 * state, so a stop writes nothing: Redis lost → NetworkError (exit 3); Ctrl-C (with
 * `handleSignals`) → this run's queued chunks and units are removed, InterruptedError (exit 130). Chunks finished before a stop stay in Redis
 * under the run's fingerprint and are taken from there by the same command run again (when the
 * chunking is the same, i.e. the same worker threads are connected). The pool is always closed.
 */
export async function runOnQueue<T>(s: QueueSettings, runId: string, what: string, o: RunObserver, handleSignals: boolean,
  body: (pool: QueuePool, signal: AbortSignal) => Promise<T>): Promise<T> {
  const lost = new AbortController();
  const stop = interruptControl(lost.signal, handleSignals, o);
  let pool: QueuePool | null = null;
  try {
    pool = await openQueueRun(s, runId, o, lost, 'Nothing will be written; chunks finished so far stay in Redis for the same command run again.');
    const p = pool;
    stop.signal.addEventListener('abort', () => void p.cancelQueued().then((n) => n > 0 && o.note(`Removed ${n} queued chunks of this run from the queue`)), { once: true });
    let value: T | undefined;
    try {
      value = await body(p, stop.signal);
    } catch (e) {
      // Validation units abandoned by the stop (cancelled, Redis lost) end the body early: the stop is reported below.
      if (!(e instanceof ChunkAbandonedError && (lost.signal.aborted || stop.signal.aborted))) throw e;
    }
    if (lost.signal.aborted) {
      throw new NetworkError(`${what} stopped: ${String(lost.signal.reason)}. Nothing was written (${what.toLowerCase()} keeps no partial results).`, {
        hint: 'Bring Redis and the workers back, then run the same command again: chunks finished before the stop are taken from Redis.',
      });
    }
    if (stop.signal.aborted) {
      throw new InterruptedError(`${what} interrupted: nothing was written; this run's queued chunks were removed from the queue.`, { hint: 'Run the same command again to start over.' });
    }
    for (const line of p.workerRates()) o.debug(line);
    await p.clearStored();
    return value as T;
  } finally {
    stop.dispose();
    await pool?.close();
  }
}
