/**
 * Issue 13 item 6 on the distributed engine: CSCV split ranges and Monte Carlo path ranges as
 * `unit` jobs on queue workers (a private redis-server, two workers in this process, one of them
 * cutting each range again over 2 threads). Whatever the range size and whichever worker runs
 * what, the results are the bits of one in-thread run; results already stored for the run are
 * used instead of queued again; a run whose units nobody takes stops as lost (resumable).
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_VERSION, PROTOCOL } from '../../src/adapters/pool/queue/chunk-protocol.js';
import { QueuePool } from '../../src/adapters/pool/queue/queue-pool.js';
import { parseRedisUrl } from '../../src/adapters/pool/queue/redis-url.js';
import { startQueueWorker, type RunningWorker } from '../../src/adapters/pool/queue/queue-worker.js';
import { decodeUnitInput, encodeUnitInput, packUnitResult, unpackUnitResult } from '../../src/adapters/pool/queue/unit-codec.js';
import { blockBootstrap } from '../../src/domain/validate/block-bootstrap.js';
import { monteCarloInput } from '../../src/domain/validate/monte-carlo.js';
import type { PathStats } from '../../src/domain/validate/path-stats.js';
import { reshuffleTrades } from '../../src/domain/validate/trade-reshuffle.js';
import { allocCscvSplits, cscv, splitMasks, type CscvSplits } from '../../src/kernels/stats/cscv.js';
import { ChunkAbandonedError } from '../../src/orchestration/optimize/job.js';
import { scoreSplits } from '../../src/orchestration/validate/cscv-run.js';
import { runMonteCarloUnits } from '../../src/orchestration/validate/monte-carlo-run.js';
import { runValidationUnit } from '../../src/orchestration/validate/units.js';
import { sameBits } from '../optimization/fixtures.js';
import { cscvFixture } from '../validation/cscv-fixture.js';
import { hasRedis, NO_REDIS, startRedis, type TestRedis } from '../support/redis-server.js';


const SPLIT_FIELDS = ['best', 'isSharpe', 'oosSharpe', 'rank', 'omega', 'logit'] as const;
const PATH_FIELDS = ['finalReturn', 'maxDrawdown', 'sharpe', 'fan'] as const;
const sameSplits = (a: CscvSplits, b: CscvSplits) => SPLIT_FIELDS.every((f) => sameBits(a[f], b[f]));
const samePaths = (a: PathStats, b: PathStats) => PATH_FIELDS.every((f) => sameBits(a[f], b[f]));

const { combos, S, bars, sums } = cscvFixture();
const wantSplits = cscv(combos, bars, sums);

const eq = Float64Array.from({ length: 700 }, (_, t) => 100 * (1 + 0.2 * Math.sin(t / 23)) * (1 + t / 900));
const mcInput = monteCarloInput(eq, 100, [5, 60, 200, 410, 650], [4, -2, 6, -5, 3], Math.sqrt(8760));
const seed = 2024;
const paths = 97;
const wantReshuffle = reshuffleTrades(mcInput.tradeReturns, paths, seed);
const wantBootstrap = blockBootstrap(mcInput.barReturns, paths, seed, 9, mcInput.annualization);

describe('unit codec (no Redis)', () => {
  it('a range computed from the decoded input into its own arrays packs to the bytes of the same range of a whole run', () => {
    const whole = allocCscvSplits(splitMasks(S));
    const unit = { kind: 'cscv' as const, combos, bars, sums, out: whole, first: 0, end: whole.mask.length };
    runValidationUnit(unit);
    const input = decodeUnitInput(encodeUnitInput({ ...unit, first: 40, end: 77 }));
    const part = input.make(40, 77);
    runValidationUnit(part);
    expect(packUnitResult(part).equals(packUnitResult({ ...unit, first: 40, end: 77 }))).toBe(true);
    // Unpacked into a fresh whole-run array, the range lands at its position and nothing else changes.
    const into = allocCscvSplits(splitMasks(S));
    into.logit.fill(7);
    unpackUnitResult({ ...unit, out: into, first: 40, end: 77 }, packUnitResult(part));
    expect(sameBits(into.logit.subarray(40, 77), whole.logit.subarray(40, 77))).toBe(true);
    expect(Array.from(into.best.subarray(40, 77))).toEqual(Array.from(whole.best.subarray(40, 77)));
    expect(into.logit[39]).toBe(7);
    expect(into.logit[77]).toBe(7);
    expect(() => unpackUnitResult({ ...unit, out: into, first: 40, end: 78 }, packUnitResult(part))).toThrow(/stored results of CSCV splits 40–78/);
  });
});

let redis: TestRedis;
const workers: RunningWorker[] = [];
const logs: string[][] = [[], []];
const quiet = { debug() {}, note() {}, warn() {} };
/** Splits or paths each worker says it finished (`Finished unit …: N splits in`). */
const finished = (w: number, what: 'splits' | 'paths') => logs[w].reduce((s, l) => s + Number(new RegExp(`^Finished unit .*: (\\d+) ${what} in`).exec(l)?.[1] ?? 0), 0);

describe.skipIf(!hasRedis)(`validation units on queue workers${hasRedis ? '' : ` (skipped: ${NO_REDIS})`}`, () => {
  beforeAll(async () => {
    redis = await startRedis();
    for (const threads of [1, 2]) {
      const k = workers.length;
      workers.push(await startQueueWorker({
        target: parseRedisUrl(redis.url), queueName: 'units', threads, lockDurationMs: 30_000, allowStrategyFiles: false,
        log: (level, m) => level === 'debug' && logs[k].push(m),
      }));
    }
  }, 120_000);
  afterAll(async () => {
    for (const w of workers) await w.close();
    await redis?.stop();
  });

  const open = (runId: string, queueName = 'units', more: Partial<Parameters<typeof QueuePool.open>[0]> = {}) =>
    QueuePool.open({ target: parseRedisUrl(redis.url), queueName, runId, log: { ...quiet, debug: () => {} }, onLost: () => {}, ...more });

  it('CSCV split ranges of any size score the splits of one in-thread cscv() call, bit for bit; both workers ran units', async () => {
    const pool = await open('cscv-run');
    try {
      expect(pool.threads).toBe(3);
      for (const chunk of [1, 17, 100, undefined]) {
        const before = finished(0, 'splits') + finished(1, 'splits');
        const got = await scoreSplits(combos, bars, sums, pool, chunk);
        expect(sameSplits(got, wantSplits), `chunk ${chunk}`).toBe(true);
        // Every split was computed by a worker, once.
        expect(finished(0, 'splits') + finished(1, 'splits') - before, `chunk ${chunk}`).toBe(252);
      }
      expect(finished(0, 'splits')).toBeGreaterThan(0);
      expect(finished(1, 'splits')).toBeGreaterThan(0);
    } finally {
      await pool.close();
    }
  }, 120_000);

  it('Monte Carlo path ranges of any size give the paths of one sequential run, bit for bit', async () => {
    const pool = await open('mc-run');
    try {
      for (const chunk of [7, 50, undefined]) {
        const before = finished(0, 'paths') + finished(1, 'paths');
        const r = await runMonteCarloUnits(mcInput, { paths, seed }, pool, { chunk });
        expect(samePaths(r.reshuffle, wantReshuffle), `reshuffle, chunk ${chunk}`).toBe(true);
        expect(samePaths(r.bootstrap, wantBootstrap), `bootstrap, chunk ${chunk}`).toBe(true);
        expect(finished(0, 'paths') + finished(1, 'paths') - before, `chunk ${chunk}`).toBe(2 * paths);
      }
    } finally {
      await pool.close();
    }
  }, 120_000);

  it('results already stored for the run are used, not queued again (the same command run after a stop)', async () => {
    // A queue no worker serves: only stored results can complete the units.
    const pool = await open('cscv-run', 'nobody');
    const conn = new Redis(redis.port, '127.0.0.1', { maxRetriesPerRequest: null });
    const queue = new Queue('nobody', { connection: conn });
    try {
      const got = await scoreSplits(combos, bars, sums, pool, 17);
      expect(sameSplits(got, wantSplits)).toBe(true);
      expect(await queue.getWaitingCount()).toBe(0);
      // Once the outputs are written the run deletes its stored results.
      const hashes = await conn.keys('backtester:results:cscv-run:*');
      expect(hashes.length).toBe(1);
      await pool.clearStored();
      expect(await conn.keys('backtester:results:cscv-run:*')).toEqual([]);
    } finally {
      await queue.close();
      conn.disconnect();
      await pool.close();
    }
  }, 60_000);

  it('units nobody takes: the run is lost after the idle limit and every unit abandoned; they stay queued for a worker that comes later (resumable)', async () => {
    let lost = '';
    const pool = await open('idle-units', 'idle', { idleTimeoutMs: 1_000, onLost: (r) => { lost = r; } });
    const conn = new Redis(redis.port, '127.0.0.1', { maxRetriesPerRequest: null });
    const queue = new Queue('idle', { connection: conn });
    try {
      await expect(runMonteCarloUnits(mcInput, { paths, seed }, pool, { chunk: 40 })).rejects.toBeInstanceOf(ChunkAbandonedError);
      expect(lost).toMatch(/no worker finished a chunk in 1 s/);
      await expect(scoreSplits(combos, bars, sums, pool, 100)).rejects.toBeInstanceOf(ChunkAbandonedError);
      await pool.close();
      // 3 ranges of ≤ 40 paths per method: a worker started later computes them into the run's results, which the same command run again takes.
      expect(await queue.getWaitingCount()).toBe(6);
    } finally {
      await pool.close();
      await queue.close();
      conn.disconnect();
    }
  }, 60_000);

  it('a unit job of another protocol (a coordinator of protocol 2 has no units) is refused without retry, naming both sides', async () => {
    const conn = new Redis(redis.port, '127.0.0.1', { maxRetriesPerRequest: null });
    const queue = new Queue('units', { connection: conn });
    try {
      await queue.add('unit', { version: PACKAGE_VERSION, protocol: PROTOCOL - 1, input: 'x', results: 'y', first: 0, end: 5, label: 'CSCV splits 0–5' }, { jobId: 'old-protocol' });
      let state = '';
      for (let i = 0; i < 100 && state !== 'failed'; i++) {
        state = await queue.getJobState('old-protocol');
        if (state !== 'failed') await new Promise((r) => setTimeout(r, 100));
      }
      expect(state).toBe('failed');
      const job = await queue.getJob('old-protocol');
      expect(job?.failedReason).toMatch(new RegExp(`^REFUSED: this worker runs backtester ${PACKAGE_VERSION.replace(/\./g, '\\.')} \\(protocol ${PROTOCOL}\\) but the chunk was queued by backtester ${PACKAGE_VERSION.replace(/\./g, '\\.')} \\(protocol ${PROTOCOL - 1}\\)`));
      expect(job?.attemptsMade).toBe(1);
    } finally {
      await queue.close();
      conn.disconnect();
    }
  }, 60_000);
});
