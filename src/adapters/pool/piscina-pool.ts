import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { EvaluationPool, SymbolJob } from '../../orchestration/optimize/job.js';
import { reviveError, type ChunkResult, type ChunkTask } from './chunk-task.js';
import { bundleUrl } from '../fs/bundle-location.js';

/**
 * The worker entry next to this module: from dist (the CLI), the CommonJS entry that imports the
 * ES module worker (see optimize-worker-entry.cts); from sources (tests, `tsx`), the `.ts` worker
 * with tsx's loader; from the bundle (dist/bundle/), the bundled worker.
 */
export function workerEntry(): { filename: string; execArgv: string[] } {
  // The bundled CLI starts the bundled worker (one file to load instead of ~100 modules).
  const bundle = bundleUrl();
  if (bundle) return { filename: new URL('./optimize-worker-entry.cjs', bundle).href, execArgv: [] };
  const here = import.meta.url;
  // From sources, tsx compiles the .ts worker to CommonJS for piscina's require(): no require(esm).
  if (here.endsWith('.ts')) return { filename: new URL('./optimize-worker.ts', here).href, execArgv: ['--import', 'tsx'] };
  return { filename: new URL('./optimize-worker-entry.cjs', here).href, execArgv: [] };
}

/** Default thread count: every core (`os.availableParallelism()`). */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Worker threads over piscina. Threads start at once (so the first chunks do not wait for a
 * spawn) and share the bars, plans, indicators and rows through SharedArrayBuffers: a task
 * message carries only views, never copies of the data.
 */
export class PiscinaPool implements EvaluationPool {
  readonly threads: number;
  private readonly piscina: Piscina<ChunkTask, ChunkResult>;

  /** `entry`: another worker file (the bench times the bundled worker from dist/). */
  constructor(threads: number, entry = workerEntry()) {
    this.threads = Math.max(1, Math.floor(threads));
    this.piscina = new Piscina<ChunkTask, ChunkResult>({
      filename: entry.filename, execArgv: entry.execArgv,
      minThreads: this.threads, maxThreads: this.threads, idleTimeout: 60_000,
    });
  }

  async run(job: SymbolJob, start: number, end: number): Promise<void> {
    const r = await this.piscina.run({ job, start, end });
    if (!r.ok) throw reviveError(r.error);
  }

  async close(): Promise<void> {
    await this.piscina.destroy();
  }
}
