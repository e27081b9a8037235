/**
 * `backtester montecarlo` publishes like every run: a failure or Ctrl-C midway leaves the run
 * folder byte for byte as it was, a file of the run the tool did not write is refused (never
 * touched), and a symbol folder's Monte Carlo is recorded in the run's run.json.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { cp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CLI, runCli, tempDir } from '../support/run-cli.js';
import { repoRoot } from '../support/shared-data.js';
import { runMonteCarloJob } from '../../src/adapters/api/montecarlo-job.js';
import type { RunObserver } from '../../src/adapters/api/observer.js';

// The page writer writes the real page, then the disk is "full": the failure comes after every
// Monte Carlo file was written, just before publishing.
vi.mock('../../src/adapters/report/html/validation/montecarlo-page.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/adapters/report/html/validation/montecarlo-page.js')>();
  return {
    ...real,
    writeMonteCarloPage: async (...args: Parameters<typeof real.writeMonteCarloPage>) => {
      await real.writeMonteCarloPage(...args);
      if (process.env.BT_TEST_MC_FAIL === '1') throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    },
  };
});

/** Every entry under `dir` (hidden ones included) → SHA-256 of a file's content, or `dir`. */
function tree(dir: string, rel = '', out: Record<string, string> = {}): Record<string, string> {
  for (const name of readdirSync(join(dir, rel)).sort()) {
    const r = rel ? `${rel}/${name}` : name;
    if (lstatSync(join(dir, r)).isDirectory()) {
      out[r] = 'dir';
      tree(dir, r, out);
    } else {
      out[r] = createHash('sha256').update(readFileSync(join(dir, r))).digest('hex');
    }
  }
  return out;
}

const quiet: RunObserver = new Proxy({} as RunObserver, { get: () => () => undefined });
const run = ['--exchange', 'sample', '--timeframe', '4h', '--start', '2022-01-01', '--end', '2023-01-01'];

let root = '';
let single = '';
let multi = '';
beforeAll(async () => {
  root = await tempDir('mc-publish-');
  if (!existsSync(CLI)) return;
  single = join(root, 'single');
  multi = join(root, 'multi');
  const a = await runCli([...run, '--symbols', 'ETH/USDT', '--output', single]);
  const b = await runCli([...run, '--symbols', 'ETH/USDT,BTC/USDT', '--output', multi]);
  expect(a.code, a.stderr).toBe(0);
  expect(b.code, b.stderr).toBe(0);
});
afterAll(async () => {
  delete process.env.BT_TEST_MC_FAIL;
  await rm(root, { recursive: true, force: true });
});

/** A fresh copy of a finished run (each test changes or must not change its own). */
async function copyOf(dir: string, name: string): Promise<string> {
  const to = join(root, name);
  await cp(dir, to, { recursive: true });
  return to;
}

describe.skipIf(!existsSync(CLI))('montecarlo publishes through the staged output', () => {
  it('a write failing midway leaves the run folder unchanged and says the disk is full', async () => {
    const dir = await copyOf(single, 'fail');
    const before = tree(dir);
    process.env.BT_TEST_MC_FAIL = '1';
    try {
      await expect(runMonteCarloJob({ runDir: dir, paths: 50, workers: 1, observer: quiet })).rejects.toThrow(/no space left|disk is full/i);
    } finally {
      delete process.env.BT_TEST_MC_FAIL;
    }
    expect(tree(dir)).toEqual(before);
    // With the same writer working, the same call adds montecarlo/ and links it.
    await runMonteCarloJob({ runDir: dir, paths: 50, workers: 1, observer: quiet });
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toContain('href="montecarlo/montecarlo.html"');
    const after = tree(dir);
    for (const [f, h] of Object.entries(before)) if (f !== 'index.html' && f !== 'run.json') expect(after[f], f).toBe(h);
    expect(Object.keys(after).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  // Worker threads compute the paths, so the main thread hears the signal at once.
  it('Ctrl-C midway exits 130 and leaves the run folder unchanged', async () => {
    const dir = await copyOf(single, 'interrupted');
    const before = tree(dir);
    const child = spawn(process.execPath, [CLI, 'montecarlo', '--run', dir, '--paths', '300000', '--workers', '2'], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (c) => { stderr += String(c); });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    for (let i = 0; i < 3000 && !readdirSync(dir).some((n) => n.startsWith('.backtester.partial-')); i++) await new Promise((r) => setTimeout(r, 10));
    expect(readdirSync(dir).some((n) => n.startsWith('.backtester.partial-'))).toBe(true);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toMatch(/Interrupted \(SIGINT\): nothing was published/);
    expect(tree(dir)).toEqual(before);
  });

  it('an index.html changed by hand is refused (exit 5) and nothing is touched', async () => {
    const dir = await copyOf(single, 'edited');
    await writeFile(join(dir, 'index.html'), `${readFileSync(join(dir, 'index.html'), 'utf8')}<!-- my notes -->`);
    const before = tree(dir);
    const r = await runCli(['montecarlo', '--run', dir, '--paths', '20']);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('index.html would be replaced');
    expect(tree(dir)).toEqual(before);
  });

  it('--output the run folder itself is refused before any work', async () => {
    const r = await runCli(['montecarlo', '--run', join(multi, 'ETH-USDT'), '--output', multi, '--paths', '20']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is the run\'s own folder');
  });

  it('a symbol folder\'s Monte Carlo is recorded in the run\'s run.json: the next run into the folder replaces it all', async () => {
    const dir = await copyOf(multi, 'multi-mc');
    const sym = readdirSync(dir).find((n) => existsSync(join(dir, n, 'equity.csv')))!;
    const r = await runCli(['montecarlo', '--run', join(dir, sym), '--paths', '20']);
    expect(r.code, r.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as { entries: string[]; files: Record<string, string>; kind: string };
    expect(manifest.kind).toBe('backtest');
    const mcFiles = Object.keys(manifest.files).filter((f) => f.startsWith(`${sym}/montecarlo/`));
    expect(mcFiles).toContain(`${sym}/montecarlo/montecarlo_summary.csv`);
    expect(readFileSync(join(dir, sym, 'index.html'), 'utf8')).toContain('href="montecarlo/montecarlo.html"');
    // The recorded hashes are those of the files now there (the patched index included).
    const now = tree(dir);
    for (const [f, h] of Object.entries(manifest.files)) expect(now[f], f).toBe(h);
    // A second Monte Carlo replaces the first (ours), then a new backtest replaces everything.
    expect((await runCli(['montecarlo', '--run', join(dir, sym), '--paths', '30'])).code).toBe(0);
    const again = await runCli([...run, '--symbols', 'ETH/USDT,BTC/USDT', '--output', dir]);
    expect(again.code, again.stderr).toBe(0);
    expect(existsSync(join(dir, sym, 'montecarlo'))).toBe(false);
  });
});
