/**
 * The main thread's watch over chunks running on pool threads (issue 8, item 12). Each running
 * chunk gets a slot of a shared watch array where its thread publishes the start of the current
 * strategy call (orchestration/strategy-call-watch.ts); a call older than `--strategy-timeout`
 * gets its chunk aborted (piscina then stops that thread) and the chunk fails with a timeout error.
 */
import { paramsAt } from '../../domain/params/param-space.js';
import type { SymbolJob } from '../../orchestration/optimize/job.js';
import { WATCH_SLOT_SIZE } from '../../orchestration/strategy-call-watch.js';
import { timeoutError } from '../strategy/strategy-host.js';
import { strategyTimeoutMs, watchdogPeriodMs } from '../strategy/strategy-limits.js';

/** What a watched call belongs to: a chunk's job, or a strategy output's request (no space: its messages name no parameters). */
export type WatchedWork = Pick<SymbolJob, 'strategy' | 'frame'> & { readonly space?: SymbolJob['space'] };

export interface WatchedChunk {
  readonly slot: number;
  readonly job: WatchedWork;
  readonly abort: AbortController;
  /** An interrupt abandons it (chunks: their positions stay to do); false for a strategy output, which has no partial result. */
  readonly abandonable: boolean;
  /** Set when the watchdog stopped the chunk. */
  timedOut: Error | null;
}

export class ChunkWatchdog {
  readonly watch: Float64Array;
  private readonly free: number[] = [];
  private readonly running = new Set<WatchedChunk>();
  private timer: NodeJS.Timeout | null = null;

  constructor(slots: number) {
    this.watch = new Float64Array(new SharedArrayBuffer(slots * WATCH_SLOT_SIZE * Float64Array.BYTES_PER_ELEMENT));
    for (let i = slots - 1; i >= 0; i--) this.free.push(i * WATCH_SLOT_SIZE);
  }

  /** A slot for a chunk of `job` (null when every slot is taken: the chunk then runs unwatched). */
  begin(job: WatchedWork, abandonable = true): WatchedChunk | null {
    const slot = this.free.pop();
    if (slot === undefined) return null;
    this.watch[slot] = 0;
    const c: WatchedChunk = { slot, job, abort: new AbortController(), abandonable, timedOut: null };
    this.running.add(c);
    if (this.timer === null && strategyTimeoutMs() > 0) this.timer = setInterval(() => this.check(), watchdogPeriodMs());
    return c;
  }

  end(c: WatchedChunk | null): void {
    if (c === null || !this.running.delete(c)) return;
    this.free.push(c.slot);
    if (this.running.size === 0 && this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  /** Every chunk running now. */
  chunks(): WatchedChunk[] {
    return [...this.running];
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  private check(): void {
    const limit = strategyTimeoutMs();
    const now = Date.now();
    for (const c of this.running) {
      const started = this.watch[c.slot];
      if (limit === 0 || started <= 0 || now - started <= limit || c.timedOut) continue;
      const position = this.watch[c.slot + 2];
      const file = c.job.strategy.kind === 'file' ? c.job.strategy.path : '?';
      let where = ` on ${c.job.frame.symbol}`;
      if (position >= 0 && c.job.space) {
        try {
          where += ` with parameters ${JSON.stringify(paramsAt(c.job.space, position))}`;
        } catch {
          // the position's parameters are only for the message
        }
      }
      c.timedOut = timeoutError(file, this.watch[c.slot + 1], where, limit);
      c.abort.abort(c.timedOut);
    }
  }
}
