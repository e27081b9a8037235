/**
 * The coordinator's QueuePool against a private redis-server with no worker connected: chunks wait
 * in the queue, Ctrl-C removes them, an idle queue ends the run resumably, and results already
 * stored for the run are reused instead of queued again.
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../src/adapters/pool/queue/queue-keys.js';
import { PoolConnection } from '../../src/adapters/pool/queue/pool-connection.js';
import { QueuePool } from '../../src/adapters/pool/queue/queue-pool.js';
import { parseRedisUrl } from '../../src/adapters/pool/queue/redis-url.js';
import { METRIC_COUNT } from '../../src/domain/metrics/catalog.js';
import { DEFAULT_PORTFOLIO } from '../../src/domain/portfolio/spec.js';
import { ChunkAbandonedError, sharedFloat64, type SymbolJob } from '../../src/orchestration/optimize/job.js';
import { dmaSpace, sampleFrame } from '../optimization/fixtures.js';
import { hasRedis, NO_REDIS, startRedis, type TestRedis } from '../support/redis-server.js';

let redis: TestRedis;
let job: SymbolJob;
const quiet = { debug() {}, note() {}, warn() {} };

describe.skipIf(!hasRedis)(`QueuePool without workers${hasRedis ? '' : ` (skipped: ${NO_REDIS})`}`, () => {
  beforeAll(async () => {
    redis = await startRedis();
    const frame = await sampleFrame('BTC/USDT', '1d', '2022-01-01', '2023-01-01');
    const space = dmaSpace({ short_ma_window: [5, 10, 20] }, { long_ma_window: 30, trend_ma_window: 60 });
    job = { id: 'qp-1', frame, strategy: { kind: 'builtin', id: 'dma_atr_trend' }, space, portfolio: DEFAULT_PORTFOLIO, order: sharedFloat64(3, [0, 1, 2]), rows: sharedFloat64(3 * METRIC_COUNT), indicators: {} };
  });
  afterAll(() => redis?.stop());

  it('cancelQueued removes the waiting chunks from the queue and abandons them (their positions stay to do)', async () => {
    const warnings: string[] = [];
    const pool = await QueuePool.open({ target: parseRedisUrl(redis.url), queueName: 'cancel', runId: 'cancel-run', log: { ...quiet, warn: (m) => warnings.push(m) }, onLost: () => {} });
    expect(warnings.join()).toMatch(/No worker is connected to queue "cancel"/);
    const conn = new Redis(redis.port, '127.0.0.1', { maxRetriesPerRequest: null });
    const queue = new Queue('cancel', { connection: conn });
    try {
      const runs = [pool.run(job, 0, 2), pool.run(job, 2, 3)];
      for (const r of runs) r.catch(() => {});
      for (let i = 0; i < 50 && (await queue.getWaitingCount()) < 2; i++) await new Promise((r) => setTimeout(r, 100));
      expect(await queue.getWaitingCount()).toBe(2);
      expect(await pool.cancelQueued()).toBe(2);
      const settled = await Promise.allSettled(runs);
      for (const r of settled) expect(r.status === 'rejected' && r.reason instanceof ChunkAbandonedError).toBe(true);
      expect(await queue.getWaitingCount()).toBe(0);
    } finally {
      await queue.close();
      conn.disconnect();
      await pool.close();
    }
  });

  it('no chunk finishing within the idle limit ends the run as lost (resumable), naming the queue', async () => {
    let lost = '';
    const pool = await QueuePool.open({ target: parseRedisUrl(redis.url), queueName: 'idle', runId: 'idle-run', log: quiet, onLost: (r) => { lost = r; }, idleTimeoutMs: 1_000 });
    try {
      await expect(pool.run(job, 0, 3)).rejects.toBeInstanceOf(ChunkAbandonedError);
      expect(lost).toMatch(/no worker finished a chunk in 1 s \(are workers running on queue "idle"\?\)/);
      await expect(pool.run(job, 0, 1)).rejects.toBeInstanceOf(ChunkAbandonedError);
    } finally {
      await pool.close();
    }
  });

  it('rows already stored for the run are used, not queued again (what --resume relies on)', async () => {
    const pool = await QueuePool.open({ target: parseRedisUrl(redis.url), queueName: 'stored', runId: 'stored-run', log: quiet, onLost: () => {} });
    const conn = new Redis(redis.port, '127.0.0.1');
    try {
      // storedRows uploads the context (one per job: every test here queues the same one) and reads the empty hash.
      const done = new Uint8Array(3);
      expect(await pool.storedRows(job, done)).toBe(0);
      const contexts = await conn.keys('backtester:ctx:*');
      expect(contexts).toHaveLength(1);
      const hash = keys.results('stored-run', contexts[0].slice('backtester:ctx:'.length));
      const want = Float64Array.from({ length: 2 * METRIC_COUNT }, (_, i) => i + 0.5);
      await conn.hset(hash, '0-2', Buffer.from(want.buffer));
      expect(await pool.storedRows(job, done)).toBe(2);
      expect(Array.from(done)).toEqual([1, 1, 0]);
      job.rows.fill(NaN);
      await pool.run(job, 0, 2); // resolves from the hash: no worker exists
      expect(Array.from(job.rows.subarray(0, 2 * METRIC_COUNT))).toEqual(Array.from(want));
      const queue = new Queue('stored', { connection: conn });
      expect(await queue.getWaitingCount()).toBe(0);
      await queue.close();
    } finally {
      conn.disconnect();
      await pool.close();
    }
  });
});

/** Resolves with how long `p` took to settle; fails the test when it takes more than `ms`. */
async function settlesWithin(p: Promise<unknown>, ms: number, what: string): Promise<number> {
  const t0 = Date.now();
  let t: NodeJS.Timeout | undefined;
  await Promise.race([p.catch(() => {}), new Promise<never>((_, reject) => { t = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms); })]).finally(() => clearTimeout(t));
  return Date.now() - t0;
}

describe.skipIf(!hasRedis)(`QueuePool losing its Redis${hasRedis ? '' : ` (skipped: ${NO_REDIS})`}`, () => {
  const job = async (id: string): Promise<SymbolJob> => {
    const frame = await sampleFrame('BTC/USDT', '1d', '2022-01-01', '2023-01-01');
    const space = dmaSpace({ short_ma_window: [5, 10, 20] }, { long_ma_window: 30, trend_ma_window: 60 });
    return { id, frame, strategy: { kind: 'builtin', id: 'dma_atr_trend' }, space, portfolio: DEFAULT_PORTFOLIO, order: sharedFloat64(3, [0, 1, 2]), rows: sharedFloat64(3 * METRIC_COUNT), indicators: {} };
  };

  it('Redis stopped: the waiting chunk is abandoned (resumable), the reason names the connection, and close() returns at once', async () => {
    const own = await startRedis();
    try {
      let lost = '';
      const pool = await QueuePool.open({ target: parseRedisUrl(own.url), queueName: 'halt', runId: 'halt-run', log: quiet, onLost: (r) => { lost = r; }, retries: 2 });
      const run = pool.run(await job('halt-1'), 0, 3);
      run.catch(() => {});
      await new Promise((r) => setTimeout(r, 300));
      await own.halt();
      // 2 reconnection attempts (250 + 500 ms), then the client ends.
      expect(await settlesWithin(run, 10_000, 'the queued chunk')).toBeLessThan(10_000);
      await expect(run).rejects.toBeInstanceOf(ChunkAbandonedError);
      expect(lost).toMatch(/lost the connection to Redis at redis:\/\/127\.0\.0\.1:\d+/);
      // Redis lost: each closing step gets 1 s.
      expect(await settlesWithin(pool.close(), 10_000, 'close()')).toBeLessThan(10_000);
      await expect(pool.run(await job('halt-2'), 0, 1)).rejects.toBeInstanceOf(ChunkAbandonedError);
    } finally {
      await own.stop();
    }
  }, 30_000);

  it('closing on a dead connection still closes QueueEvents and Queue (an unclosed QueueEvents retried every 5 s and kept the coordinator alive)', async () => {
    const own = await startRedis();
    try {
      const c = await PoolConnection.open(parseRedisUrl(own.url), 'dead', 1);
      const ended = new Promise((r) => c.redis.once('end', r));
      await own.halt();
      await settlesWithin(ended, 10_000, "the client's end");
      // The first step (a command on the ended client) fails at once; the steps after it must still run.
      // Each of the 4 steps is bounded by 4 s with Redis thought up.
      expect(await settlesWithin(c.close(false, () => c.redis.del('x')), 20_000, 'close()')).toBeLessThan(20_000);
      expect(c.events.closing).toBeDefined();
      expect(c.queue.closing).toBeDefined();
      expect(c.redis.status).toBe('end');
    } finally {
      await own.stop();
    }
  }, 30_000);

  it('Redis frozen (sockets open, no answer): lost after the deadline, not never; close() is bounded', async () => {
    const own = await startRedis();
    try {
      let lost = '';
      const pool = await QueuePool.open({ target: parseRedisUrl(own.url), queueName: 'freeze', runId: 'freeze-run', log: quiet, onLost: (r) => { lost = r; }, lostAfterMs: 3_000 });
      const run = pool.run(await job('freeze-1'), 0, 3);
      run.catch(() => {});
      await new Promise((r) => setTimeout(r, 300));
      own.freeze();
      const took = await settlesWithin(run, 15_000, 'the queued chunk');
      await expect(run).rejects.toBeInstanceOf(ChunkAbandonedError);
      expect(lost).toMatch(/Redis at redis:\/\/127\.0\.0\.1:\d+ did not answer for \d+ s/);
      expect(took).toBeGreaterThanOrEqual(2_500);
      expect(await settlesWithin(pool.close(), 8_000, 'close()')).toBeLessThan(8_000);
    } finally {
      own.thaw();
      await own.stop();
    }
  }, 40_000);
});
