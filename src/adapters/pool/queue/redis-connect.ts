import { Redis, type RedisOptions } from 'ioredis';
import { NetworkError, UsageError } from '../../../base/errors.js';
import type { RedisTarget } from './redis-url.js';

/** How long one connection attempt may take. */
export const CONNECT_TIMEOUT_MS = 5_000;

export interface ConnectSettings {
  /** Shown in `CLIENT LIST` and dashboards (`backtester:worker:host:pid`). */
  readonly name: string;
  /**
   * Reconnection attempts after a lost connection before giving up (then the client ends and
   * `onEnd` fires). Workers retry for ever (Redis restarts are survived); the coordinator gives up.
   */
  readonly retries: number;
}

/** ioredis options for a target: TLS for rediss://, password from the URL, bounded connect and retry delays. */
export function redisOptions(t: RedisTarget, s: ConnectSettings): RedisOptions {
  return {
    host: t.host, port: t.port, db: t.db, username: t.username, password: t.password, tls: t.tls ? {} : undefined,
    connectionName: s.name, lazyConnect: true, connectTimeout: CONNECT_TIMEOUT_MS,
    // BullMQ needs blocking commands to wait for a reconnect rather than fail.
    maxRetriesPerRequest: null,
    retryStrategy: (times: number) => (times > s.retries ? null : Math.min(250 * times, 5_000)),
  };
}

/**
 * Connects and pings once (bounded by the connect timeout), so a wrong URL or password fails here
 * with a clear message instead of inside a queue operation. The password never appears in it.
 */
export async function connectRedis(t: RedisTarget, s: ConnectSettings): Promise<Redis> {
  const client = new Redis(redisOptions(t, { ...s, retries: 0 }));
  let last: Error | null = null;
  client.on('error', (e: Error) => {
    last = e;
  });
  try {
    await client.connect();
    await withTimeout(client.ping(), CONNECT_TIMEOUT_MS, 'PING timed out');
  } catch (e) {
    client.disconnect();
    throw redisFailure(t, last ?? e);
  }
  // From now on reconnect as the role asks (a one-shot ping used retries 0).
  client.options.retryStrategy = redisOptions(t, s).retryStrategy;
  return client;
}

/** The user-facing error for a Redis failure: unreachable (exit 3) or refused credentials (exit 2). */
export function redisFailure(t: RedisTarget, e: unknown): Error {
  const msg = e instanceof Error ? e.message : String(e);
  if (/WRONGPASS|NOAUTH|invalid password|AUTH/i.test(msg)) {
    return new UsageError(`Redis at ${t.display} refused the credentials (${msg.split(' ')[0]}).`, {
      hint: 'Check the password in the URL (redis://:PASSWORD@HOST:PORT) or in BACKTESTER_REDIS_URL.',
    });
  }
  return new NetworkError(`Cannot reach Redis at ${t.display}: ${msg}.`, {
    hint: 'Start Redis (redis-server) or fix the host and port; see docs/distributed.md.', cause: e,
  });
}

/** `p`, or a rejection after `ms` (every network wait in the queue code is bounded). */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(what)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}
