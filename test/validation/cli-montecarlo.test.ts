/** `backtester montecarlo` and `--monte-carlo N` end to end: same seed same files, reshuffling keeps the run's final return, linked from the index. */
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, readCsvRows, readMetrics, runCli, tempDir } from '../support/run-cli.js';

let root = '';
beforeAll(async () => {
  root = await tempDir('mc-cli-');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const run = ['--exchange', 'sample', '--symbols', 'ETH/USDT', '--timeframe', '4h', '--start', '2022-01-01', '--end', '2023-07-01'];

describe.skipIf(!existsSync(CLI))('Monte Carlo (CLI)', () => {
  it('--monte-carlo N writes montecarlo/ in the run, linked from its index; reshuffling keeps the final return', async () => {
    const out = join(root, 'bt');
    const r = await runCli([...run, '--output', out, '--monte-carlo', '300']);
    expect(r.code, r.stderr).toBe(0);
    const dir = join(out, 'montecarlo');
    for (const f of ['montecarlo.html', 'montecarlo_summary.csv', 'montecarlo_paths.csv', 'montecarlo_fan.csv', 'montecarlo.json']) expect(existsSync(join(dir, f)), f).toBe(true);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('href="montecarlo/montecarlo.html"');
    const total = readMetrics(out).total_return;
    const paths = readCsvRows(join(dir, 'montecarlo_paths.csv'));
    const shuffled = paths.filter((p) => p.method === 'reshuffle');
    expect(shuffled.length).toBe(300);
    for (const p of shuffled) expect(Number(p.final_return)).toBeCloseTo(total, 9);
    expect(new Set(shuffled.map((p) => p.max_drawdown)).size).toBeGreaterThan(1);
    const boot = paths.filter((p) => p.method === 'bootstrap');
    expect(boot.length).toBe(300);
    // The summary's percentiles are those of the paths (numpy linear interpolation, recomputed here).
    const sorted = boot.map((p) => Number(p.final_return)).sort((a, b) => a - b);
    const pct = (q: number) => { const h = (sorted.length - 1) * q; const lo = Math.floor(h); return sorted[lo] + (h - lo) * ((sorted[lo + 1] ?? sorted[lo]) - sorted[lo]); };
    const row = readCsvRows(join(dir, 'montecarlo_summary.csv')).find((x) => x.method === 'bootstrap' && x.statistic === 'final_return')!;
    expect(Number(row.p5)).toBeCloseTo(pct(0.05), 12);
    expect(Number(row.p50)).toBeCloseTo(pct(0.5), 12);
    expect(Number(row.p95)).toBeCloseTo(pct(0.95), 12);
  });

  it('a folder with montecarlo/ added stays ours: the next run into it replaces the whole previous run', async () => {
    const out = join(root, 'rerun');
    expect((await runCli([...run, '--output', out, '--monte-carlo', '50'])).code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { entries: string[]; files: Record<string, string> };
    expect(manifest.entries).toContain('montecarlo');
    expect(Object.keys(manifest.files)).toContain('montecarlo/montecarlo_summary.csv');
    const again = await runCli([...run, '--output', out]);
    expect(again.code, again.stderr).toBe(0);
    // The Monte Carlo of the replaced run went with it; the new run is complete.
    expect(existsSync(join(out, 'montecarlo'))).toBe(false);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).not.toContain('montecarlo/montecarlo.html');
  });

  it('same seed, same output; another seed, other paths', async () => {
    const out = join(root, 'bt2');
    expect((await runCli([...run, '--output', out])).code).toBe(0);
    const a = join(root, 'mc-a');
    const b = join(root, 'mc-b');
    const c = join(root, 'mc-c');
    for (const [dir, seed] of [[a, '7'], [b, '7'], [c, '8']]) {
      const r = await runCli(['montecarlo', '--run', out, '--paths', '200', '--seed', seed, '--output', dir]);
      expect(r.code, r.stderr).toBe(0);
    }
    for (const f of ['montecarlo_paths.csv', 'montecarlo_summary.csv', 'montecarlo_fan.csv']) {
      expect(readFileSync(join(a, f), 'utf8')).toBe(readFileSync(join(b, f), 'utf8'));
    }
    expect(readFileSync(join(a, 'montecarlo_paths.csv'), 'utf8')).not.toBe(readFileSync(join(c, 'montecarlo_paths.csv'), 'utf8'));
  });

  it('refuses a folder that is not a finished backtest', async () => {
    const r = await runCli(['montecarlo', '--run', join(root, 'nothing-here')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('has no run.json');
  });
});
