import type { ChunkJobResult } from './chunk-protocol.js';

/** Per-worker chunk counts and busy time of one coordinator, for `--debug`. */
export class WorkerRates {
  private readonly byWorker = new Map<string, { combinations: number; ms: number; chunks: number }>();

  add(r: ChunkJobResult): void {
    const x = this.byWorker.get(r.worker) ?? { combinations: 0, ms: 0, chunks: 0 };
    this.byWorker.set(r.worker, { combinations: x.combinations + r.combinations, ms: x.ms + r.ms, chunks: x.chunks + 1 });
  }

  /** One line per worker, by id: chunks, combinations, and combinations per second while busy. */
  lines(): string[] {
    return [...this.byWorker].sort(([a], [b]) => (a < b ? -1 : 1)).map(([w, r]) =>
      `worker ${w}: ${r.chunks} chunks, ${r.combinations.toLocaleString('en-US')} combinations, ${Math.round(r.combinations / Math.max(r.ms / 1000, 1e-9)).toLocaleString('en-US')}/s while busy`);
  }
}
