import { ChunkAbandonedError, type EvaluationPool, type SymbolJob } from './job.js';

/** Bar-steps (combinations × bars) of the largest chunk: about 20–80 ms of work on one core. */
export const MAX_CHUNK_BAR_STEPS = 4_000_000;
/** Chunks per thread when there is enough work: small enough to balance, large enough to amortise a message. */
export const CHUNKS_PER_THREAD = 8;

/**
 * Combinations per chunk: the remaining work split into about `CHUNKS_PER_THREAD` chunks per
 * thread (so a slow chunk on one thread is balanced by the others picking up more), capped so a
 * chunk stays short (progress, Ctrl-C) and at least 1.
 */
export function chooseChunkSize(remaining: number, threads: number, bars: number, maxBarSteps = MAX_CHUNK_BAR_STEPS): number {
  const byBalance = Math.ceil(remaining / (Math.max(1, threads) * CHUNKS_PER_THREAD));
  const byTime = Math.max(1, Math.floor(maxBarSteps / Math.max(1, bars)));
  return Math.max(1, Math.min(byBalance, byTime));
}

/** Splits the positions not yet done into [start, end) chunks of at most `size`, in position order. */
export function planChunks(done: Uint8Array, size: number): [number, number][] {
  const chunks: [number, number][] = [];
  let i = 0;
  const n = done.length;
  while (i < n) {
    while (i < n && done[i] === 1) i++;
    if (i >= n) break;
    let j = i;
    while (j < n && done[j] === 0 && j - i < size) j++;
    chunks.push([i, j]);
    i = j;
  }
  return chunks;
}

export interface ScheduleOptions {
  /** 1 where a position is already evaluated (resume); updated in place as chunks finish. */
  readonly done: Uint8Array;
  /** Stops scheduling new chunks; chunks already running finish and count. */
  readonly signal?: AbortSignal;
  /** After every chunk: positions done so far (including those done before). */
  readonly onProgress?: (done: number) => void;
  /** Override the chunk size (tests). */
  readonly chunkSize?: number;
}

export interface ScheduleOutcome {
  /** Positions done at the end. */
  readonly done: number;
  /** True when the signal stopped the job before every position was done. */
  readonly interrupted: boolean;
}

/**
 * Evaluates every position of `job` not yet done, in chunks over the pool, keeping at most two
 * chunks per thread in flight (so an abort takes effect within one chunk). Rows land in
 * `job.rows` by position, so the result does not depend on which thread ran which chunk, or when.
 * A chunk that fails fails the job (after the chunks in flight settle).
 */
export async function evaluateJob(job: SymbolJob, pool: EvaluationPool, options: ScheduleOptions): Promise<ScheduleOutcome> {
  const { done, signal } = options;
  let count = 0;
  for (let i = 0; i < done.length; i++) count += done[i];
  // A portfolio combination steps through every symbol's bars.
  const bars = job.portfolioLegs ? job.portfolioLegs.reduce((s, l) => s + l.frame.length, 0) : job.frame.length;
  const size = options.chunkSize ?? chooseChunkSize(done.length - count, pool.threads, bars, pool.maxChunkBarSteps);
  const chunks = planChunks(done, size);
  const limit = Math.max(1, pool.threads * 2);
  let next = 0;
  let inFlight = 0;
  let error: unknown = null;
  let abandoned = false;
  await new Promise<void>((resolve) => {
    const pump = (): void => {
      while (error === null && !abandoned && !signal?.aborted && inFlight < limit && next < chunks.length) {
        const [s, e] = chunks[next++];
        inFlight++;
        pool.run(job, s, e).then(() => {
          done.fill(1, s, e);
          count += e - s;
          options.onProgress?.(count);
        }, (err: unknown) => {
          // An abandoned chunk stays to do (a resume picks it up); anything else fails the job.
          if (err instanceof ChunkAbandonedError) abandoned = true;
          else error ??= err;
        }).finally(() => {
          inFlight--;
          pump();
        });
      }
      if (inFlight === 0) resolve();
    };
    pump();
  });
  if (error !== null) throw error;
  return { done: count, interrupted: count < done.length };
}
