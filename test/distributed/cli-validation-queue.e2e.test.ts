/**
 * Walk-forward and CSCV through the queue, end to end on real candles
 * (../shared/data) and a private redis-server, with 2 real `backtester worker` processes started
 * through the CLI: every output file is byte-identical to the same command run locally, and the
 * workers' own logs show they did the work (each evaluated chunks; the counts add up). A portfolio
 * optimization with --queue is refused before any work. (Several symbols through the queue:
 * cli-queue-inputs.e2e.test.ts.)
 */
import { existsSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type CliProcess } from '../support/cli-process.js';
import { hasRedis, NO_REDIS, startRedis, type TestRedis } from '../support/redis-server.js';
import { CLI, readCsvRows, runCli, tempDir } from '../support/run-cli.js';
import { hasSharedData, sharedDataDir } from '../support/shared-data.js';
import { expectSameFiles, finishedCombinations } from './compare-runs.js';

const ready = hasRedis && hasSharedData && existsSync(CLI);
const why = !hasRedis ? NO_REDIS : !hasSharedData ? 'needs ../shared/data (real candles)' : 'needs the built CLI (npm run build)';
/** 4 × 3 × 2 × 2 = 48 combinations: small enough for folds of a few seconds, enough for several chunks per worker. */
const RANGES = { short_ma_window: [5, 10, 20, 40], long_ma_window: [50, 80, 120], sl_atr_multiplier: [0, 2], tp_atr_multiplier: [0, 4] };
const DATA = ['--exchange', 'csv', '--data-dir', sharedDataDir, '--timeframe', '1h', '--start', '2023-01-01', '--end', '2024-01-01'];

let root = '';
let cfg = '';
let redis: TestRedis;
const ws: CliProcess[] = [];
const logs = () => ws.map((w) => w.output());

describe.skipIf(!ready)(`walk-forward and cscv through the queue${ready ? '' : ` (skipped: ${why})`}`, () => {
  beforeAll(async () => {
    root = await tempDir('bt-dist-val-');
    cfg = join(root, 'cfg.json');
    writeFileSync(cfg, JSON.stringify({
      strategy: 'dma_atr_trend', technical_parameters: { short_ma_window: 10, long_ma_window: 30, trend_ma_window: 160 },
      risk_management: { sl_atr_multiplier: 0, tp_atr_multiplier: 0 }, portfolio_parameters: { fees: 0.0005, execution: 'close' }, optimization_ranges: RANGES,
    }));
    redis = await startRedis();
    for (let i = 0; i < 2; i++) ws.push(await startWorker(redis.url, ['--queue-name', 'val']));
  }, 300_000);

  afterAll(async () => {
    for (const w of ws) await w.stop('SIGKILL');
    await redis?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  /** Runs `args` locally and through the queue; returns both folders and the combinations the workers finished meanwhile. */
  async function both(name: string, args: string[]): Promise<{ local: string; queued: string; byWorkers: number; stdout: string }> {
    const local = join(root, `${name}-local`);
    const queued = join(root, `${name}-queued`);
    const l = await runCli([...args, '--workers', '2', '--output', local], { timeoutMs: 300_000 });
    expect(l.code, l.stderr).toBe(0);
    const before = finishedCombinations(...logs());
    const q = await runCli([...args, '--queue', redis.url, '--queue-name', 'val', '--output', queued, '--debug'], { timeoutMs: 300_000 });
    expect(q.code, q.stderr + q.stdout).toBe(0);
    expect(q.stdout).toMatch(/2 workers with 2 threads on queue "val"/);
    return { local, queued, byWorkers: finishedCombinations(...logs()) - before, stdout: q.stdout + q.stderr };
  }

  it('walk-forward --queue: every walk_forward/ file byte-identical to the local run; the workers evaluated every fold\'s combinations', async () => {
    const r = await both('wf', ['walk-forward', ...DATA, '--symbols', 'BTC/USDT', '--config', cfg, '--train', '2000', '--test', '1000']);
    const files = await expectSameFiles(r.local, r.queued, ['walk_forward/folds.csv', 'walk_forward/oos_equity.csv', 'walk_forward/trades.csv', 'walk_forward/walk_forward.json', 'walk_forward/performance_metrics.csv']);
    expect(files).toContain('walk_forward/walk_forward.html');
    const folds = readCsvRows(join(r.queued, 'walk_forward', 'folds.csv'));
    expect(folds.length).toBe(6); // (8,759 − 2,000) / 1,000 test windows
    // Every fold's 48 combinations were evaluated by the two worker processes, none twice.
    expect(r.byWorkers).toBe(folds.length * 48);
    for (const log of logs()) expect(log).toMatch(/Finished chunk/);
    expect(r.stdout).toMatch(/\[debug\] worker [^:]+: \d+ chunks, [\d,]+ combinations, [\d,]+\/s while busy/);
  }, 900_000);

  it('cscv --queue: rows and per-block return sums come back from the workers; every file byte-identical to the local run', async () => {
    const r = await both('cscv', ['cscv', ...DATA, '--symbols', 'BTC/USDT', '--config', cfg, '--blocks', '8']);
    await expectSameFiles(r.local, r.queued, ['cscv_blocks.csv', 'cscv_splits.csv', 'cscv_logit_histogram.csv', 'pbo.json', 'cscv.html']);
    expect(r.byWorkers).toBe(48);
  }, 900_000);

  it('--optimize --portfolio --queue is refused before any work (exit 2), saying what to do instead', async () => {
    const r = await runCli([...DATA, '--symbols', 'BTC/USDT,ETH/USDT', '--config', cfg, '--optimize', '--portfolio', '--queue', redis.url, '--output', join(root, 'pq')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--queue does not run portfolio optimizations \(--portfolio: one account over several symbols\) yet/);
    expect(r.stderr).toMatch(/without --portfolio/);
    expect(existsSync(join(root, 'pq'))).toBe(false);
  });
});
