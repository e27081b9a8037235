/**
 * The bundled CLI (scripts/bundle.mjs, the package's bin) writes exactly what the CLI run module by
 * module writes: the same files with the same bytes, for a single backtest and for a grid on
 * worker threads with a strategy file (which must then import the bundle's own BaseStrategy, and
 * whose worker threads run the bundled worker). Only the run's time stamps and log differ.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, tempDir, type CliRun } from './support/run-cli.js';
import { repoRoot } from './support/shared-data.js';

function run(file: string, args: readonly string[], cwd: string): Promise<CliRun> {
  return runWith(file, {}, args, cwd);
}

/** `run` with more environment variables. */
function runWith(file: string, env: NodeJS.ProcessEnv, args: readonly string[], cwd: string): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [file, ...args], { cwd, timeout: 180_000, maxBuffer: 1 << 26, env: { ...process.env, NO_COLOR: '1', ...env } },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout: String(stdout), stderr: String(stderr) }));
  });
}

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(dir, f)).isFile()).sort();
}

/** Files whose bytes hold the run's start time (run.json, the pages that show it) or its log. */
const TIMESTAMPED = /(^|\/)(run\.json|backtester\.log|backtester\.jsonl|index\.html|overview\.html)$/;

/** Runs the same arguments with the module-by-module CLI and the bundle, each in its own folder, and compares the outputs. */
async function sameOutputs(root: string, name: string, args: (cwd: string) => string[], bundle: string): Promise<string[]> {
  const a = join(root, `${name}-modules`);
  const b = join(root, `${name}-bundle`);
  await mkdir(a);
  await mkdir(b);
  const [ra, rb] = [await run(CLI, args(a), a), await run(bundle, args(b), b)];
  expect(ra.code, ra.stderr).toBe(0);
  expect(rb.code, rb.stderr).toBe(0);
  const fa = files(join(a, 'out'));
  expect(files(join(b, 'out'))).toEqual(fa);
  for (const f of fa) {
    if (TIMESTAMPED.test(f)) continue;
    expect(readFileSync(join(b, 'out', f)).equals(readFileSync(join(a, 'out', f))), `${name}: ${f}`).toBe(true);
  }
  // The time-stamped files agree once the time stamps are taken out.
  const noTimes = (s: string) => s.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, 'T').replace(/"[0-9a-f]{64}"/g, 'H');
  const manifest = readFileSync(join(a, 'out', 'run.json'), 'utf8');
  expect(noTimes(readFileSync(join(b, 'out', 'run.json'), 'utf8'))).toBe(noTimes(manifest));
  return fa.map((f) => relative('', f));
}

describe('the bundled CLI', () => {
  let root: string;
  let bundle: string;
  beforeAll(async () => {
    root = await tempDir('bt-bundle-');
    // A fresh bundle of the built dist/, inside the package (its external imports resolve from node_modules).
    const out = join(repoRoot, 'dist', `bundle-test-${process.pid}`);
    const r = await run(join(repoRoot, 'scripts', 'bundle.mjs'), [out], repoRoot);
    expect(r.code, r.stderr).toBe(0);
    // The bin as installed: the file package.json's "bin" names (the CommonJS backtester.cjs).
    const bin = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin.backtester;
    expect(bin).toBe('dist/bundle/backtester.cjs');
    bundle = join(out, basename(bin));
  }, 120_000);
  afterAll(() => rmSync(join(repoRoot, 'dist', `bundle-test-${process.pid}`), { recursive: true, force: true }));

  it('writes the same single backtest, byte for byte', async () => {
    const written = await sameOutputs(root, 'single', () => ['--exchange', 'sample', '--symbols', 'BTC/USDT', '--timeframe', '4h',
      '--start', '2023-01-01', '--end', '2024-01-01', '--output', 'out'], bundle);
    expect(written).toContain('trades.csv');
    expect(written).toContain('equity.csv');
  }, 120_000);

  it('still runs the CLI from backtester.js (the ES module bin of earlier builds), with the same output and exit codes', async () => {
    const esm = join(bundle, '..', 'backtester.js');
    for (const args of [['--help'], ['--exchange', 'sample', '--symbols', 'BTC/USDT', '--bogus']]) {
      const [rc, re] = [await run(bundle, args, root), await run(esm, args, root)];
      expect(re.code).toBe(rc.code);
      expect(re.stdout).toBe(rc.stdout);
      expect(re.stderr).toBe(rc.stderr);
    }
    expect((await run(esm, ['--bogus'], root)).code).toBe(2);
    expect((await run(bundle, ['--help'], root)).stdout).toMatch(/^Usage: backtester /);
  }, 120_000);

  it('keeps only the zod it uses (one locale, English) and explains a bad config in the same words', async () => {
    // zod is imported as a namespace (`import * as z`), so esbuild drops the schema types and the
    // ~60 locales the CLI never uses (the chunk was 762 KB with `import { z }`).
    const dir = join(bundle, '..');
    const text = readdirSync(dir).filter((f) => /\.c?js$/.test(f)).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
    // (The CommonJS bundle keeps the locales' index as an empty module: no locale in it.)
    const locales = [...new Set(text.match(/\/\/ node_modules\/zod\/v4\/locales\/[\w-]+\.js/g) ?? [])].filter((l) => !l.endsWith('/index.js'));
    expect(locales).toEqual(['// node_modules/zod/v4/locales/en.js']);
    const bad = join(root, 'bad.json');
    writeFileSync(bad, JSON.stringify({ technical_parameters: { short_ma_window: 'x', ma_type: 'FOO' }, portfolio_parameters: { fees: -1, execution: 'now', bogus: 1 } }));
    const args = ['--exchange', 'sample', '--symbols', 'BTC/USDT', '--timeframe', '1h', '--start', '2023-01-01', '--end', '2023-02-01', '--config', bad, '--output', 'out'];
    const [ra, rb] = [await run(CLI, args, root), await run(bundle, args, root)];
    expect(ra.code).toBe(2);
    expect(rb.code).toBe(2);
    expect(rb.stderr).toBe(ra.stderr);
    expect(rb.stderr).toMatch(/Invalid option: expected one of "next_open"\|"close"/);
  }, 120_000);

  it('runs a grid on worker threads with a .mjs strategy file, with the same results as the built-in strategy', async () => {
    // The DMA class in a file, with the default config's parameters and ranges (1,200 combinations × 8,760 bars: worker threads).
    const strategy = join(root, 'dma.mjs');
    writeFileSync(strategy, "import { DMAATRTrendStrategy } from 'backtester';\nexport default DMAATRTrendStrategy;\n");
    const c = JSON.parse(readFileSync(join(repoRoot, 'config', 'strategy_params', 'dma_atr_trend_params.json'), 'utf8'));
    delete c.strategy_class;
    c.strategy = strategy;
    c.trend_confirmation.use_adx = c.trend_confirmation.use_adx_filter;
    delete c.trend_confirmation.use_adx_filter;
    const config = join(root, 'dma.json');
    writeFileSync(config, JSON.stringify(c));
    const grid = ['--exchange', 'sample', '--symbols', 'BTC/USDT', '--timeframe', '1h', '--start', '2023-01-01', '--end', '2024-01-01',
      '--optimize', '--metric', 'sharpe_ratio', '--method', 'grid', '--workers', '2', '--no-warmup', '--output', 'out'];
    // --no-warmup: the warm-up rule belongs to the built-in definition, not to the class a file re-exports.
    const withFile = join(root, 'file-bundle');
    await mkdir(withFile);
    const rf = await run(bundle, [...grid, '--config', config, '--debug'], withFile);
    expect(rf.code, rf.stderr).toBe(0);
    expect(readFileSync(join(withFile, 'out', 'backtester.log'), 'utf8')).toMatch(/Evaluating on 2 worker threads/);
    const builtin = join(root, 'builtin-modules');
    await mkdir(builtin);
    const rb = await run(CLI, grid, builtin);
    expect(rb.code, rb.stderr).toBe(0);
    const results = (d: string) => readFileSync(join(d, 'out', 'optimization_results.csv'), 'utf8');
    expect(results(withFile).split('\n').length).toBe(1_202);
    expect(results(withFile)).toBe(results(builtin));
  }, 240_000);

  it('starts piscina\'s worker thread from the one-script core without any ES module', async () => {
    // As piscina loads it: require() the entry, await its `default` (the task handler).
    const entry = join(bundle, '..', 'optimize-worker-entry.cjs');
    const worker = new Worker(`const m = require(${JSON.stringify(entry)}); Promise.resolve(m.default).then((h) => require('node:worker_threads')`
      + `.parentPort.postMessage({ handler: typeof h, esm: process.moduleLoadList.some((x) => x.includes('esm/translators')) }));`, { eval: true });
    try {
      const ready = await new Promise((resolve, reject) => { worker.once('message', resolve); worker.once('error', reject); });
      // Node loads its ES module translators only to load an ES module (~3-5 ms of a thread's start).
      expect(ready).toEqual({ handler: 'function', esm: false });
    } finally {
      await worker.terminate();
    }
  }, 60_000);

  it('starts from the build\'s code cache, and elsewhere from one the first run there leaves', async () => {
    const cacheUsed = (dir: string, env: NodeJS.ProcessEnv = {}) => execFileSync(process.execPath,
      ['-p', `require(${JSON.stringify(join(dir, 'load-core.cjs'))}).codeCacheUsed`], { env: { ...process.env, ...env }, encoding: 'utf8' }).trim();
    const dir = join(bundle, '..');
    expect(cacheUsed(dir)).toBe('true');
    // ASCII only (one other character would make V8 hold the whole source as a two-byte string).
    expect(/[^\x00-\x7f]/.test(readFileSync(join(dir, 'core.cjs'), 'latin1'))).toBe(false);
    expect(cacheUsed(dir, { BACKTESTER_NO_CODE_CACHE: '1' })).toBe('false');
    // The bin loads the engine through that same load-core.cjs, so it starts from the cache too.
    const binRun = spawnSync(process.execPath, ['-e', `process.argv.splice(1, 0, 'bin', '--help'); require(${JSON.stringify(bundle)});`
      + ` process.on('exit', () => console.error('cache', require(${JSON.stringify(join(dir, 'load-core.cjs'))}).codeCacheUsed));`],
    { env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8' });
    expect(binRun.status, binRun.stderr).toBe(0);
    expect(binRun.stdout).toMatch(/^Usage: backtester /);
    expect(binRun.stderr.trim()).toBe('cache true');
    // The same files at another path (an install elsewhere): V8 would name the build's path in
    // stack traces, so the build's cache is not taken; the first run leaves one for this path.
    const moved = join(root, 'moved-bundle');
    cpSync(dir, moved, { recursive: true });
    symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'));
    const cacheDir = join(root, 'user-cache');
    const env = { BACKTESTER_CACHE_DIR: cacheDir };
    expect(cacheUsed(moved, env)).toBe('false');
    expect(readdirSync(join(cacheDir, 'code-cache'))).toHaveLength(1); // written as the first run exited
    expect(statSync(join(cacheDir, 'code-cache')).mode & 0o777).toBe(0o700);
    expect(cacheUsed(moved, env)).toBe('true');
    // A cache folder others may write is not read (a cache is code the process runs).
    chmodSync(join(cacheDir, 'code-cache'), 0o777);
    expect(cacheUsed(moved, env)).toBe('false');
    chmodSync(join(cacheDir, 'code-cache'), 0o700);
    // Under V8 flags the build's cache is refused; this machine's own, made under the same flags, serves.
    const flags = { ...env, NODE_OPTIONS: '--max-old-space-size=3000' };
    expect(cacheUsed(dir, flags)).toBe('false');
    expect(cacheUsed(dir, flags)).toBe('true');
    // A run from the moved bundle with its own cache: its stack traces name its own files, and a
    // strategy file (a dynamic import, which Node 20 cannot run from cached code) loads.
    const strategy = join(root, 'broken.mjs');
    writeFileSync(strategy, "import { BaseStrategy } from 'backtester';\nexport default class Broken extends BaseStrategy { initIndicators() {} generateSignals() { throw new Error('boom'); } }\n");
    const c = JSON.parse(readFileSync(join(repoRoot, 'config', 'strategy_params', 'dma_atr_trend_params.json'), 'utf8'));
    delete c.strategy_class;
    c.strategy = strategy;
    writeFileSync(join(root, 'broken.json'), JSON.stringify(c));
    const r = await runWith(join(moved, basename(bundle)), env, ['--exchange', 'sample', '--symbols', 'BTC/USDT', '--timeframe', '1h', '--start', '2023-01-01',
      '--end', '2023-02-01', '--config', join(root, 'broken.json'), '--output', 'out-broken', '--debug'], root);
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/boom/);
    expect(r.stderr).not.toContain(dir);
  }, 120_000);
});
