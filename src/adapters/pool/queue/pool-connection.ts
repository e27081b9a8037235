import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { connectRedis, withTimeout } from './redis-connect.js';
import type { RedisTarget } from './redis-url.js';

/** Each closing step may take this long with Redis up (a lost Redis gets a quarter of it). */
const CLOSE_STEP_MS = 4_000;

/**
 * The coordinator's three Redis clients: its own (data, results), BullMQ's Queue on the same
 * client, and BullMQ's QueueEvents (a blocking XREAD, on a duplicate BullMQ makes).
 */
export class PoolConnection {
  private constructor(readonly redis: Redis, readonly queue: Queue, readonly events: QueueEvents) {}

  /** Connects (a clear error when Redis is unreachable or refuses the password) and starts listening for chunk events. */
  static async open(target: RedisTarget, queueName: string, retries: number): Promise<PoolConnection> {
    const redis = await connectRedis(target, { name: `backtester-coordinator-${process.pid}`, retries });
    const queue = new Queue(queueName, { connection: redis });
    const events = new QueueEvents(queueName, { connection: redis });
    // Connection trouble is judged by RedisWatch; these must only not crash the process.
    queue.on('error', () => {});
    events.on('error', () => {});
    try {
      await withTimeout(events.waitUntilReady(), 10_000, 'QueueEvents did not start');
    } catch (e) {
      await new PoolConnection(redis, queue, events).close(true);
      throw e;
    }
    return new PoolConnection(redis, queue, events);
  }

  /**
   * Closes every client, each step bounded and run whatever the previous one did: a step that
   * fails or times out must not skip the others. (QueueEvents' loop retries a dead connection
   * every 5 s for as long as it is not closed, which kept a coordinator alive after Redis stopped.)
   */
  async close(lost: boolean, before?: () => Promise<unknown>): Promise<void> {
    const ms = lost ? CLOSE_STEP_MS / 4 : CLOSE_STEP_MS;
    if (before && !lost) await withTimeout(before(), ms, 'timed out').catch(() => {});
    // The fallback disconnect is bounded too: on a dead connection it can wait for a close that
    // never comes, and with no timer left Node would end the process with the run unfinished.
    await withTimeout(this.events.close(), ms, 'timed out').catch(() => withTimeout(this.events.disconnect(), ms, 'timed out').catch(() => {}));
    await withTimeout(this.queue.close(), ms, 'timed out').catch(() => {});
    await withTimeout(this.redis.quit(), lost ? 0 : ms, 'timed out').catch(() => {});
    this.redis.disconnect();
  }
}
