import { NetworkError } from '../../base/errors.js';
import type { SymbolJob } from '../../orchestration/optimize/job.js';
import { DEFAULT_QUEUE_NAME } from '../pool/queue/queue-keys.js';
import { QueuePool } from '../pool/queue/queue-pool.js';
import { parseRedisUrl } from '../pool/queue/redis-url.js';
import type { RunObserver } from './observer.js';
import { formatCount } from '../../base/format-count.js';

/** `--queue`: run the optimization as a coordinator over a BullMQ queue (docs/distributed.md). */
export interface QueueSettings {
  /** redis://… or rediss://…; default `BACKTESTER_REDIS_URL`. */
  readonly url?: string;
  /** Default `backtester-chunks`. */
  readonly name?: string;
  /** Largest chunk in bar-steps (default 16,000,000). */
  readonly maxChunkBarSteps?: number;
  /** Give up (resumably) when no chunk finishes for this long (default 10 minutes). */
  readonly idleTimeoutMs?: number;
}

/** The coordinator's pool; `lost` aborts when Redis goes away so the run stops and writes a resumable state. */
export async function openQueueRun(s: QueueSettings, runId: string, o: RunObserver, lost: AbortController,
  afterLoss = 'Finished combinations will be written with a resume state.'): Promise<QueuePool> {
  const target = parseRedisUrl(s.url);
  const name = s.name ?? DEFAULT_QUEUE_NAME;
  const pool = await QueuePool.open({
    target, queueName: name, runId, maxChunkBarSteps: s.maxChunkBarSteps, idleTimeoutMs: s.idleTimeoutMs,
    log: { debug: (m) => o.debug(m), note: (m) => o.note(m), warn: (m) => o.warn(m) },
    onLost: (reason) => {
      o.warn(`Stopping: ${reason}. ${afterLoss}`);
      lost.abort(reason);
    },
  });
  return pool;
}

/** Marks positions whose chunks are already stored in Redis for this run (a resumed coordinator) as done. */
export async function mergeStoredChunks(pool: QueuePool, job: Omit<SymbolJob, 'order' | 'rows' | 'indicators'> & { order: Float64Array },
  prev: { done: Uint8Array; rows: Float64Array } | null, rows: Float64Array, o: RunObserver): Promise<{ done: Uint8Array; rows: Float64Array } | null> {
  const done = prev ? Uint8Array.from(prev.done) : new Uint8Array(job.order.length);
  if (prev) rows.set(prev.rows);
  const n = await pool.storedRows({ ...job, rows, indicators: {} }, done);
  if (n === 0) return prev;
  o.note(`Resuming ${job.frame.symbol}: ${formatCount(n)} combinations finished by queue workers after the interruption are taken from Redis`);
  return { done, rows };
}

/** The error of a run stopped because Redis went away (exit code 3): the folder is partial and resumable. */
export function queueLostError(reason: string, finished: number, dir: string): NetworkError {
  return new NetworkError(`Distributed optimization stopped: ${reason}. ${formatCount(finished)} finished combinations were written to ${dir} (marked partial).`, {
    hint: 'Bring Redis and the workers back, then run the same command with --resume to continue without redoing them.',
  });
}
