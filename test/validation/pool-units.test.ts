/**
 * Issue 13 item 6: CSCV split ranges, Monte Carlo path ranges and walk-forward folds as units of
 * work on the worker pool. The same inputs give the same results (bit for bit) and the same files
 * whatever the thread count and chunk size, and the units really run on worker threads.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCscvJob } from '../../src/adapters/api/cscv-job.js';
import { runMonteCarloJob } from '../../src/adapters/api/montecarlo-job.js';
import { silentObserver } from '../../src/adapters/api/observer.js';
import { resolveValidationInputs } from '../../src/adapters/api/validation-inputs.js';
import { runWalkForwardJob } from '../../src/adapters/api/walk-forward-job.js';
import { PiscinaPool } from '../../src/adapters/pool/piscina-pool.js';
import { blockBootstrap } from '../../src/domain/validate/block-bootstrap.js';
import { monteCarloInput } from '../../src/domain/validate/monte-carlo.js';
import type { PathStats } from '../../src/domain/validate/path-stats.js';
import { reshuffleTrades } from '../../src/domain/validate/trade-reshuffle.js';
import { cscv, type CscvSplits } from '../../src/kernels/stats/cscv.js';
import { scoreSplits } from '../../src/orchestration/validate/cscv-run.js';
import { runMonteCarloUnits } from '../../src/orchestration/validate/monte-carlo-run.js';
import { sameBits } from '../optimization/fixtures.js';
import { CLI, runCli } from '../support/run-cli.js';
import { dmaConfig } from './markets.js';
import { cscvFixture } from './cscv-fixture.js';

let pool: PiscinaPool;
let root = '';
beforeAll(async () => {
  pool = new PiscinaPool(2);
  root = await mkdtemp(join(tmpdir(), 'bt-units-'));
});
afterAll(async () => {
  await pool.close();
  await rm(root, { recursive: true, force: true });
});


const SPLIT_FIELDS = ['best', 'isSharpe', 'oosSharpe', 'rank', 'omega', 'logit'] as const;
const PATH_FIELDS = ['finalReturn', 'maxDrawdown', 'sharpe', 'fan'] as const;
const sameSplits = (a: CscvSplits, b: CscvSplits) => SPLIT_FIELDS.every((f) => sameBits(a[f], b[f]));
const samePaths = (a: PathStats, b: PathStats) => PATH_FIELDS.every((f) => sameBits(a[f], b[f]));

describe('CSCV split ranges on the pool', () => {
  const { combos, bars, sums } = cscvFixture();
  const want = cscv(combos, bars, sums);

  it('every chunk size on 2 threads scores the splits of one in-thread cscv() call, bit for bit, and each unit ran on a worker thread', async () => {
    for (const chunk of [1, 17, 100, 252]) {
      const trace = new Int32Array(new SharedArrayBuffer(4 * Math.ceil(252 / chunk)));
      const got = await scoreSplits(combos, bars, sums, pool, chunk, trace);
      expect(sameSplits(got, want), `chunk ${chunk}`).toBe(true);
      // threadId + 1 of a worker thread is ≥ 2 (the main thread is threadId 0).
      for (const id of trace) expect(id, `chunk ${chunk}`).toBeGreaterThanOrEqual(2);
    }
    // With no pool the units run here (trace 1), with the same results.
    const trace = new Int32Array(4);
    expect(sameSplits(await scoreSplits(combos, bars, sums, null, 70, trace), want)).toBe(true);
    expect(Array.from(trace)).toEqual([1, 1, 1, 1]);
  });
});

describe('Monte Carlo path ranges on the pool', () => {
  const eq = Float64Array.from({ length: 700 }, (_, t) => 100 * (1 + 0.2 * Math.sin(t / 23)) * (1 + t / 900));
  const input = monteCarloInput(eq, 100, [5, 60, 200, 410, 650], [4, -2, 6, -5, 3], Math.sqrt(8760));
  const seed = 2024;
  const paths = 97;
  const reshuffle = reshuffleTrades(input.tradeReturns, paths, seed);
  const bootstrap = blockBootstrap(input.barReturns, paths, seed, 9, input.annualization);

  it('any chunk size, on 2 threads or in this thread, gives the paths of one sequential run, bit for bit; units ran on worker threads', async () => {
    for (const chunk of [1, 10, 50, paths]) {
      const units = 2 * Math.ceil(paths / chunk);
      const trace = new Int32Array(new SharedArrayBuffer(4 * units));
      const r = await runMonteCarloUnits(input, { paths, seed }, pool, { chunk, trace });
      expect(r.blockLength).toBe(9);
      expect(samePaths(r.reshuffle, reshuffle), `reshuffle, chunk ${chunk}`).toBe(true);
      expect(samePaths(r.bootstrap, bootstrap), `bootstrap, chunk ${chunk}`).toBe(true);
      for (const id of trace) expect(id, `chunk ${chunk}`).toBeGreaterThanOrEqual(2);
    }
    const here = await runMonteCarloUnits(input, { paths, seed }, null, { chunk: 13 });
    expect(samePaths(here.bootstrap, bootstrap) && samePaths(here.reshuffle, reshuffle)).toBe(true);
  });

  it('a path does not depend on how many paths run: the first 40 of 97 are the 40 of a 40-path run', () => {
    const short = blockBootstrap(input.barReturns, 40, seed, 9, input.annualization);
    expect(sameBits(short.finalReturn, bootstrap.finalReturn.subarray(0, 40))).toBe(true);
    expect(sameBits(reshuffleTrades(input.tradeReturns, 40, seed).maxDrawdown, reshuffle.maxDrawdown.subarray(0, 40))).toBe(true);
  });
});

const read = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');
const inputs = (cfg: string) => resolveValidationInputs({
  symbols: 'ETH/USDT', timeframe: '4h', start: '2022-01-01', end: '2023-07-01', exchange: 'sample', market: 'spot', config: cfg,
});

describe('same files with 1 and 2 workers (jobs forced onto the pool)', () => {
  it('CSCV', async () => {
    const cfg = dmaConfig(root, 'cscv.json', { short_ma_window: [5, 10, 20, 30], long_ma_window: [40, 60, 90] });
    const out = (w: number) => join(root, `cscv-w${w}`);
    for (const w of [1, 2]) {
      await runCscvJob({ inputs: await inputs(cfg), blocks: 8, workers: w, inProcessBelow: 0, outputDir: out(w), observer: silentObserver });
    }
    for (const f of ['cscv_blocks.csv', 'cscv_splits.csv', 'cscv_combinations.csv', 'cscv_logit_histogram.csv', 'pbo.json']) expect(read(out(2), f), f).toBe(read(out(1), f));
  });

  it('walk-forward (folds optimized ahead while the previous fold is tested)', async () => {
    const cfg = dmaConfig(root, 'wf.json', { short_ma_window: [5, 10, 20], long_ma_window: [40, 60, 90] });
    const out = (w: number) => join(root, `wf-w${w}`);
    for (const w of [1, 2]) {
      await runWalkForwardJob({ inputs: await inputs(cfg), train: '4M', test: '2M', workers: w, inProcessBelow: 0, outputDir: out(w), observer: silentObserver });
    }
    for (const f of ['folds.csv', 'oos_equity.csv', 'trades.csv', 'performance_metrics.csv']) expect(read(join(out(2), 'walk_forward'), f), f).toBe(read(join(out(1), 'walk_forward'), f));
  });
});

describe.skipIf(!existsSync(CLI))('Monte Carlo files with 1 and 2 workers', () => {
  it('montecarlo of one run: same files in this thread and on 2 threads in chunks of 7 paths', async () => {
    const run = join(root, 'bt');
    const r = await runCli(['--exchange', 'sample', '--symbols', 'ETH/USDT', '--timeframe', '4h', '--start', '2022-01-01', '--end', '2023-07-01', '--output', run]);
    expect(r.code, r.stderr).toBe(0);
    const out = (w: number) => join(root, `mc-w${w}`);
    await runMonteCarloJob({ runDir: run, paths: 150, seed: 5, workers: 1, outputDir: out(1), observer: silentObserver });
    await runMonteCarloJob({ runDir: run, paths: 150, seed: 5, workers: 2, inProcessBelow: 0, chunkPaths: 7, outputDir: out(2), observer: silentObserver });
    for (const f of ['montecarlo_paths.csv', 'montecarlo_summary.csv', 'montecarlo_fan.csv', 'montecarlo.json']) expect(read(out(2), f), f).toBe(read(out(1), f));
  });
});
