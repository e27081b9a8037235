/**
 * Issue 13 item 6 and issue 10 item 9 on the distributed engine, end to end through the CLI on
 * real candles (../shared/data), a private redis-server and real `backtester worker` processes:
 * - `cscv --queue` (combinations, then the split ranges) and `montecarlo --queue` (the path
 *   ranges) write every file byte-identical to the local run, with 1 worker and with 2, and the
 *   workers' logs show they computed every split and path;
 * - a strategy reading another symbol (`this.informative('4h', 'BTC/USDT')`) optimized with
 *   `--queue` (and walk-forward with it): the workers get BTC's bars in the frame and the files
 *   equal the local run's;
 * - `montecarlo --queue` stopped by Ctrl-C (exit 130) or by Redis going away (exit 3) writes nothing.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli, startWorker, type CliProcess } from '../support/cli-process.js';
import { hasRedis, NO_REDIS, startRedis, type TestRedis } from '../support/redis-server.js';
import { CLI, runCli, tempDir } from '../support/run-cli.js';
import { hasSharedData, repoRoot, sharedDataDir } from '../support/shared-data.js';
import { expectSameFiles, expectSameOutputs, finishedCombinations } from './compare-runs.js';

const ready = hasRedis && hasSharedData && existsSync(CLI);
const why = !hasRedis ? NO_REDIS : !hasSharedData ? 'needs ../shared/data (real candles)' : 'needs the built CLI (npm run build)';
/** 4 × 3 × 2 × 2 = 48 combinations. */
const RANGES = { short_ma_window: [5, 10, 20, 40], long_ma_window: [50, 80, 120], sl_atr_multiplier: [0, 2], tp_atr_multiplier: [0, 4] };
const DATA = ['--exchange', 'csv', '--data-dir', sharedDataDir, '--timeframe', '1h', '--start', '2023-01-01', '--end', '2024-01-01', '--no-rich'];
const PULLBACK = join(repoRoot, 'examples', 'strategies', 'trend-pullback.ts');

let root = '';
let cfg = '';
let redis: TestRedis;
/** Queue "one": 1 worker; queue "two": 2 workers (every worker runs with 1 thread). */
const one: CliProcess[] = [];
const two: CliProcess[] = [];
const running: CliProcess[] = [];

/** Splits or paths the workers say they finished (`Finished unit …: N splits in`), summed. */
function finishedUnits(what: 'splits' | 'paths', ws: readonly CliProcess[]): number {
  let n = 0;
  for (const w of ws) for (const m of w.output().matchAll(new RegExp(`Finished unit [^\\n]*?: (\\d+) ${what} in`, 'g'))) n += Number(m[1]);
  return n;
}

function within<T>(p: Promise<T>, ms: number, what: () => string): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<T>((_, reject) => { t = setTimeout(() => reject(new Error(what())), ms); })]).finally(() => clearTimeout(t));
}

describe.skipIf(!ready)(`validation units and other symbols through the queue${ready ? '' : ` (skipped: ${why})`}`, () => {
  beforeAll(async () => {
    root = await tempDir('bt-dist-units-');
    cfg = join(root, 'cfg.json');
    writeFileSync(cfg, JSON.stringify({
      strategy: 'dma_atr_trend', technical_parameters: { short_ma_window: 10, long_ma_window: 30, trend_ma_window: 160 },
      risk_management: { sl_atr_multiplier: 0, tp_atr_multiplier: 0 }, portfolio_parameters: { fees: 0.0005, execution: 'close' }, optimization_ranges: RANGES,
    }));
    redis = await startRedis();
    one.push(await startWorker(redis.url, ['--queue-name', 'one', '--allow-strategy-files']));
    for (let i = 0; i < 2; i++) two.push(await startWorker(redis.url, ['--queue-name', 'two', '--allow-strategy-files']));
  }, 400_000);

  afterAll(async () => {
    for (const p of [...running, ...one, ...two]) await p.stop('SIGKILL');
    await redis?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('cscv --queue with 1 and with 2 workers: every file byte-identical to the local run; the workers scored all 70 splits', async () => {
    const args = ['cscv', ...DATA, '--symbols', 'BTC/USDT', '--config', cfg, '--blocks', '8'];
    const local = join(root, 'cscv-local');
    const l = await runCli([...args, '--workers', '2', '--output', local], { timeoutMs: 300_000 });
    expect(l.code, l.stderr).toBe(0);
    for (const [name, ws] of [['one', one], ['two', two]] as const) {
      const out = join(root, `cscv-${name}`);
      const splits = finishedUnits('splits', ws);
      const combos = finishedCombinations(...ws.map((w) => w.output()));
      const q = await runCli([...args, '--queue', redis.url, '--queue-name', name, '--output', out], { timeoutMs: 300_000 });
      expect(q.code, q.stderr + q.stdout).toBe(0);
      await expectSameFiles(local, out, ['cscv_blocks.csv', 'cscv_splits.csv', 'cscv_combinations.csv', 'cscv_logit_histogram.csv', 'pbo.json', 'cscv.html']);
      expect(finishedCombinations(...ws.map((w) => w.output())) - combos, name).toBe(48);
      // C(8, 4) = 70 splits, each scored once by a worker.
      expect(finishedUnits('splits', ws) - splits, name).toBe(70);
    }
    // With 2 workers (2 threads: 8 ranges) both took ranges.
    for (const w of two) expect(w.output()).toMatch(/Finished unit CSCV splits \d+–\d+/);
  }, 900_000);

  it('montecarlo --queue with 1 and with 2 workers: every file byte-identical to the local run; the workers computed every path', async () => {
    const run = join(root, 'bt');
    const b = await runCli([...DATA, '--symbols', 'BTC/USDT', '--config', cfg, '--output', run], { timeoutMs: 300_000 });
    expect(b.code, b.stderr).toBe(0);
    const mc = ['montecarlo', '--run', run, '--paths', '300', '--seed', '7', '--no-rich'];
    const local = join(root, 'mc-local');
    const l = await runCli([...mc, '--workers', '2', '--output', local], { timeoutMs: 300_000 });
    expect(l.code, l.stderr).toBe(0);
    for (const [name, ws] of [['one', one], ['two', two]] as const) {
      const out = join(root, `mc-${name}`);
      const before = finishedUnits('paths', ws);
      const q = await runCli([...mc, '--queue', redis.url, '--queue-name', name, '--output', out, '--debug'], { timeoutMs: 300_000 });
      expect(q.code, q.stderr + q.stdout).toBe(0);
      expect(q.stdout + q.stderr).toMatch(/Monte Carlo paths on queue workers/);
      await expectSameFiles(local, out, ['montecarlo_paths.csv', 'montecarlo_summary.csv', 'montecarlo_fan.csv', 'montecarlo.json', 'montecarlo.html']);
      // 300 reshuffle and 300 bootstrap paths, each computed once by a worker.
      expect(finishedUnits('paths', ws) - before, name).toBe(600);
    }
    for (const w of two) expect(w.output()).toMatch(/Finished unit Monte Carlo (reshuffle|bootstrap) paths \d+–\d+/);
  }, 900_000);

  it('--optimize --queue of a strategy reading BTC/USDT (informative): the workers get its bars; every file equals the local run', async () => {
    const ranges = join(root, 'pullback.json');
    writeFileSync(ranges, JSON.stringify({ optimization_ranges: { fast: [8, 12], filter_window: [30, 50] } }));
    const args = [...DATA.map((a) => (a === '2024-01-01' ? '2023-07-01' : a)), '--symbols', 'ETH/USDT', '--strategy', PULLBACK, '--config', ranges, '--optimize', '--metric', 'total_return'];
    const local = join(root, 'pull-local');
    const queued = join(root, 'pull-queued');
    const l = await runCli([...args, '--workers', '2', '--output', local], { timeoutMs: 300_000 });
    expect(l.code, l.stderr).toBe(0);
    expect(l.stdout).toMatch(/Informative data loaded: BTC\/USDT 1h/);
    const before = finishedCombinations(...two.map((w) => w.output()));
    const q = await runCli([...args, '--queue', redis.url, '--queue-name', 'two', '--output', queued], { timeoutMs: 300_000 });
    expect(q.code, q.stderr + q.stdout).toBe(0);
    await expectSameOutputs(local, queued);
    expect(finishedCombinations(...two.map((w) => w.output())) - before).toBe(4);
    // BTC's filter changes the results (so the equality above needed BTC's bars on the workers).
    const off = join(root, 'pull-off');
    const o = await runCli([...args, '--param', 'market_filter=', '--output', off], { timeoutMs: 300_000 });
    expect(o.code, o.stderr).toBe(0);
    expect(readFileSync(join(off, 'optimization_results.csv'), 'utf8')).not.toBe(readFileSync(join(local, 'optimization_results.csv'), 'utf8'));
  }, 900_000);

  it('walk-forward --queue of the same strategy: each fold\'s frame carries BTC\'s bars; every walk_forward/ file equals the local run', async () => {
    const ranges = join(root, 'pullback.json');
    const args = ['walk-forward', ...DATA.map((a) => (a === '2024-01-01' ? '2023-07-01' : a)), '--symbols', 'ETH/USDT', '--strategy', PULLBACK, '--config', ranges, '--train', '2000', '--test', '1000'];
    const local = join(root, 'pull-wf-local');
    const queued = join(root, 'pull-wf-queued');
    const l = await runCli([...args, '--workers', '2', '--output', local], { timeoutMs: 300_000 });
    expect(l.code, l.stderr).toBe(0);
    const before = finishedCombinations(...one.map((w) => w.output()));
    const q = await runCli([...args, '--queue', redis.url, '--queue-name', 'one', '--output', queued], { timeoutMs: 300_000 });
    expect(q.code, q.stderr + q.stdout).toBe(0);
    await expectSameFiles(local, queued, ['walk_forward/folds.csv', 'walk_forward/oos_equity.csv', 'walk_forward/trades.csv', 'walk_forward/performance_metrics.csv']);
    // 2 folds × 4 combinations, all on the worker.
    expect(finishedCombinations(...one.map((w) => w.output())) - before).toBe(8);
  }, 900_000);

  it('montecarlo --queue and Ctrl-C: exit 130, nothing written, its queued units removed from the queue', async () => {
    const run = join(root, 'bt');
    const out = join(root, 'mc-int');
    const coord = startCli(['montecarlo', '--run', run, '--paths', '300', '--queue', redis.url, '--queue-name', 'nobody', '--output', out, '--no-rich']);
    running.push(coord);
    await coord.waitFor(/No worker is connected to queue "nobody"/, 120_000);
    const conn = new Redis(redis.port, '127.0.0.1', { maxRetriesPerRequest: null });
    const queue = new Queue('nobody', { connection: conn });
    try {
      for (let i = 0; i < 100 && (await queue.getWaitingCount()) < 2; i++) await new Promise((r) => setTimeout(r, 100));
      expect(await queue.getWaitingCount()).toBeGreaterThanOrEqual(2);
      coord.proc.kill('SIGINT');
      expect(await within(coord.exited, 60_000, () => `montecarlo did not stop after SIGINT:\n${coord.output()}`), coord.output()).toBe(130);
      expect(coord.output()).toMatch(/Monte Carlo interrupted: nothing was written; this run's queued chunks were removed from the queue/);
      expect(await queue.getWaitingCount()).toBe(0);
      expect(existsSync(out)).toBe(false);
    } finally {
      await queue.close();
      conn.disconnect();
    }
  }, 200_000);

  it('montecarlo --queue and Redis stopped: exit 3 within a minute, saying so, nothing written', async () => {
    const own = await startRedis();
    try {
      const out = join(root, 'mc-lost');
      const coord = startCli(['montecarlo', '--run', join(root, 'bt'), '--paths', '300', '--queue', own.url, '--output', out, '--no-rich']);
      running.push(coord);
      await coord.waitFor(/No worker is connected/, 120_000);
      await own.halt();
      expect(await within(coord.exited, 60_000, () => `montecarlo did not exit within 60 s after Redis stopped:\n${coord.output()}`), coord.output()).toBe(3);
      expect(coord.output()).toMatch(/Monte Carlo stopped: (lost the connection to Redis|Redis at redis:\/\/127\.0\.0\.1:\d+ )[^\n]*Nothing was written/);
      expect(existsSync(out)).toBe(false);
    } finally {
      await own.stop();
    }
  }, 200_000);
});
