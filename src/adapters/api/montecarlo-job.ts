import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { UsageError } from '../../base/errors.js';
import { barsPerYear, isTimeframe } from '../../domain/frame/timeframe.js';
import { monteCarloInput, type MonteCarloResult } from '../../domain/validate/monte-carlo.js';
import { MC_IN_PROCESS_BELOW, runMonteCarloUnits } from '../../orchestration/validate/monte-carlo-run.js';
import { defaultWorkers, PiscinaPool } from '../pool/piscina-pool.js';
import { writeMonteCarloFiles } from '../report/csv/montecarlo-csv.js';
import { writeMonteCarloPage } from '../report/html/validation/montecarlo-page.js';
import { linkFromIndex } from '../report/html/validation/validation-page.js';
import { StagedOutput } from '../output/staged-output.js';
import { parseCsv } from '../report/csv/read-csv.js';
import type { RunObserver } from './observer.js';
import type { QueueSettings } from './optimization-queue.js';
import { fingerprintOf } from './optimization-state.js';
import { formatCount } from '../../base/format-count.js';

export interface MonteCarloJob {
  /** A single backtest's folder (with equity.csv and trades.csv), or one symbol's folder of a multi-symbol run. */
  readonly runDir: string;
  readonly paths?: number;
  readonly seed?: number;
  readonly blockLength?: number;
  /** Default `<runDir>/montecarlo`. */
  readonly outputDir?: string;
  readonly observer: RunObserver;
  /** Worker threads for the paths (default every core). */
  readonly workers?: number;
  /** Path-steps (paths × (bars + trades)) below which the paths run in this thread (default `MC_IN_PROCESS_BELOW`). */
  readonly inProcessBelow?: number;
  /** Paths per unit of work on the pool (default about four units per thread and method). */
  readonly chunkPaths?: number;
  /** Run the paths on queue workers over Redis (`--queue`, docs/distributed.md); `workers` then does not apply. */
  readonly queue?: QueueSettings;
  /** Turn SIGINT/SIGTERM into a clean stop of a queued run (the CLI). */
  readonly handleSignals?: boolean;
}

export const DEFAULT_MC_PATHS = 1000;

/** Checks the Monte Carlo settings (before any work). */
export function checkMonteCarlo(j: Pick<MonteCarloJob, 'paths' | 'seed' | 'blockLength' | 'workers'>): void {
  if (j.workers !== undefined && !(Number.isInteger(j.workers) && j.workers >= 1)) throw new UsageError(`--workers takes a whole number >= 1, got ${j.workers}.`);
  if (j.paths !== undefined && !(Number.isInteger(j.paths) && j.paths >= 1 && j.paths <= 1_000_000)) throw new UsageError(`--paths takes a whole number from 1 to 1,000,000, got ${j.paths}.`);
  if (j.seed !== undefined && !(Number.isSafeInteger(j.seed) && j.seed >= 0)) throw new UsageError(`--seed takes a whole number >= 0, got ${j.seed}.`);
  if (j.blockLength !== undefined && !(j.blockLength >= 1)) throw new UsageError(`--block-length takes a number >= 1, got ${j.blockLength}.`);
}

/** run.json of the folder or of its parent (a symbol folder of a multi-symbol run), and the (absolute) folder holding it. */
async function runManifest(dir: string): Promise<{ root: string; manifest: Record<string, any> }> {
  for (const d of [resolve(dir), dirname(resolve(dir))]) {
    const p = join(d, 'run.json');
    if (existsSync(p)) return { root: d, manifest: JSON.parse(await readFile(p, 'utf8')) };
  }
  throw new UsageError(`${dir} has no run.json: not a finished backtest folder.`, { hint: 'Pass the --output folder of a completed single backtest (or one symbol\'s folder of it).' });
}

/**
 * `backtester montecarlo --run DIR`: resamples a finished backtest (trade-order reshuffling and a
 * stationary block bootstrap of its bar returns) and writes montecarlo/ with the percentile
 * table, every path, the fan and montecarlo.html, linked from the run's index. Published like
 * every run: staged, under the folder's lock, swapped in with the run's run.json updated last;
 * a file of the run the tool did not write (or that changed since) is refused, never touched.
 */
export async function runMonteCarloJob(job: MonteCarloJob): Promise<MonteCarloResult & { outputDir: string }> {
  checkMonteCarlo(job);
  const t0 = performance.now();
  const { root, manifest } = await runManifest(job.runDir);
  if (!existsSync(join(job.runDir, 'equity.csv')) || !existsSync(join(job.runDir, 'trades.csv'))) {
    throw new UsageError(`${job.runDir} has no equity.csv and trades.csv.`, { hint: 'Pass a single backtest\'s folder; for several symbols, one symbol\'s sub-folder.' });
  }
  const tf = String(manifest.data?.timeframe ?? '');
  const initCash = Number(manifest.portfolio?.initCash);
  if (!isTimeframe(tf) || !(initCash > 0)) throw new UsageError(`run.json in ${job.runDir} lacks the timeframe or initial cash.`);
  const equity = Float64Array.from(parseCsv(await readFile(join(job.runDir, 'equity.csv'), 'utf8')).map((r) => Number(r.equity)));
  const trades = parseCsv(await readFile(join(job.runDir, 'trades.csv'), 'utf8'));
  const annual = Math.sqrt(barsPerYear(tf, Number(manifest.portfolio?.daysPerYear ?? 365)));
  const input = monteCarloInput(equity, initCash, trades.map((t) => Number(t.entry_bar)), trades.map((t) => Number(t.pnl)), annual);
  const paths = job.paths ?? DEFAULT_MC_PATHS;
  const seed = job.seed ?? 42;
  const spec = { paths, seed, blockLength: job.blockLength };
  // Staged and published like every run (src/adapters/output): added to the run folder, or into
  // --output as a run of its own; a failure or Ctrl-C midway publishes nothing.
  const rel = relative(root, resolve(job.runDir)).split(sep).join('/');
  const inRun = (p: string) => (rel ? `${rel}/${p}` : p);
  if (job.outputDir !== undefined && [root, resolve(job.runDir)].includes(resolve(job.outputDir))) {
    throw new UsageError(`--output ${job.outputDir} is the run's own folder: the Monte Carlo would replace the backtest there.`, {
      hint: 'Leave --output out to add montecarlo/ to the run (linked from its index), or choose another folder.',
    });
  }
  const staged = job.outputDir !== undefined ? await StagedOutput.create(job.outputDir) : await StagedOutput.addTo(root, [inRun('montecarlo'), inRun('index.html')]);
  try {
    const result = await computePaths(job, input, spec, annual);
    const out = job.outputDir !== undefined ? staged.dir : join(staged.dir, rel, 'montecarlo');
    await mkdir(out, { recursive: true });
    const table = await writeMonteCarloFiles(out, result, { paths, seed, bars: equity.length, trades: trades.length, initCash });
    const symbol = String(manifest.data?.symbols?.[0] ?? '');
    await writeMonteCarloPage(out, result, table, { title: `${symbol} · ${tf} · ${manifest.strategy?.name ?? ''}`, synthetic: Boolean(manifest.data?.synthetic), paths, seed });
    if (job.outputDir !== undefined) {
      await staged.publish({ kind: 'montecarlo', run: resolve(job.runDir), paths, seed, ...(job.blockLength !== undefined && { blockLength: job.blockLength }) }, (t) => job.observer.warn(t));
    } else {
      await linkFromIndex(job.runDir, 'montecarlo/montecarlo.html', 'Monte Carlo', join(staged.dir, rel));
      await staged.publishAddition();
    }
    const shown = job.outputDir ?? join(job.runDir, 'montecarlo');
    job.observer.step(`Monte Carlo: ${formatCount(paths)} paths per method`, (performance.now() - t0) / 1000);
    job.observer.summary('Monte Carlo (5% / 50% / 95%)', table.map((r) => [`${r.method} ${r.statistic}`, r.values.map((v) => (r.statistic === 'sharpe_ratio' ? v.toFixed(2) : `${(100 * v).toFixed(2)}%`)).join(' / ')] as const));
    job.observer.note(`Monte Carlo written to ${shown}`);
    return { ...result, outputDir: shown };
  } catch (e) {
    const err = staged.explain(e);
    await staged.discard();
    throw err;
  }
}

/** Every path of both methods: on queue workers, on worker threads, or in this thread when small. */
async function computePaths(job: MonteCarloJob, input: ReturnType<typeof monteCarloInput>, spec: { paths: number; seed: number; blockLength?: number }, annual: number): Promise<MonteCarloResult> {
  const paths = spec.paths;
  if (job.queue) {
    // Every path range is a unit on the queue workers (BullMQ and ioredis loaded only here).
    const { runOnQueue } = await import('./validation-queue.js');
    const runId = fingerprintOf({ kind: 'montecarlo', v: 1, trades: input.tradeReturns, bars: input.barReturns, annual, ...spec });
    job.observer.debug('Monte Carlo paths on queue workers');
    return runOnQueue(job.queue, runId, 'Monte Carlo', job.observer, job.handleSignals ?? false, (pool) => runMonteCarloUnits(input, spec, pool, { chunk: job.chunkPaths }));
  }
  const threads = Math.min(job.workers ?? defaultWorkers(), paths);
  const work = paths * (input.barReturns.length + input.tradeReturns.length);
  const pool = threads > 1 && work >= (job.inProcessBelow ?? MC_IN_PROCESS_BELOW) ? new PiscinaPool(threads) : null;
  job.observer.debug(pool ? `Monte Carlo paths on ${threads} worker threads` : 'Monte Carlo paths in this thread');
  try {
    return await runMonteCarloUnits(input, spec, pool, { chunk: job.chunkPaths });
  } finally {
    await pool?.close();
  }
}
