import type { ChunkJobResult } from './chunk-protocol.js';
import { formatCount } from '../../../base/format-count.js';

/** Per-worker chunk counts and busy time of one coordinator, for `--debug`. */
export class WorkerRates {
  private readonly byWorker = new Map<string, { combinations: number; ms: number; chunks: number; units: number; unitMs: number }>();

  add(r: ChunkJobResult): void {
    const x = this.byWorker.get(r.worker) ?? { combinations: 0, ms: 0, chunks: 0, units: 0, unitMs: 0 };
    // Validation units (CSCV splits, Monte Carlo paths) are counted apart: they are not combinations.
    this.byWorker.set(r.worker, r.units === undefined
      ? { ...x, combinations: x.combinations + r.combinations, ms: x.ms + r.ms, chunks: x.chunks + 1 }
      : { ...x, units: x.units + 1, unitMs: x.unitMs + r.ms });
  }

  /** One line per worker, by id: chunks, combinations, and combinations per second while busy (then validation units, if any). */
  lines(): string[] {
    return [...this.byWorker].sort(([a], [b]) => (a < b ? -1 : 1)).map(([w, r]) =>
      `worker ${w}: ${r.chunks} chunks, ${formatCount(r.combinations)} combinations, ${formatCount(Math.round(r.combinations / Math.max(r.ms / 1000, 1e-9)))}/s while busy`
      + (r.units > 0 ? `; ${r.units} validation units in ${(r.unitMs / 1000).toFixed(2)} s` : ''));
  }
}
