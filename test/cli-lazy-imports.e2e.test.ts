/**
 * Start-up cost: the CLI loads only what a command needs (issue 15, item 1). Each run records every
 * module the process loaded (an `--import` loader hook, test/support/module-trace) and the test
 * checks that `--help` and a CSV backtest with all outputs never load the heavy libraries
 * (ccxt for exchanges, apache-arrow for the candle cache, ECharts for server-side charts).
 */
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, type CliRun } from './support/run-cli.js';
import { repoRoot } from './support/shared-data.js';

const REGISTER = pathToFileURL(join(repoRoot, 'test', 'support', 'module-trace', 'register.mjs')).href;
const HEAVY = ['ccxt', 'apache-arrow', 'echarts', 'zrender'];

/** The package names (node_modules/<name>) among the recorded module URLs/paths. */
function packages(trace: string): Set<string> {
  const out = new Set<string>();
  for (const line of trace.split('\n')) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(line);
    if (m) out.add(m[1]);
  }
  return out;
}

async function traced(args: readonly string[], dir: string, name: string): Promise<{ run: CliRun; trace: string; pkgs: Set<string> }> {
  const file = join(dir, `${name}.trace`);
  await writeFile(file, '');
  const run = await runCli(args, { env: { NODE_OPTIONS: `--import ${REGISTER}`, TRACE_FILE: file } });
  const trace = readFileSync(file, 'utf8');
  return { run, trace, pkgs: packages(trace) };
}

/** A year of hourly bars of a made-up market, as a CSV file `BTC-USDT_1h.csv`. */
function csvYear(): string {
  const lines = ['timestamp,open,high,low,close,volume'];
  const t0 = Date.UTC(2023, 0, 1);
  const at = (i: number) => 100 * Math.exp(0.3 * Math.sin(i / 300) + 0.08 * Math.sin(i / 40) + 0.01 * Math.sin(i * 1.7));
  for (let i = 0; i < 8760; i++) {
    const price = at(i);
    const next = at(i + 1);
    lines.push(`${new Date(t0 + i * 3_600_000).toISOString()},${price},${Math.max(price, next) * 1.002},${Math.min(price, next) * 0.998},${next},${1000 + (i % 50)}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('the CLI loads only what a command needs', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir('bt-lazy-');
    await mkdir(join(dir, 'data'));
    await writeFile(join(dir, 'data', 'BTC-USDT_1h.csv'), csvYear());
  });

  it('the trace sees a library when one is loaded (so the checks below can fail)', async () => {
    const file = join(dir, 'control.trace');
    await writeFile(file, '');
    // A strategy-less run on an exchange id would need the network; import the libraries directly instead.
    const { execFileSync } = await import('node:child_process');
    execFileSync(process.execPath, ['--import', REGISTER, '-e', "await import('apache-arrow'); await import('echarts');"],
      { cwd: repoRoot, env: { ...process.env, TRACE_FILE: file }, input: '' });
    const pkgs = packages(readFileSync(file, 'utf8'));
    expect(pkgs.has('apache-arrow')).toBe(true);
    expect(pkgs.has('echarts')).toBe(true);
  });

  it('--help loads no engine: no ccxt, arrow, ECharts, zod, pino or piscina', async () => {
    const { run, trace, pkgs } = await traced(['--help'], dir, 'help');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: backtester');
    expect(trace).toContain('/adapters/cli/main.js');
    expect(pkgs.has('commander')).toBe(true);
    for (const p of [...HEAVY, 'zod', 'pino', 'piscina']) expect(pkgs.has(p), p).toBe(false);
  });

  it('a CSV backtest writes every output without loading ccxt, arrow or ECharts', async () => {
    const out = join(dir, 'out');
    const { run, pkgs } = await traced(['--exchange', 'csv', '--data-dir', join(dir, 'data'), '--symbols', 'BTC/USDT', '--timeframe', '1h',
      '--start', '2023-01-01', '--end', '2024-01-01', '--no-warmup', '--output', out], dir, 'csv');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    for (const f of ['equity.csv', 'overview.html', 'equity.svg', 'index.html', 'run.json']) expect(readFileSync(join(out, f)).length, f).toBeGreaterThan(0);
    expect(pkgs.has('zod')).toBe(true); // the config is parsed: the check sees the libraries this run does load
    for (const p of HEAVY) expect(pkgs.has(p), p).toBe(false);
  });
});
