import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { METRIC_COUNT } from '../../../domain/metrics/catalog.js';
import { InProcessPool, resolveBuiltinOrInline } from '../../../orchestration/optimize/in-process-pool.js';
import type { EvaluationPool } from '../../../orchestration/optimize/job.js';
import { sharedFloat64 } from '../../../orchestration/optimize/job.js';
import { evaluateJob } from '../../../orchestration/optimize/schedule.js';
import { runUnits, type ValidationUnit } from '../../../orchestration/validate/units.js';
import { loadStrategyFile } from '../../strategy/load-strategy-file.js';
import { PiscinaPool } from '../piscina-pool.js';
import { failureReason } from './chunk-failure.js';
import { PACKAGE_VERSION, resultField, type ChunkJobData, type ChunkJobResult, type UnitJobData } from './chunk-protocol.js';
import { packChunk } from './chunk-rows.js';
import { DATA_TTL_SECONDS, HEARTBEAT_TTL_SECONDS, keys } from './queue-keys.js';
import { connectRedis, withTimeout } from './redis-connect.js';
import type { RedisTarget } from './redis-url.js';
import { packUnitResult } from './unit-codec.js';
import { RefusedError, WorkerContexts } from './worker-contexts.js';
import { WorkerUnits } from './worker-units.js';
import type { WorkerInfo } from './worker-registry.js';

export interface QueueWorkerOptions {
  readonly target: RedisTarget;
  readonly queueName: string;
  /** Threads evaluating each chunk (a piscina pool when > 1). */
  readonly threads: number;
  /** BullMQ lock: a chunk whose worker is silent this long is stalled and given to another worker. */
  readonly lockDurationMs: number;
  /** Run user strategy files fetched from Redis (code execution: see the security note). */
  readonly allowStrategyFiles: boolean;
  readonly log: (level: 'info' | 'warn' | 'debug', message: string) => void;
  /** Where fetched strategy files are written (default a folder in the OS temp dir). */
  readonly dir?: string;
}

export interface RunningWorker {
  readonly id: string;
  /** Stops taking chunks, lets the running one finish (bounded), disconnects. */
  close(): Promise<void>;
}

/**
 * `backtester worker`: takes chunk jobs from the BullMQ queue and evaluates them with its own
 * threads, writing each chunk's metrics rows to the run's results hash; `unit` jobs (CSCV splits,
 * Monte Carlo paths) likewise, their range cut again over its threads. Survives Redis restarts
 * (reconnects for ever); a chunk it was running when it died is retried elsewhere by BullMQ's
 * stalled-job check.
 */
let started = 0;

export async function startQueueWorker(o: QueueWorkerOptions): Promise<RunningWorker> {
  const id = `${hostname()}-${process.pid}${started++ > 0 ? `-${started}` : ''}`;
  const redis = await connectRedis(o.target, { name: `backtester-worker-${id}`, retries: Number.MAX_SAFE_INTEGER });
  const pool: EvaluationPool = o.threads > 1 ? new PiscinaPool(o.threads)
    : new InProcessPool(async (s) => (s.kind === 'file' ? loadStrategyFile(s.path) : resolveBuiltinOrInline(s)));
  const contexts = new WorkerContexts(redis, o.dir ?? join(tmpdir(), `backtester-worker-${process.pid}`), o.allowStrategyFiles);
  const units = new WorkerUnits(redis);
  const stats = { chunks: 0, combinations: 0 };
  const since = new Date().toISOString();
  const beat = () => {
    const info: WorkerInfo = { id, host: hostname(), pid: process.pid, threads: o.threads, version: PACKAGE_VERSION, started: since, ...stats };
    redis.set(keys.worker(o.queueName, id), JSON.stringify(info), 'EX', HEARTBEAT_TTL_SECONDS).catch(() => {});
  };
  beat();
  const heartbeat = setInterval(beat, (HEARTBEAT_TTL_SECONDS * 1000) / 3);

  /** A validation unit: its range cut over this worker's threads (any cut gives the same results), written to the results hash. */
  const runUnitJob = async (d: UnitJobData, label: string, t0: number): Promise<ChunkJobResult> => {
    const input = await units.get(d);
    o.log('debug', `Started ${label}`);
    const n = d.end - d.first;
    const whole = input.make(d.first, d.end);
    await runUnits(pool, n, (a, b) => ({ ...whole, first: d.first + a, end: d.first + b }) as ValidationUnit);
    await redis.multi().hset(d.results, resultField(d.first, d.end), packUnitResult(whole)).expire(d.results, DATA_TTL_SECONDS).exec();
    const ms = performance.now() - t0;
    stats.chunks++;
    o.log('debug', `Finished ${label}: ${n} ${input.header.kind === 'cscv' ? 'splits' : 'paths'} in ${ms.toFixed(0)} ms`);
    return { worker: id, combinations: 0, ms, units: n };
  };

  const processor = async (job: Job<ChunkJobData | UnitJobData>): Promise<ChunkJobResult> => {
    const unit = job.name === 'unit' ? (job.data as UnitJobData) : null;
    const d = job.data as ChunkJobData;
    const label = unit ? `unit ${unit.label ?? '?'} (job ${job.id})` : `chunk ${d.start}–${d.end} of ${d.symbol ?? '?'} (job ${job.id})`;
    if ((job.attemptsStarted ?? 0) > 1 || (job.stalledCounter ?? 0) > 0) {
      o.log('warn', `Retrying ${label}: a worker stopped while running it (stalled ${job.stalledCounter ?? 0}×).`);
    }
    const t0 = performance.now();
    try {
      if (unit) return await runUnitJob(unit, label, t0);
      const base = await contexts.get(d);
      o.log('debug', `Started ${label}`);
      const n = d.end - d.start;
      const S = base.blocks ? base.blocks.bounds.length - 1 : 0;
      // With CSCV block sums an evaluator writes into the sums it was built with: one evaluator per chunk.
      const blocks = base.blocks && { bounds: base.blocks.bounds, sums: sharedFloat64(n * S * 2) };
      const chunk = { ...base, ...(blocks && { id: `${base.id}-${d.start}`, blocks }), order: sharedFloat64(n, d.grid), rows: sharedFloat64(n * METRIC_COUNT) };
      await evaluateJob(chunk, pool, { done: new Uint8Array(n) });
      await redis.multi().hset(d.results, resultField(d.start, d.end), packChunk(chunk.rows, blocks ? blocks.sums : null)).expire(d.results, DATA_TTL_SECONDS).exec();
      const ms = performance.now() - t0;
      stats.chunks++;
      stats.combinations += n;
      o.log('debug', `Finished ${label}: ${n} combinations in ${ms.toFixed(0)} ms`);
      return { worker: id, combinations: n, ms };
    } catch (e) {
      if (e instanceof RefusedError) {
        o.log('warn', `Refused ${label}: ${e.message}.`);
        throw new UnrecoverableError(e.reason);
      }
      o.log('warn', `Failed ${label}: ${e instanceof Error ? e.message : String(e)}`);
      // A strategy error fails the same way on every worker: retrying would only repeat it.
      throw new UnrecoverableError(failureReason(e));
    }
  };

  const worker = new Worker<ChunkJobData, ChunkJobResult>(o.queueName, processor, {
    connection: redis, concurrency: 1, lockDuration: o.lockDurationMs, stalledInterval: o.lockDurationMs, maxStalledCount: 2,
  });
  let down = 0;
  let closing = false;
  let nagged = 0;
  // While Redis is down BullMQ reports every failed reconnect: one line when it goes, one every
  // 30 s while it stays away, one when it is back. The worker keeps retrying until stopped.
  worker.on('error', (e) => {
    if (down === 0 || !/ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|Connection is closed/.test(e.message)) o.log('warn', `Queue error: ${e.message}`);
  });
  redis.on('error', () => {});
  redis.on('close', () => {
    if (down === 0 && !closing) o.log('warn', `Lost the connection to Redis at ${o.target.display}; reconnecting (every 5 s at most, until Redis is back or the worker is stopped).`);
    if (down === 0) down = nagged = Date.now();
  });
  redis.on('reconnecting', () => {
    if (down > 0 && !closing && Date.now() - nagged >= 30_000) {
      nagged = Date.now();
      o.log('warn', `Still cannot reach Redis at ${o.target.display} after ${Math.round((Date.now() - down) / 1000)} s; retrying.`);
    }
  });
  redis.on('ready', () => {
    if (down > 0) o.log('info', `Reconnected to Redis at ${o.target.display} after ${Math.round((Date.now() - down) / 1000)} s.`);
    down = 0;
  });
  await worker.waitUntilReady();
  o.log('info', `Worker ${id} (backtester ${PACKAGE_VERSION}, ${o.threads} thread${o.threads > 1 ? 's' : ''}) waiting for chunks on queue "${o.queueName}" at ${o.target.display}`);
  return {
    id,
    async close() {
      clearInterval(heartbeat);
      closing = true;
      // Every step is bounded: with Redis down, commands would otherwise wait for a reconnect for ever.
      await withTimeout(worker.close(), 30_000, 'worker close timed out').catch(() => withTimeout(worker.close(true), 5_000, 'force close timed out').catch(() => {}));
      await withTimeout(redis.del(keys.worker(o.queueName, id)), 2_000, 'del timed out').catch(() => 0);
      await pool.close();
      await withTimeout(redis.quit(), 2_000, 'quit timed out').catch(() => {});
      redis.disconnect();
    },
  };
}
