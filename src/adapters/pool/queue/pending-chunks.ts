import { NetworkError } from '../../../base/errors.js';
import { reviveFailure } from './chunk-failure.js';
import type { PoolConnection } from './pool-connection.js';

/** Where a queued job's results are stored and how they are copied into place. */
export interface PendingWork {
  /** For messages: `0–48 of BTC/USDT` (a chunk), `CSCV splits 0–18` (a unit). */
  readonly label: string;
  /** For failures: `BTC/USDT positions 0–48`. */
  readonly where: string;
  /** Results hash and field the worker writes. */
  readonly results: string;
  readonly field: string;
  /** Copies the stored bytes into place by position (throws when they have the wrong size). */
  readonly apply: (buf: Buffer) => void;
}

interface Pending extends PendingWork {
  readonly resolve: () => void;
  readonly reject: (e: unknown) => void;
}

/**
 * The coordinator's queued jobs (chunks of combinations, validation units) by BullMQ job id, each
 * settled once: completed (its results copied in by position from the results hash), failed (the
 * worker's error, revived), or abandoned.
 */
export class PendingChunks {
  private readonly byId = new Map<string, Pending>();
  /** Last time a chunk was queued or finished (the idle watchdog). */
  lastProgress = Date.now();

  constructor(private readonly c: PoolConnection) {}

  get size(): number {
    return this.byId.size;
  }

  /** A promise settled when the job is collected, failed or abandoned. */
  add(jobId: string, work: PendingWork): Promise<void> {
    this.lastProgress = Date.now();
    const done = new Promise<void>((resolve, reject) => this.byId.set(jobId, { ...work, resolve, reject }));
    // It may settle (cancel, lost) while the caller still awaits something else: not an unhandled rejection.
    done.catch(() => {});
    return done;
  }

  /** What a pending job is (for messages), or null. */
  describe(jobId: string): string | null {
    return this.byId.get(jobId)?.label ?? null;
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }

  /** Settles the chunk with `e` (abandoned, cancelled); false when it was not pending. */
  reject(jobId: string, e: unknown): boolean {
    const p = this.byId.get(jobId);
    if (!p) return false;
    this.byId.delete(jobId);
    p.reject(e);
    return true;
  }

  rejectAll(e: unknown): void {
    for (const p of this.byId.values()) p.reject(e);
    this.byId.clear();
  }

  /** Copies a finished chunk's rows into place and resolves it (no-op when not pending or not stored yet). */
  async collect(jobId: string): Promise<void> {
    const p = this.byId.get(jobId);
    if (!p) return;
    try {
      const buf = await this.c.redis.hgetBuffer(p.results, p.field);
      if (!buf || !this.byId.has(jobId)) return;
      this.byId.delete(jobId);
      p.apply(buf);
      this.lastProgress = Date.now();
      p.resolve();
    } catch (e) {
      if (this.byId.delete(jobId)) p.reject(e);
    }
  }

  /** Fails the chunk with the worker's reason (a strategy error, a refusal, or 3 stalls). */
  fail(jobId: string, reason: string): void {
    const p = this.byId.get(jobId);
    if (!p) return;
    const where = p.where;
    this.reject(jobId, /stalled more than allowable limit/.test(reason)
      ? new NetworkError(`The chunk of ${where} stalled 3 times: every worker that took it stopped while running it.`, { hint: 'Check the workers\' logs and memory (a chunk that crashes its worker), then --resume.' })
      : reviveFailure(reason, where));
  }

  /** Fallback for missed events: collects up to 64 chunks whose rows are stored, fails those BullMQ failed. Throws on connection trouble. */
  async sweep(): Promise<void> {
    for (const [jobId, p] of [...this.byId].slice(0, 64)) {
      if (await this.c.redis.hexists(p.results, p.field)) await this.collect(jobId);
      else if ((await this.c.queue.getJobState(jobId)) === 'failed') this.fail(jobId, (await this.c.queue.getJob(jobId))?.failedReason ?? 'failed');
    }
  }
}
