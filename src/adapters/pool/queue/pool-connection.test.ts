/**
 * PoolConnection.close ends whatever its clients do: every step is bounded, the fallback
 * disconnect of QueueEvents included (on a dead connection it can wait for ever, and a promise
 * nobody settles lets Node end a run unfinished).
 */
import { describe, expect, it } from 'vitest';
import { PoolConnection } from './pool-connection.js';

const never = () => new Promise<never>(() => {});

/** A connection whose clients are stand-ins recording what was called. */
function connection(events: { close: () => Promise<unknown>; disconnect: () => Promise<unknown> }) {
  const calls: string[] = [];
  const track = <T>(name: string, f: () => T) => () => { calls.push(name); return f(); };
  const redis = { quit: track('redis.quit', never), disconnect: track('redis.disconnect', () => undefined) };
  const queue = { close: track('queue.close', never) };
  const ev = { close: track('events.close', events.close), disconnect: track('events.disconnect', events.disconnect) };
  const Ctor = PoolConnection as unknown as new (r: unknown, q: unknown, e: unknown) => PoolConnection;
  return { conn: new Ctor(redis, queue, ev), calls };
}

describe('PoolConnection.close on a dead connection', () => {
  it('returns after bounded steps when QueueEvents neither closes nor disconnects', async () => {
    const { conn, calls } = connection({ close: never, disconnect: never });
    const t0 = Date.now();
    await conn.close(true);
    // lost: each step waits at most 1 s (events.close, events.disconnect, queue.close), quit not at all.
    expect(Date.now() - t0).toBeLessThan(3_500);
    expect(calls).toEqual(['events.close', 'events.disconnect', 'queue.close', 'redis.quit', 'redis.disconnect']);
  }, 10_000);

  it('does not disconnect QueueEvents when it closes', async () => {
    const { conn, calls } = connection({ close: async () => undefined, disconnect: never });
    await conn.close(true);
    expect(calls).toEqual(['events.close', 'queue.close', 'redis.quit', 'redis.disconnect']);
  }, 10_000);
});
