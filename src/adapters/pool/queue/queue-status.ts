import { Queue } from 'bullmq';
import { UsageError } from '../../../base/errors.js';
import { BULL_PREFIX, keys } from './queue-keys.js';
import { connectRedis, withTimeout } from './redis-connect.js';
import type { RedisTarget } from './redis-url.js';
import { liveWorkers, type WorkerInfo } from './worker-registry.js';
import { formatCount } from '../../../base/format-count.js';

export interface QueueStatus {
  readonly queue: string;
  readonly counts: Readonly<Record<string, number>>;
  readonly workers: readonly WorkerInfo[];
  readonly active: readonly { id: string; name: string; detail: string }[];
  readonly failed: readonly { id: string; reason: string }[];
}

/** Queue names known in this Redis (BullMQ meta keys, bounded SCAN), sorted. */
async function knownQueues(redis: import('ioredis').Redis): Promise<string[]> {
  const names = new Set<string>();
  let cursor = '0';
  for (let round = 0; round < 100; round++) {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${BULL_PREFIX}:*:meta`, 'COUNT', 500);
    for (const k of batch) names.add(k.slice(BULL_PREFIX.length + 1, -':meta'.length));
    cursor = next;
    if (cursor === '0') break;
  }
  return [...names].sort();
}

/** Counts, live workers, running and failed (latest 20) chunks of a queue; an unknown queue is an error naming the known ones. */
export async function queueStatus(target: RedisTarget, name: string): Promise<QueueStatus> {
  const redis = await connectRedis(target, { name: `backtester-status-${process.pid}`, retries: 0 });
  try {
    const workers = await liveWorkers(redis, name);
    if ((await redis.exists(keys.bullMeta(name))) === 0 && workers.length === 0) {
      const known = await knownQueues(redis);
      throw new UsageError(`No queue named "${name}" at ${target.display}.`, {
        hint: known.length > 0 ? `Known queues: ${known.join(', ')} (pass --queue-name).` : 'No queue has been used there yet: start a worker or a coordinator first.',
      });
    }
    const queue = new Queue(name, { connection: redis });
    queue.on('error', () => {});
    try {
      const counts = await withTimeout(queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'), 10_000, 'status timed out');
      const active = (await queue.getJobs(['active'], 0, 49)).map((j) => ({ id: String(j.id), name: j.name, detail: j.name === 'unit' ? String(j.data?.label ?? '?') : `${j.data?.symbol ?? '?'} positions ${j.data?.start}–${j.data?.end}` }));
      const failed = (await queue.getJobs(['failed'], 0, 19)).map((j) => ({ id: String(j.id), reason: j.failedReason ?? '' }));
      return { queue: name, counts, workers, active, failed };
    } finally {
      await queue.close();
    }
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}

/** The status as the command prints it. */
export function formatQueueStatus(s: QueueStatus, display: string): string {
  const c = s.counts;
  const lines = [
    `Queue "${s.queue}" at ${display}`,
    `  waiting ${c.waiting ?? 0}, active ${c.active ?? 0}, delayed ${c.delayed ?? 0}, prioritized ${c.prioritized ?? 0}, failed ${c.failed ?? 0}, completed (kept) ${c.completed ?? 0}`,
    `Workers: ${s.workers.length}${s.workers.length ? '' : ' (none connected)'}`,
    ...s.workers.map((w) => `  ${w.id}: ${w.threads} threads, backtester ${w.version}, ${w.chunks} chunks / ${formatCount(w.combinations)} combinations since ${w.started}`),
  ];
  if (s.active.length) lines.push('Active:', ...s.active.map((a) => `  ${a.id}: ${a.detail}`));
  if (s.failed.length) lines.push('Failed (latest):', ...s.failed.map((f) => `  ${f.id}: ${f.reason}`));
  return `${lines.join('\n')}\n`;
}
