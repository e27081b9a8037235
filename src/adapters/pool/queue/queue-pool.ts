import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { NetworkError } from '../../../base/errors.js';
import { METRIC_COUNT } from '../../../domain/metrics/catalog.js';
import { ChunkAbandonedError, type EvaluationPool, type SymbolJob } from '../../../orchestration/optimize/job.js';
import { reviveFailure } from './chunk-failure.js';
import { PACKAGE_VERSION, PROTOCOL, resultField, sha256, type ChunkContext, type ChunkJobData, type ChunkJobResult, type StrategyRef } from './chunk-protocol.js';
import { encodeFrame, frameAddress, toFloat64 } from './frame-codec.js';
import { DATA_TTL_SECONDS, keys } from './queue-keys.js';
import { connectRedis, withTimeout } from './redis-connect.js';
import type { RedisTarget } from './redis-url.js';
import { liveWorkers } from './worker-registry.js';

/** Chunks of at most this many bar-steps (4× the local cap): a queue round trip costs a few ms. */
export const QUEUE_CHUNK_BAR_STEPS = 16_000_000;
/** Threads assumed when no worker is connected yet (chunks wait in the queue until one starts). */
export const ASSUMED_THREADS = 4;

export interface QueuePoolOptions {
  readonly target: RedisTarget;
  readonly queueName: string;
  /** Identifies the run across restarts (the run fingerprint): stored results are found by it on --resume. */
  readonly runId: string;
  readonly log: { debug(m: string): void; note(m: string): void; warn(m: string): void };
  /** Called once when Redis is lost (unreachable, or restarted and the queue gone): the run should stop and be resumable. */
  readonly onLost: (reason: string) => void;
  readonly maxChunkBarSteps?: number;
  /** Give up when no chunk finishes for this long while chunks are queued (default 10 minutes). */
  readonly idleTimeoutMs?: number;
  /** Reconnection attempts before Redis counts as lost (default 8, about 9 s). */
  readonly retries?: number;
}

interface Pending {
  readonly job: SymbolJob;
  readonly start: number;
  readonly end: number;
  readonly results: string;
  readonly resolve: () => void;
  readonly reject: (e: unknown) => void;
}

/**
 * The TaskPool port over a BullMQ queue: the coordinator side of a distributed optimization.
 * Each symbol job's frame, strategy and space are uploaded once (content-addressed); each chunk
 * becomes a BullMQ job carrying the grid indices of its positions; a worker anywhere writes the
 * chunk's metrics rows to a Redis hash, and `run` copies them into `job.rows` by position, so the
 * rows are the same bits as a local run whatever worker ran what, and in what order.
 */
export class QueuePool implements EvaluationPool {
  readonly maxChunkBarSteps: number;
  private readonly pending = new Map<string, Pending>();
  private readonly contexts = new Map<string, Promise<{ key: string; results: string; strategySha: string | null }>>();
  private readonly rates = new Map<string, { combinations: number; ms: number; chunks: number }>();
  private readonly nonce = randomBytes(4).toString('hex');
  private readonly jobPrefix: string;
  private lostReason: string | null = null;
  private lastProgress = Date.now();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  private constructor(
    readonly threads: number, private readonly o: QueuePoolOptions, private readonly redis: Redis,
    private readonly queue: Queue, private readonly events: QueueEvents,
  ) {
    this.maxChunkBarSteps = o.maxChunkBarSteps ?? QUEUE_CHUNK_BAR_STEPS;
    this.jobPrefix = `${o.runId.slice(0, 12)}-${this.nonce}-`;
  }

  /** Connects (a clear error when Redis is unreachable or refuses the password) and listens for chunk events. */
  static async open(o: QueuePoolOptions): Promise<QueuePool> {
    const redis = await connectRedis(o.target, { name: `backtester-coordinator-${process.pid}`, retries: o.retries ?? 8 });
    const workers = await liveWorkers(redis, o.queueName);
    const threads = workers.reduce((s, w) => s + w.threads, 0);
    if (workers.length === 0) {
      o.log.warn(`No worker is connected to queue "${o.queueName}" at ${o.target.display} yet: the chunks wait until one starts (backtester worker --redis URL${o.queueName === 'backtester-chunks' ? '' : ` --queue-name ${o.queueName}`}).`);
    } else {
      o.log.note(`${workers.length} worker${workers.length > 1 ? 's' : ''} with ${threads} thread${threads > 1 ? 's' : ''} on queue "${o.queueName}" at ${o.target.display}`);
    }
    const queue = new Queue(o.queueName, { connection: redis });
    const events = new QueueEvents(o.queueName, { connection: redis });
    // Connection errors surface through the client's own events (below); these only must not crash.
    queue.on('error', () => {});
    events.on('error', () => {});
    await withTimeout(events.waitUntilReady(), 10_000, 'QueueEvents did not start');
    const pool = new QueuePool(Math.max(1, threads || ASSUMED_THREADS), o, redis, queue, events);
    await redis.set(keys.runMarker(o.runId, pool.nonce), '1', 'EX', DATA_TTL_SECONDS);
    pool.listen();
    return pool;
  }

  private listen(): void {
    this.events.on('completed', ({ jobId, returnvalue }) => {
      const r = (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as ChunkJobResult | null;
      // Counted for this run's chunks even when the fallback sweep collected the rows first.
      if (r && jobId.startsWith(this.jobPrefix)) {
        const x = this.rates.get(r.worker) ?? { combinations: 0, ms: 0, chunks: 0 };
        this.rates.set(r.worker, { combinations: x.combinations + r.combinations, ms: x.ms + r.ms, chunks: x.chunks + 1 });
      }
      void this.collect(jobId);
    });
    this.events.on('failed', ({ jobId, failedReason }) => this.fail(jobId, failedReason));
    this.events.on('stalled', ({ jobId }) => {
      const p = this.pending.get(jobId);
      if (p) this.o.log.warn(`Chunk ${p.start}–${p.end} of ${p.job.frame.symbol} (job ${jobId}): its worker stopped responding; BullMQ put it back in the queue and another worker will run it.`);
    });
    this.redis.on('end', () => this.lose(`lost the connection to Redis at ${this.o.target.display}`));
    this.redis.on('ready', () => {
      // A reconnect: if the run marker is gone, Redis restarted empty and the queued chunks with it.
      void this.redis.exists(keys.runMarker(this.o.runId, this.nonce)).then((n) => {
        if (n === 0) this.lose(`Redis at ${this.o.target.display} restarted and lost the queued chunks`);
      }, () => {});
    });
    // Fallback for missed events and the idle watchdog: one bounded check every 2 s.
    this.timer = setInterval(() => void this.sweep(), 2_000);
    this.timer.unref();
  }

  async run(job: SymbolJob, start: number, end: number): Promise<void> {
    if (this.lostReason !== null) throw new ChunkAbandonedError(this.lostReason);
    const ctx = await this.context(job);
    const field = resultField(start, end);
    const stored = await this.redis.hgetBuffer(ctx.results, field);
    if (stored) {
      this.copyRows(job, start, end, stored);
      return;
    }
    const jobId = `${this.jobPrefix}${ctx.key.slice(0, 8)}-${field}`;
    const data: ChunkJobData = {
      version: PACKAGE_VERSION, protocol: PROTOCOL, strategySha: ctx.strategySha, context: ctx.key, results: ctx.results,
      start, end, grid: Array.from(job.order.subarray(start, end)), symbol: job.frame.symbol,
    };
    const done = new Promise<void>((resolve, reject) => this.pending.set(jobId, { job, start, end, results: ctx.results, resolve, reject }));
    // It may settle (cancel, lost) while the add below is in flight: not an unhandled rejection.
    done.catch(() => {});
    this.lastProgress = Date.now();
    await this.queue.add('chunk', data, { jobId, attempts: 1, removeOnComplete: true, removeOnFail: { count: 1000 } });
    return done;
  }

  /** Merges results already stored for this run (chunks finished before an interruption) into `previous`. */
  async storedRows(job: SymbolJob, done: Uint8Array): Promise<number> {
    const ctx = await this.context(job);
    const all = await this.redis.hgetallBuffer(ctx.results);
    let n = 0;
    for (const [field, buf] of Object.entries(all)) {
      const [s, e] = field.split('-').map(Number);
      if (!(Number.isInteger(s) && Number.isInteger(e) && s < e && e <= done.length) || buf.length !== (e - s) * METRIC_COUNT * 8) continue;
      for (let i = s; i < e; i++) {
        if (done[i] === 0) n++;
        done[i] = 1;
      }
      this.copyRows(job, s, e, buf);
    }
    return n;
  }

  /** Removes this run's chunks still waiting in the queue (Ctrl-C); chunks already running finish. */
  async cancelQueued(): Promise<number> {
    let removed = 0;
    for (const [jobId, p] of [...this.pending]) {
      const n = await this.queue.remove(jobId).catch(() => 0);
      if (n === 1) {
        removed++;
        this.pending.delete(jobId);
        p.reject(new ChunkAbandonedError('cancelled'));
      }
    }
    return removed;
  }

  /** Deletes the run's stored results (after its outputs are written). */
  async clearStored(): Promise<void> {
    for (const c of this.contexts.values()) await this.redis.del((await c).results).catch(() => 0);
  }

  /** Per-worker throughput so far, for `--debug`. */
  workerRates(): string[] {
    return [...this.rates].sort(([a], [b]) => (a < b ? -1 : 1)).map(([w, r]) =>
      `worker ${w}: ${r.chunks} chunks, ${r.combinations.toLocaleString('en-US')} combinations, ${Math.round(r.combinations / Math.max(r.ms / 1000, 1e-9)).toLocaleString('en-US')}/s while busy`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    // A run ending early (an error elsewhere) leaves no orphan chunks for the workers.
    if (this.lostReason === null && this.pending.size > 0) await withTimeout(this.cancelQueued(), 3_000, 'cancel timed out').catch(() => 0);
    for (const p of this.pending.values()) p.reject(new ChunkAbandonedError('pool closed'));
    this.pending.clear();
    const quit = async () => {
      await this.redis.del(keys.runMarker(this.o.runId, this.nonce));
      await this.events.close();
      await this.queue.close();
      await this.redis.quit();
    };
    await withTimeout(quit(), this.lostReason ? 1_000 : 5_000, 'close timed out').catch(() => this.redis.disconnect());
  }

  private context(job: SymbolJob): Promise<{ key: string; results: string; strategySha: string | null }> {
    let c = this.contexts.get(job.id);
    if (c === undefined) {
      c = this.upload(job);
      this.contexts.set(job.id, c);
      c.catch(() => this.contexts.delete(job.id));
    }
    return c;
  }

  /** Uploads the frame and strategy file unless already there (content-addressed), then the context. */
  private async upload(job: SymbolJob): Promise<{ key: string; results: string; strategySha: string | null }> {
    const fp = frameAddress(job.frame);
    if ((await this.redis.expire(keys.frame(fp), DATA_TTL_SECONDS)) === 0) {
      await this.redis.set(keys.frame(fp), encodeFrame(job.frame), 'EX', DATA_TTL_SECONDS);
      this.o.log.debug(`Uploaded ${job.frame.symbol} (${job.frame.length.toLocaleString('en-US')} bars) as frame ${fp.slice(0, 12)}`);
    }
    let strategy: StrategyRef;
    const s = job.strategy;
    if (s.kind === 'file') {
      const text = await readFile(s.path);
      const sha = sha256(text);
      await this.redis.set(keys.strategy(sha), text, 'EX', DATA_TTL_SECONDS);
      strategy = { kind: 'file', name: basename(s.path), sha256: sha };
    } else if (s.kind === 'builtin') {
      strategy = { kind: 'builtin', id: s.id };
    } else {
      throw new Error('a strategy object cannot be sent to queue workers: pass a strategy file path');
    }
    const sp = job.space;
    const ctx: ChunkContext = {
      protocol: PROTOCOL, version: PACKAGE_VERSION, frame: fp, strategy, portfolio: job.portfolio,
      space: { keys: sp.keys, values: sp.values, size: sp.size, base: sp.base }, generic: job.generic, simOnly: job.simOnly,
    };
    const text = JSON.stringify(ctx);
    const key = sha256(text);
    await this.redis.set(keys.context(key), text, 'EX', DATA_TTL_SECONDS);
    const results = keys.results(this.o.runId, key);
    await this.redis.expire(results, DATA_TTL_SECONDS);
    return { key, results, strategySha: strategy.kind === 'file' ? strategy.sha256 : null };
  }

  private async collect(jobId: string): Promise<void> {
    const p = this.pending.get(jobId);
    if (!p) return;
    try {
      const buf = await this.redis.hgetBuffer(p.results, resultField(p.start, p.end));
      if (!buf || !this.pending.has(jobId)) return;
      this.pending.delete(jobId);
      this.copyRows(p.job, p.start, p.end, buf);
      this.lastProgress = Date.now();
      p.resolve();
    } catch (e) {
      if (this.pending.delete(jobId)) p.reject(e);
    }
  }

  private fail(jobId: string, reason: string): void {
    const p = this.pending.get(jobId);
    if (!p) return;
    this.pending.delete(jobId);
    const where = `${p.job.frame.symbol} positions ${p.start}–${p.end}`;
    p.reject(/stalled more than allowable limit/.test(reason)
      ? new NetworkError(`The chunk of ${where} stalled 3 times: every worker that took it stopped while running it.`, { hint: 'Check the workers\' logs and memory (a chunk that crashes its worker), then --resume.' })
      : reviveFailure(reason, where));
  }

  private copyRows(job: SymbolJob, start: number, end: number, buf: Buffer): void {
    const rows = toFloat64(buf);
    if (rows.length !== (end - start) * METRIC_COUNT) throw new Error(`stored rows of chunk ${start}-${end} have the wrong size`);
    job.rows.set(rows, start * METRIC_COUNT);
  }

  private async sweep(): Promise<void> {
    if (this.pending.size === 0 || this.lostReason !== null) return;
    try {
      for (const [jobId, p] of [...this.pending].slice(0, 64)) {
        if (await this.redis.hexists(p.results, resultField(p.start, p.end))) await this.collect(jobId);
        else if ((await this.queue.getJobState(jobId)) === 'failed') {
          const j = await this.queue.getJob(jobId);
          this.fail(jobId, j?.failedReason ?? 'failed');
        }
      }
    } catch {
      return; // connection trouble: the client's own events decide
    }
    const idle = this.o.idleTimeoutMs ?? 600_000;
    if (this.pending.size > 0 && Date.now() - this.lastProgress > idle) {
      this.lose(`no worker finished a chunk in ${Math.round(idle / 1000)} s (are workers running on queue "${this.o.queueName}"?)`);
    }
  }

  private lose(reason: string): void {
    if (this.lostReason !== null || this.closed) return;
    this.lostReason = reason;
    this.o.onLost(reason);
    for (const p of this.pending.values()) p.reject(new ChunkAbandonedError(reason));
    this.pending.clear();
  }
}
