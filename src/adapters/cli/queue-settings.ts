import { UsageError } from '../../base/errors.js';
import type { QueueSettings } from '../api/optimization-queue.js';
import { checkQueueName } from '../pool/queue/queue-keys.js';
import { parseRedisUrl } from '../pool/queue/redis-url.js';
import type { MainOptions } from './program.js';

/**
 * `--queue [url]` and `--queue-name` as the run's queue settings (undefined without --queue). The
 * main command needs --optimize with them; walk-forward and cscv pass `requireOptimize` false.
 */
export function queueSettings(o: Pick<MainOptions, 'queue' | 'queueName'> & { optimize?: boolean }, requireOptimize = true): QueueSettings | undefined {
  if (o.queue === undefined) {
    if (o.queueName !== undefined) throw new UsageError('--queue-name needs --queue.', { hint: 'Add --queue redis://HOST:PORT.' });
    return undefined;
  }
  if (requireOptimize && !o.optimize) throw new UsageError('--queue runs an optimization on queue workers: it needs --optimize.');
  if (o.queueName !== undefined) {
    try {
      checkQueueName(o.queueName);
    } catch {
      throw new UsageError(`--queue-name takes letters, digits, ".", "_" or "-" (no ":"), got "${o.queueName}".`);
    }
  }
  // A bad URL (or none and no BACKTESTER_REDIS_URL) fails now, before any data loads.
  parseRedisUrl(o.queue === true ? undefined : o.queue);
  const idle = Number(process.env.BACKTESTER_QUEUE_IDLE_MS);
  return { url: o.queue === true ? undefined : o.queue, name: o.queueName, idleTimeoutMs: Number.isFinite(idle) && idle > 0 ? idle : undefined };
}
