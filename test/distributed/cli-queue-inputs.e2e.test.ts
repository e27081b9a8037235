/**
 * Distributed runs on the sample market (quick, offline): several symbols through the queue equal a
 * local run; a user strategy file travels by content; secrets never reach outputs; and the bad
 * inputs — unreachable Redis, wrong password, a worker of another version, an unknown queue, a
 * strategy file a worker was not allowed to run.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type CliProcess } from '../support/cli-process.js';
import { freePort, hasRedis, NO_REDIS, startRedis, type TestRedis } from '../support/redis-server.js';
import { CLI, runCli, tempDir } from '../support/run-cli.js';
import { repoRoot } from '../support/shared-data.js';
import { expectSameOutputs } from './compare-runs.js';

const ready = hasRedis && existsSync(CLI);
const DATA = ['--exchange', 'sample', '--timeframe', '1d', '--start', '2021-01-01', '--end', '2023-01-01', '--optimize', '--metric', 'calmar_ratio'];
const PASSWORD = 'Pa55-not-in-any-output';

let root = '';
let redis: TestRedis;
let secured: TestRedis;
const running: CliProcess[] = [];

function allText(dir: string): string {
  let text = '';
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    text += statSync(p).isDirectory() ? allText(p) : readFileSync(p, 'latin1');
  }
  return text;
}

describe.skipIf(!ready)(`distributed runs: inputs, files, secrets${ready ? '' : ` (skipped: ${hasRedis ? 'needs the built CLI' : NO_REDIS})`}`, () => {
  beforeAll(async () => {
    root = await tempDir('bt-dist-in-');
    redis = await startRedis();
    secured = await startRedis({ password: PASSWORD });
  }, 60_000);
  afterAll(async () => {
    for (const p of running) await p.stop('SIGKILL');
    await redis?.stop();
    await secured?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('several symbols through the queue: the per-symbol folders and optimization_cross_symbol.csv equal a local run', async () => {
    running.push(await startWorker(redis.url, ['--queue-name', 'multi']));
    const args = [...DATA, '--symbols', 'BTC/USDT,ETH/USDT'];
    const local = join(root, 'multi-local');
    const queued = join(root, 'multi-queued');
    expect((await runCli([...args, '--output', local])).code).toBe(0);
    const r = await runCli([...args, '--queue', redis.url, '--queue-name', 'multi', '--output', queued]);
    expect(r.code, r.stderr).toBe(0);
    const files = await expectSameOutputs(local, queued);
    expect(files).toContain('optimization_cross_symbol.csv');
    expect(files).toContain('ETH-USDT/optimization_results.csv');
  }, 600_000);

  it('a user strategy file: refused by a worker without --allow-strategy-files (exit 2, says why); run by one with it, equal to a local run', async () => {
    const strategy = resolve(repoRoot, 'examples/strategies/rsi-reversion.ts');
    const args = [...DATA, '--symbols', 'BTC/USDT', '--strategy', strategy, '--param', 'trend_window=50'];
    const cfg = join(root, 'rsi.json');
    await import('node:fs/promises').then((fs) => fs.writeFile(cfg, JSON.stringify({ strategy, optimization_ranges: { rsi_period: [7, 14, 21], oversold: [20, 25, 30], overbought: [70, 75] } })));
    const strict = await startWorker(redis.url, ['--queue-name', 'files']);
    running.push(strict);
    const refused = await runCli([...args, '--config', cfg, '--queue', redis.url, '--queue-name', 'files', '--output', join(root, 'files-refused')]);
    expect(refused.code, refused.stdout).toBe(2);
    expect(refused.stderr).toMatch(/A worker refused the chunk of BTC\/USDT positions \d+–\d+: the chunk runs a user strategy file \(sha256 [0-9a-f]{12}…\) and this worker was started without --allow-strategy-files/);
    expect(strict.output()).toMatch(/Refused chunk/);
    await strict.stop('SIGTERM');
    running.push(await startWorker(redis.url, ['--queue-name', 'files', '--allow-strategy-files']));
    const local = join(root, 'files-local');
    const queued = join(root, 'files-queued');
    expect((await runCli([...args, '--config', cfg, '--output', local])).code).toBe(0);
    const r = await runCli([...args, '--config', cfg, '--queue', redis.url, '--queue-name', 'files', '--output', queued]);
    expect(r.code, r.stderr).toBe(0);
    await expectSameOutputs(local, queued);
  }, 600_000);

  it('a password in the URL or in BACKTESTER_REDIS_URL works and is never printed or written', async () => {
    const w = await startWorker(secured.url, ['--queue-name', 'secret']);
    running.push(w);
    const out = join(root, 'secret');
    const r = await runCli([...DATA, '--symbols', 'BTC/USDT', '--queue', secured.url, '--queue-name', 'secret', '--output', out, '--debug']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`redis://:***@127.0.0.1:${secured.port}`);
    const viaEnv = await runCli([...DATA, '--symbols', 'BTC/USDT', '--queue', '--queue-name', 'secret', '--output', join(root, 'secret-env')], { env: { BACKTESTER_REDIS_URL: secured.url } });
    expect(viaEnv.code, viaEnv.stderr).toBe(0);
    for (const text of [r.stdout, r.stderr, viaEnv.stdout, viaEnv.stderr, w.output(), allText(out), allText(join(root, 'secret-env'))]) expect(text).not.toContain(PASSWORD);
    expect(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')).settings.command).toContain('redis://:***@');
  }, 600_000);

  it('bad input: unreachable Redis (exit 3), wrong password (exit 2), unknown queue (exit 2), a malformed URL (exit 2)', async () => {
    const port = await freePort();
    const unreachable = await runCli([...DATA, '--symbols', 'BTC/USDT', '--queue', `redis://127.0.0.1:${port}`, '--output', join(root, 'x1')]);
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toMatch(new RegExp(`Cannot reach Redis at redis://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
    expect(existsSync(join(root, 'x1', 'run.json'))).toBe(false);

    const wrong = await runCli(['queue', 'status', '--redis', `redis://:wrong-${PASSWORD}@127.0.0.1:${secured.port}`]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ refused the credentials \(WRONGPASS\)/);
    expect(wrong.stderr + wrong.stdout).not.toContain(PASSWORD);
    const worker = await runCli(['worker', '--redis', `redis://127.0.0.1:${secured.port}`], { timeoutMs: 30_000 });
    expect(worker.code).toBe(2);
    expect(worker.stderr).toMatch(/refused the credentials \(NOAUTH\)/);

    const unknown = await runCli(['queue', 'status', '--redis', redis.url, '--queue-name', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/No queue named "nope" at redis:\/\/127\.0\.0\.1:\d+\. Known queues: .*multi/);

    const status = await runCli(['queue', 'status', '--redis', redis.url, '--queue-name', 'multi']);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/Queue "multi" at redis:\/\/127\.0\.0\.1:\d+\n {2}waiting 0, active 0, delayed 0, prioritized 0, failed 0/);
    expect(status.stdout).toMatch(/Workers: 1\n {2}[^:]+: 1 threads, backtester \d+\.\d+\.\d+/);

    const malformed = await runCli([...DATA, '--symbols', 'BTC/USDT', '--queue', 'http://127.0.0.1:6379', '--output', join(root, 'x2')]);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/Not a Redis URL: http:\/\/127\.0\.0\.1:6379 \(scheme http:\)/);
  }, 600_000);

  it('a worker of another version refuses the chunk with both versions named, and BullMQ marks it failed without retrying', async () => {
    const w = await startWorker(redis.url, ['--queue-name', 'versions']);
    running.push(w);
    const conn = new Redis(redis.port, '127.0.0.1', { maxRetriesPerRequest: null });
    const queue = new Queue('versions', { connection: conn });
    try {
      await queue.add('chunk', { version: '0.0.0-other', protocol: 1, strategySha: null, context: 'x', results: 'y', start: 0, end: 1, grid: [0], symbol: 'BTC/USDT' }, { jobId: 'other-version' });
      await w.waitFor(/Refused chunk 0–1 of BTC\/USDT \(job other-version\): this worker runs backtester \d+\.\d+\.\d+ \(protocol \d+\) but the chunk was queued by backtester 0\.0\.0-other/, 60_000);
      let state = '';
      for (let i = 0; i < 50 && state !== 'failed'; i++) {
        state = await queue.getJobState('other-version');
        if (state !== 'failed') await new Promise((r) => setTimeout(r, 100));
      }
      expect(state).toBe('failed');
      const job = await queue.getJob('other-version');
      expect(job?.failedReason).toMatch(/^REFUSED: this worker runs backtester/);
      expect(job?.attemptsMade).toBe(1);
    } finally {
      await queue.close();
      conn.disconnect();
    }
  }, 120_000);
});
