import { METRIC_COUNT } from '../../../domain/metrics/catalog.js';
import type { SymbolJob } from '../../../orchestration/optimize/job.js';
import { toFloat64 } from './frame-codec.js';

/**
 * A finished chunk as stored in its run's results hash: the metrics rows of its positions
 * (`METRIC_COUNT` float64 each), followed for CSCV by their per-block return sums (`2·S` each).
 */
export function chunkBytes(positions: number, blocks: number): number {
  return positions * (METRIC_COUNT + 2 * blocks) * 8;
}

/** Blocks S of a job (0 without CSCV block sums). */
export function blocksOf(job: Pick<SymbolJob, 'blocks'>): number {
  return job.blocks ? job.blocks.bounds.length - 1 : 0;
}

/** The stored value of a chunk of `n` positions (rows, then block sums when there are some). */
export function packChunk(rows: Float64Array, sums: Float64Array | null): Buffer {
  const r = Buffer.from(rows.buffer, rows.byteOffset, rows.byteLength);
  return sums === null ? r : Buffer.concat([r, Buffer.from(sums.buffer, sums.byteOffset, sums.byteLength)]);
}

/** Copies a stored chunk of positions [start, end) into the job's rows (and block sums), by position. */
export function unpackChunk(job: SymbolJob, start: number, end: number, buf: Buffer): void {
  const n = end - start;
  const S = blocksOf(job);
  if (buf.length !== chunkBytes(n, S)) throw new Error(`stored results of chunk ${start}-${end} have ${buf.length} bytes, not ${chunkBytes(n, S)}`);
  const all = toFloat64(buf);
  job.rows.set(all.subarray(0, n * METRIC_COUNT), start * METRIC_COUNT);
  if (S > 0) job.blocks!.sums.set(all.subarray(n * METRIC_COUNT), start * S * 2);
}
