import { bootstrapPaths } from '../../domain/validate/block-bootstrap.js';
import type { PathStats } from '../../domain/validate/path-stats.js';
import { reshufflePaths } from '../../domain/validate/trade-reshuffle.js';
import { cscvRange, type CscvSplits } from '../../kernels/stats/cscv.js';

/**
 * One independent piece of validation work, described by plain data over shared memory so that a
 * worker thread runs it without copies: its inputs are read from, and its results written into,
 * SharedArrayBuffer-backed arrays owned by the caller. Ranges never overlap, and each entry's
 * value does not depend on the range it is computed in, so any chunking gives the same results.
 */
export type ValidationUnit =
  | {
    /** CSCV splits [first, end) of `out.mask`, scored from the per-block sums (`cscvRange`). */
    readonly kind: 'cscv';
    readonly combos: number;
    readonly bars: Float64Array;
    readonly sums: Float64Array;
    readonly out: CscvSplits;
    readonly first: number;
    readonly end: number;
    /** The split held at `out`'s entry 0 (its `mask` included; default 0): a queue worker holds only its range. */
    readonly outStart?: number;
    readonly trace?: UnitTrace;
  }
  | {
    /** Monte Carlo paths [first, end) of one method into `out` (`reshufflePaths`, `bootstrapPaths`). */
    readonly kind: 'reshuffle' | 'bootstrap';
    /** Trade returns (reshuffle) or bar returns (bootstrap). */
    readonly returns: Float64Array;
    readonly seed: number;
    readonly blockLength: number;
    readonly annualization: number;
    readonly out: PathStats;
    readonly first: number;
    readonly end: number;
    /** The path held at `out`'s entry 0 (default 0): a queue worker holds only its range. */
    readonly outStart?: number;
    readonly trace?: UnitTrace;
  };

/**
 * Where each unit ran, for tests: the thread that runs unit `slot` writes its `threadId` + 1 at
 * `ids[slot]` (0 = never ran; the main thread writes 1).
 */
export interface UnitTrace {
  readonly ids: Int32Array;
  readonly slot: number;
}

/** Runs one unit in the calling thread. */
export function runValidationUnit(u: ValidationUnit): void {
  const at = u.outStart ?? 0;
  // A split's score depends only on its mask (read from `out`), so CSCV just shifts the range.
  if (u.kind === 'cscv') cscvRange(u.combos, u.bars, u.sums, u.out, u.first - at, u.end - at);
  else if (u.kind === 'reshuffle') reshufflePaths(u.returns, u.seed, u.annualization, u.out, u.first, u.end, at);
  else bootstrapPaths(u.returns, u.seed, u.blockLength, u.annualization, u.out, u.first, u.end, at);
}

/** `runValidationUnit` in the calling thread, marked as run here (trace id 1). */
export function runUnitInThisThread(u: ValidationUnit): void {
  runValidationUnit(u);
  if (u.trace) u.trace.ids[u.trace.slot] = 1;
}

/** Runs validation units; a pool of worker threads or this thread (`EvaluationPool.runUnit`). */
export interface UnitRunner {
  readonly threads: number;
  /** A pool on other processes (the queue): units go to it even when it counts one thread, since this thread is not one of them. */
  readonly remote?: boolean;
  runUnit?(unit: ValidationUnit): Promise<void>;
}

/**
 * Cuts [0, total) into ranges of `chunk` (default: about four per thread, so a slow thread does
 * not hold up the end) and runs `make(first, end, slot)` for each on the pool, all at once; in
 * this thread when the pool cannot run units or is a local pool of one thread.
 */
export async function runUnits(pool: UnitRunner | null, total: number, make: (first: number, end: number, slot: number) => ValidationUnit, chunk?: number): Promise<void> {
  const threads = pool?.runUnit ? pool.threads : 1;
  const size = Math.max(1, Math.floor(chunk ?? Math.ceil(total / (threads * 4))));
  const units: ValidationUnit[] = [];
  for (let first = 0, slot = 0; first < total; first += size, slot++) units.push(make(first, Math.min(total, first + size), slot));
  if (!pool?.runUnit || (threads <= 1 && !pool.remote)) {
    for (const u of units) runUnitInThisThread(u);
    return;
  }
  const run = pool.runUnit.bind(pool);
  await Promise.all(units.map((u) => run(u)));
}

/** Bytes on a SharedArrayBuffer (results a worker thread writes). */
export const sharedBytes = (bytes: number): ArrayBufferLike => new SharedArrayBuffer(bytes);
