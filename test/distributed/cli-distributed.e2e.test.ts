/**
 * Distributed optimization end to end, on real BTC/USDT 1h candles (../shared/data) and a private
 * redis-server: a coordinator (`--optimize --queue`) and real `backtester worker` processes started
 * through the CLI give the files of a local run byte for byte — with 3 workers, with a worker
 * SIGKILLed mid-chunk, after a coordinator Ctrl-C + --resume, and after Redis went away + --resume.
 */
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli, startWorker, type CliProcess } from '../support/cli-process.js';
import { hasRedis, NO_REDIS, startRedis, type TestRedis } from '../support/redis-server.js';
import { CLI, readCsvRows, runCli, tempDir } from '../support/run-cli.js';
import { hasSharedData, sharedDataDir } from '../support/shared-data.js';
import { expectSameOutputs, finishedCombinations } from './compare-runs.js';

const ready = hasRedis && hasSharedData && existsSync(CLI);
const why = !hasRedis ? NO_REDIS : !hasSharedData ? 'needs ../shared/data (real candles)' : 'needs the built CLI (npm run build)';
/** The guide's grid from the default config: 5 × 5 × 3 × 4 × 4 = 1,200 combinations on 8,760 bars. */
const ARGS = ['--exchange', 'csv', '--data-dir', sharedDataDir, '--symbols', 'BTC/USDT', '--timeframe', '1h', '--start', '2023-01-01', '--end', '2024-01-01',
  '--optimize', '--metric', 'sharpe_ratio'];

let root = '';
let redis: TestRedis;
let local = '';
const running: CliProcess[] = [];

/** `p`, or a failure naming what did not happen after `ms`. */
function within<T>(p: Promise<T>, ms: number, what: () => string): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<never>((_, reject) => { t = setTimeout(() => reject(new Error(what())), ms); })]).finally(() => clearTimeout(t));
}

async function workers(n: number, queue: string, extra: string[] = []): Promise<CliProcess[]> {
  const ws: CliProcess[] = [];
  for (let i = 0; i < n; i++) ws.push(await startWorker(redis.url, ['--queue-name', queue, ...extra]));
  running.push(...ws);
  return ws;
}

describe.skipIf(!ready)(`distributed optimization through the CLI${ready ? '' : ` (skipped: ${why})`}`, () => {
  beforeAll(async () => {
    root = await tempDir('bt-dist-');
    redis = await startRedis();
    local = join(root, 'local');
    const r = await runCli([...ARGS, '--workers', '2', '--output', local], { timeoutMs: 300_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(readCsvRows(join(local, 'optimization_results.csv'))).toHaveLength(1200);
  }, 300_000);

  afterAll(async () => {
    for (const p of running) await p.stop('SIGKILL');
    await redis?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('3 worker processes: every output file byte-identical to the local run; each combination evaluated once', async () => {
    const ws = await workers(3, 'e2e');
    const out = join(root, 'three');
    const r = await runCli([...ARGS, '--queue', redis.url, '--queue-name', 'e2e', '--output', out, '--debug'], { timeoutMs: 300_000 });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toMatch(/3 workers with 3 threads on queue "e2e"/);
    // The progress bar counted every combination, whichever worker ran it; --debug gives each worker's share and rate.
    expect(r.stdout + r.stderr).toMatch(/Optimizing: done, 1,200\/1,200/);
    const shares = [...(r.stdout + r.stderr).matchAll(/\[debug\] worker ([^:]+): \d+ chunks, ([\d,]+) combinations, [\d,]+\/s while busy/g)];
    // Cumulative lines (every 30 s, then at the end): each worker's last one counts.
    const last = new Map(shares.map((m) => [m[1], Number(m[2].replace(/,/g, ''))]));
    expect(last.size).toBe(3);
    expect([...last.values()].reduce((s, n) => s + n, 0)).toBe(1200);
    const files = await expectSameOutputs(local, out);
    expect(files.length).toBeGreaterThan(8);
    for (const w of ws) expect(await w.stop('SIGTERM')).toBe(0);
    // No chunk ran twice and none is missing: the workers' own counts add up to the grid.
    expect(finishedCombinations(...ws.map((w) => w.output()))).toBe(1200);
  }, 900_000);

  it('a worker SIGKILLed mid-chunk: BullMQ hands the stalled chunk to another worker, the log says so, results identical', async () => {
    const [a] = await workers(1, 'kill', ['--lock-duration', '2000']);
    const out = join(root, 'kill');
    const coord = startCli([...ARGS, '--queue', redis.url, '--queue-name', 'kill', '--output', out]);
    running.push(coord);
    await a.waitFor(/Started chunk/, 120_000);
    a.proc.kill('SIGKILL');
    expect(await within(a.exited, 30_000, () => 'the SIGKILLed worker did not exit')).toBe(137);
    const [b] = await workers(1, 'kill', ['--lock-duration', '2000']);
    expect(await within(coord.exited, 300_000, () => `the coordinator did not finish:\n${coord.output().slice(-2000)}`), coord.output()).toBe(0);
    expect(coord.output()).toMatch(/Chunk \d+–\d+ of BTC\/USDT \(job [^)]+\): its worker stopped responding; BullMQ put it back in the queue/);
    expect(b.output()).toMatch(/Retrying chunk \d+–\d+ of BTC\/USDT/);
    await expectSameOutputs(local, out);
    await b.stop('SIGTERM');
  }, 900_000);

  it('coordinator Ctrl-C: exit 130 with a partial folder, queued chunks removed; --resume gives the local files', async () => {
    const [w] = await workers(1, 'resume');
    const out = join(root, 'resume');
    const coord = startCli([...ARGS, '--queue', redis.url, '--queue-name', 'resume', '--output', out]);
    running.push(coord);
    await coord.waitFor(/Optimizing: +\d+% [1-9][\d,]*\//, 200_000);
    coord.proc.kill('SIGINT');
    expect(await within(coord.exited, 120_000, () => `the coordinator did not stop after SIGINT:\n${coord.output().slice(-2000)}`), coord.output()).toBe(130);
    const manifest = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(manifest).toMatchObject({ partial: true, resume_state: 'optimization_state.json' });
    expect(readCsvRows(join(out, 'optimization_results.csv')).length).toBeLessThan(1200);
    const again = await runCli([...ARGS, '--queue', redis.url, '--queue-name', 'resume', '--output', out, '--resume'], { timeoutMs: 300_000 });
    expect(again.code, again.stderr + again.stdout).toBe(0);
    expect(again.stdout).toMatch(/Resuming: [\d,]+ of 1,200 combinations already done/);
    await expectSameOutputs(local, out);
    await w.stop('SIGTERM');
  }, 900_000);

  // It used to hang: the coordinator said it stopped, but BullMQ's QueueEvents loop, never closed, retried
  // the dead connection every 5 s and kept the process alive. Every wait below is bounded.
  it('Redis stopped mid-run: the coordinator says so and exits 3 within seconds with a resumable folder; the worker reconnects; --resume gives the local files', async () => {
    const own = await startRedis();
    try {
      const w = await startWorker(own.url, ['--queue-name', 'lost']);
      running.push(w);
      const out = join(root, 'lost');
      const coord = startCli([...ARGS, '--queue', own.url, '--queue-name', 'lost', '--output', out]);
      running.push(coord);
      await coord.waitFor(/Optimizing: +\d+% [1-9][\d,]*\//, 200_000);
      await own.halt();
      const stoppedAt = Date.now();
      // About 9 s of reconnection attempts, then the partial outputs: well under a minute.
      expect(await within(coord.exited, 60_000, () => `the coordinator did not exit within 60 s after Redis stopped:\n${coord.output().slice(-2000)}`), coord.output()).toBe(3);
      expect(Date.now() - stoppedAt).toBeLessThan(60_000);
      expect(w.output()).toMatch(/Lost the connection to Redis at redis:\/\/127\.0\.0\.1:\d+; reconnecting/);
      expect(coord.output()).toMatch(/Distributed optimization stopped: (lost the connection to Redis|Redis at redis:\/\/127\.0\.0\.1:\d+ restarted)/);
      expect(coord.output()).toMatch(/--resume/);
      expect(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'))).toMatchObject({ partial: true });
      await own.start();
      await w.waitFor(/Reconnected to Redis at redis:\/\/127\.0\.0\.1:\d+ after \d+ s/, 60_000);
      const again = await runCli([...ARGS, '--queue', own.url, '--queue-name', 'lost', '--output', out, '--resume'], { timeoutMs: 300_000 });
      expect(again.code, again.stderr + again.stdout).toBe(0);
      await expectSameOutputs(local, out);
      await w.stop('SIGTERM');
    } finally {
      await own.stop();
    }
  }, 900_000);
});
