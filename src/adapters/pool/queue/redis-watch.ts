import type { Redis } from 'ioredis';
import { withTimeout } from './redis-connect.js';

/** A coordinator stops when Redis has not answered for about this long (docs/distributed.md, Faults). */
export const LOST_AFTER_MS = 15_000;
/** One PING every this often while the run lasts. */
export const PING_EVERY_MS = 2_500;

export interface RedisWatchOptions {
  /** How the target is shown (password masked). */
  readonly display: string;
  /** True while Redis still holds the run (its marker key): false after a restart that lost the queue. */
  readonly stillThere: () => Promise<boolean>;
  /** Called at most once, with the reason. */
  readonly lost: (reason: string) => void;
  readonly lostAfterMs?: number;
  readonly pingEveryMs?: number;
}

/**
 * Decides, within a bounded time, that the coordinator's Redis is gone: the client gave up
 * reconnecting ('end'); or it reconnected to a Redis that lost the run (restarted empty); or
 * PINGs stopped being answered for `lostAfterMs` (a frozen server or a silent network, where the
 * socket stays open and no event ever fires: with `maxRetriesPerRequest: null`, which BullMQ needs,
 * every command would otherwise wait for ever).
 */
export class RedisWatch {
  private timer: NodeJS.Timeout | null = null;
  private lastAnswer = Date.now();
  private pinging = false;
  private readonly onEnd: () => void;
  private readonly onReady: () => void;

  constructor(private readonly redis: Redis, private readonly o: RedisWatchOptions) {
    this.onEnd = () => o.lost(`lost the connection to Redis at ${o.display} (it did not come back within the reconnection attempts)`);
    this.onReady = () => {
      void o.stillThere().then((there) => {
        if (!there) o.lost(`Redis at ${o.display} restarted and lost the queued chunks`);
      }, () => {});
    };
  }

  start(): void {
    this.redis.on('end', this.onEnd);
    this.redis.on('ready', this.onReady);
    const every = this.o.pingEveryMs ?? PING_EVERY_MS;
    const limit = this.o.lostAfterMs ?? LOST_AFTER_MS;
    this.lastAnswer = Date.now();
    let lastTick = Date.now();
    this.timer = setInterval(() => {
      const now = Date.now();
      // This process was busy (a long synchronous step): answers may be waiting unread, so judge afresh.
      if (now - lastTick > 2 * every) this.lastAnswer = now;
      lastTick = now;
      const silent = now - this.lastAnswer;
      if (silent > limit) {
        this.o.lost(`Redis at ${this.o.display} did not answer for ${Math.round(silent / 1000)} s`);
        return;
      }
      if (this.pinging) return;
      this.pinging = true;
      withTimeout(this.redis.ping(), limit, 'PING timed out').then(() => {
        this.lastAnswer = Date.now();
      }, () => {}).finally(() => {
        this.pinging = false;
      });
    }, every);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.redis.off('end', this.onEnd);
    this.redis.off('ready', this.onReady);
  }
}
