import { randomBytes } from 'node:crypto';
import { ChunkAbandonedError, type EvaluationPool, type SymbolJob } from '../../../orchestration/optimize/job.js';
import type { ValidationUnit } from '../../../orchestration/validate/units.js';
import { PACKAGE_VERSION, PROTOCOL, resultField, sha256, type ChunkJobData, type ChunkJobResult, type UnitJobData } from './chunk-protocol.js';
import { blocksOf, chunkBytes, unpackChunk } from './chunk-rows.js';
import { uploadContext, uploadUnitInput, type ContextRef } from './context-upload.js';
import { PendingChunks, type PendingWork } from './pending-chunks.js';
import { PoolConnection } from './pool-connection.js';
import { DATA_TTL_SECONDS, keys } from './queue-keys.js';
import { RedisWatch } from './redis-watch.js';
import type { RedisTarget } from './redis-url.js';
import { encodeUnitInput, unitLabel, unpackUnitResult } from './unit-codec.js';
import { liveWorkers } from './worker-registry.js';
import { WorkerRates } from './worker-rates.js';

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
  /** Called once when Redis is lost (unreachable, frozen, or restarted and the queue gone): the run should stop and be resumable. */
  readonly onLost: (reason: string) => void;
  readonly maxChunkBarSteps?: number;
  /** Give up when no chunk finishes for this long while chunks are queued (default 10 minutes). */
  readonly idleTimeoutMs?: number;
  /** Reconnection attempts before Redis counts as lost (default 8, about 9 s). */
  readonly retries?: number;
  /** Redis silent this long counts as lost (default `LOST_AFTER_MS`, 15 s). */
  readonly lostAfterMs?: number;
}

/**
 * The TaskPool port over a BullMQ queue: the coordinator side of a distributed optimization.
 * Each symbol job's frame, strategy and space are uploaded once (content-addressed); each chunk
 * becomes a BullMQ job carrying the grid indices of its positions; a worker anywhere writes the
 * chunk's metrics rows to a Redis hash, and `run` copies them into `job.rows` by position, so the
 * rows are the same bits as a local run whatever worker ran what, and in what order. Validation
 * units (CSCV splits, Monte Carlo paths) go the same way (`runUnit`): inputs uploaded once, one
 * `unit` job per range, results copied into place by position.
 */
export class QueuePool implements EvaluationPool {
  readonly maxChunkBarSteps: number;
  readonly remote = true;
  private readonly contexts = new Map<string, Promise<ContextRef>>();
  /** Unit inputs uploaded by this run, by the sha256 of their bytes → the run's results hash for them. */
  private readonly unitInputs = new Map<string, Promise<string>>();
  private readonly rates = new WorkerRates();
  private readonly nonce = randomBytes(4).toString('hex');
  private readonly jobPrefix: string;
  private readonly watch: RedisWatch;
  private lostReason: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private sweeping = false;
  private closed = false;
  /** Rejects (abandoned) when Redis is lost: every wait on Redis in `run` races it, so none outlives the connection. */
  private readonly gone: Promise<never>;
  private giveUp: (e: Error) => void = () => {};

  private readonly pending: PendingChunks;

  private constructor(readonly threads: number, private readonly o: QueuePoolOptions, private readonly c: PoolConnection) {
    this.pending = new PendingChunks(c);
    this.maxChunkBarSteps = o.maxChunkBarSteps ?? QUEUE_CHUNK_BAR_STEPS;
    this.jobPrefix = `${o.runId.slice(0, 12)}-${this.nonce}-`;
    this.gone = new Promise<never>((_, reject) => {
      this.giveUp = reject;
    });
    this.gone.catch(() => {});
    this.watch = new RedisWatch(c.redis, {
      display: o.target.display, lost: (r) => this.lose(r), lostAfterMs: o.lostAfterMs,
      stillThere: async () => (await c.redis.exists(keys.runMarker(o.runId, this.nonce))) === 1,
    });
  }

  /** Connects (a clear error when Redis is unreachable or refuses the password) and listens for chunk events. */
  static async open(o: QueuePoolOptions): Promise<QueuePool> {
    const c = await PoolConnection.open(o.target, o.queueName, o.retries ?? 8);
    try {
      const workers = await liveWorkers(c.redis, o.queueName);
      const threads = workers.reduce((s, w) => s + w.threads, 0);
      if (workers.length === 0) {
        o.log.warn(`No worker is connected to queue "${o.queueName}" at ${o.target.display} yet: the chunks wait until one starts (backtester worker --redis URL${o.queueName === 'backtester-chunks' ? '' : ` --queue-name ${o.queueName}`}).`);
      } else {
        o.log.note(`${workers.length} worker${workers.length > 1 ? 's' : ''} with ${threads} thread${threads > 1 ? 's' : ''} on queue "${o.queueName}" at ${o.target.display}`);
      }
      const pool = new QueuePool(Math.max(1, threads || ASSUMED_THREADS), o, c);
      await c.redis.set(keys.runMarker(o.runId, pool.nonce), '1', 'EX', DATA_TTL_SECONDS);
      pool.listen();
      return pool;
    } catch (e) {
      await c.close(true);
      throw e;
    }
  }

  private listen(): void {
    const events = this.c.events;
    events.on('completed', ({ jobId, returnvalue }) => {
      const r = (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as ChunkJobResult | null;
      // Counted for this run's chunks even when the fallback sweep collected the rows first.
      if (r && jobId.startsWith(this.jobPrefix)) this.rates.add(r);
      void this.pending.collect(jobId);
    });
    events.on('failed', ({ jobId, failedReason }) => this.pending.fail(jobId, failedReason));
    events.on('stalled', ({ jobId }) => {
      const what = this.pending.describe(jobId);
      if (what) this.o.log.warn(`Chunk ${what} (job ${jobId}): its worker stopped responding; BullMQ put it back in the queue and another worker will run it.`);
    });
    this.watch.start();
    // Fallback for missed events and the idle watchdog: one bounded check every 2 s.
    this.timer = setInterval(() => void this.sweep(), 2_000);
    this.timer.unref();
  }

  async run(job: SymbolJob, start: number, end: number): Promise<void> {
    if (this.lostReason !== null) throw new ChunkAbandonedError(this.lostReason);
    const ctx = await this.guard(this.context(job));
    const field = resultField(start, end);
    const stored = await this.guard(this.c.redis.hgetBuffer(ctx.results, field));
    if (stored) {
      unpackChunk(job, start, end, stored);
      return;
    }
    const jobId = `${this.jobPrefix}${ctx.key.slice(0, 8)}-${field}`;
    const data: ChunkJobData = {
      version: PACKAGE_VERSION, protocol: PROTOCOL, strategySha: ctx.strategySha, context: ctx.key, results: ctx.results,
      start, end, grid: Array.from(job.order.subarray(start, end)), symbol: job.frame.symbol,
    };
    const symbol = job.frame.symbol;
    return this.enqueue('chunk', jobId, data, {
      label: `${start}–${end} of ${symbol}`, where: `${symbol} positions ${start}–${end}`, results: ctx.results, field, apply: (buf) => unpackChunk(job, start, end, buf),
    });
  }

  /**
   * Runs a validation unit on the queue workers: its inputs are uploaded once (content-addressed),
   * its range [first, end) becomes one `unit` job, and the worker's results are copied into
   * `unit.out` by position. Results already stored for this run are used instead (a run repeated
   * after a stop). Rejects with ChunkAbandonedError when cancelled or when Redis is lost.
   */
  async runUnit(unit: ValidationUnit): Promise<void> {
    if (this.lostReason !== null) throw new ChunkAbandonedError(this.lostReason);
    const bytes = encodeUnitInput(unit);
    const input = sha256(bytes);
    let results = this.unitInputs.get(input);
    if (results === undefined) {
      results = uploadUnitInput(this.c.redis, input, bytes, this.o.runId);
      this.unitInputs.set(input, results);
      results.catch(() => this.unitInputs.delete(input));
    }
    const hash = await this.guard(results);
    const field = resultField(unit.first, unit.end);
    const apply = (buf: Buffer) => unpackUnitResult(unit, buf);
    const stored = await this.guard(this.c.redis.hgetBuffer(hash, field));
    if (stored) {
      apply(stored);
      return;
    }
    const label = unitLabel(unit);
    const data: UnitJobData = { version: PACKAGE_VERSION, protocol: PROTOCOL, input, results: hash, first: unit.first, end: unit.end, label };
    return this.enqueue('unit', `${this.jobPrefix}u${input.slice(0, 8)}-${field}`, data, { label, where: label, results: hash, field, apply });
  }

  /** Adds one BullMQ job and resolves when its results are copied into place. */
  private async enqueue(name: 'chunk' | 'unit', jobId: string, data: ChunkJobData | UnitJobData, work: PendingWork): Promise<void> {
    const done = this.pending.add(jobId, work);
    // With Redis gone the add would wait for a reconnect for ever; the job settles (abandoned) when the watch gives up.
    await Promise.race([this.guard(this.c.queue.add(name, data, { jobId, attempts: 1, removeOnComplete: true, removeOnFail: { count: 1000 } })), done]);
    return done;
  }

  /**
   * `p`, or a ChunkAbandonedError once Redis is lost (the chunk stays to do: the run ends
   * resumable). A command failing because the connection closed loses Redis at once.
   */
  private async guard<T>(p: Promise<T>): Promise<T> {
    try {
      return await Promise.race([p, this.gone]);
    } catch (e) {
      if (this.lostReason === null && e instanceof Error && /Connection is closed|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT/.test(e.message)) {
        this.lose(`lost the connection to Redis at ${this.o.target.display} (${e.message})`);
      }
      if (this.lostReason !== null) throw new ChunkAbandonedError(this.lostReason);
      throw e;
    }
  }

  /** Merges results already stored for this run (chunks finished before an interruption) into `job.rows`; marks them in `done`. */
  async storedRows(job: SymbolJob, done: Uint8Array): Promise<number> {
    const ctx = await this.guard(this.context(job));
    const all = await this.guard(this.c.redis.hgetallBuffer(ctx.results));
    const S = blocksOf(job);
    let n = 0;
    for (const [field, buf] of Object.entries(all)) {
      const [s, e] = field.split('-').map(Number);
      if (!(Number.isInteger(s) && Number.isInteger(e) && s < e && e <= done.length) || buf.length !== chunkBytes(e - s, S)) continue;
      for (let i = s; i < e; i++) {
        if (done[i] === 0) n++;
        done[i] = 1;
      }
      unpackChunk(job, s, e, buf);
    }
    return n;
  }

  /** Removes this run's chunks still waiting in the queue (Ctrl-C); chunks already running finish. */
  async cancelQueued(): Promise<number> {
    let removed = 0;
    for (const jobId of this.pending.ids()) {
      const n = await this.c.queue.remove(jobId).catch(() => 0);
      if (n === 1 && this.pending.reject(jobId, new ChunkAbandonedError('cancelled'))) removed++;
    }
    return removed;
  }

  /** Deletes the run's stored results (after its outputs are written). */
  async clearStored(): Promise<void> {
    for (const c of this.contexts.values()) await this.c.redis.del((await c).results).catch(() => 0);
    for (const r of this.unitInputs.values()) await r.then((hash) => this.c.redis.del(hash)).catch(() => 0);
  }

  /** Per-worker throughput so far, for `--debug`. */
  workerRates(): string[] {
    return this.rates.lines();
  }

  /** The reason the run lost Redis, or null. */
  get lost(): string | null {
    return this.lostReason;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.watch.stop();
    const lost = this.lostReason !== null;
    // A run ending early (an error elsewhere) leaves no orphan chunks for the workers.
    const cleanUp = async () => {
      if (this.pending.size > 0) await this.cancelQueued();
      await this.c.redis.del(keys.runMarker(this.o.runId, this.nonce));
    };
    await this.c.close(lost, cleanUp);
    this.pending.rejectAll(new ChunkAbandonedError('pool closed'));
  }

  private context(job: SymbolJob): Promise<ContextRef> {
    let c = this.contexts.get(job.id);
    if (c === undefined) {
      c = uploadContext(this.c.redis, job, this.o.runId, (m) => this.o.log.debug(m));
      this.contexts.set(job.id, c);
      c.catch(() => this.contexts.delete(job.id));
    }
    return c;
  }

  private async sweep(): Promise<void> {
    if (this.pending.size === 0 || this.lostReason !== null || this.sweeping) return;
    this.sweeping = true;
    try {
      await this.pending.sweep();
    } catch {
      return; // connection trouble: the watch decides
    } finally {
      this.sweeping = false;
    }
    const idle = this.o.idleTimeoutMs ?? 600_000;
    if (this.pending.size > 0 && Date.now() - this.pending.lastProgress > idle) {
      this.lose(`no worker finished a chunk in ${Math.round(idle / 1000)} s (are workers running on queue "${this.o.queueName}"?)`);
    }
  }

  private lose(reason: string): void {
    if (this.lostReason !== null || this.closed) return;
    this.lostReason = reason;
    this.giveUp(new ChunkAbandonedError(reason));
    this.o.onLost(reason);
    this.pending.rejectAll(new ChunkAbandonedError(reason));
  }
}
