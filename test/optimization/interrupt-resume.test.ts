/**
 * Ctrl-C and --resume: an interrupted optimization writes its finished combinations (run.json
 * says partial, with a resume state), and resuming gives exactly the files of one uninterrupted run.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BacktestRunner } from '../../src/adapters/api/backtest-runner.js';
import type { MarketData } from '../../src/adapters/api/market-data.js';
import { InterruptedError } from '../../src/base/errors.js';
import { silentProgress } from '../../src/orchestration/ports.js';
import { CLI, readCsvRows, runCli, tempDir } from '../support/run-cli.js';

const COMPARED = ['optimization_results.csv', 'best_params.json', 'optimization_distribution.html', 'optimization_heatmap.html',
  'optimization_convergence.html', 'best_backtest/performance_metrics.csv', 'best_backtest/trades.csv'];
const ranges = { short_ma_window: [5, 8, 13, 21], long_ma_window: [30, 50, 80], atr_period: [7, 14, 21], sl_atr_multiplier: [0, 1.5, 3], tp_atr_multiplier: [0, 3, 6] };

let root = '';
let data: MarketData;
beforeAll(async () => {
  root = await tempDir('opt-resume-');
  data = await new BacktestRunner({ exchange: 'sample' }).loadData('BTC/USDT', '1h', '2023-01-01', '2023-09-01');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function same(a: string, b: string): void {
  for (const f of COMPARED) expect(readFileSync(join(a, f), 'utf8') === readFileSync(join(b, f), 'utf8'), f).toBe(true);
}

describe('interrupt and resume', () => {
  it('through the API: abort after the first chunks, resume, equal to one uninterrupted run', async () => {
    const runner = new BacktestRunner({ exchange: 'sample' });
    const opts = { metric: 'calmar_ratio', workers: 2, inProcessBelow: 0 };
    const full = join(root, 'api-full');
    await runner.runOptimization(data, 'dma_atr_trend', { trend_ma_window: 150 }, ranges, { ...opts, outputDir: full });

    const out = join(root, 'api-part');
    const ctl = new AbortController();
    const progress = { ...silentProgress, update: () => ctl.abort() };
    const p = runner.runOptimization(data, 'dma_atr_trend', { trend_ma_window: 150 }, ranges, { ...opts, outputDir: out, signal: ctl.signal, progress });
    await expect(p).rejects.toBeInstanceOf(InterruptedError);
    const manifest = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(manifest).toMatchObject({ partial: true, status: 'partial', resume_state: 'optimization_state.json' });
    const done = readCsvRows(join(out, 'optimization_results.csv')).length;
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(324);
    expect(existsSync(join(out, 'optimization_state.bin'))).toBe(true);
    expect(existsSync(join(out, 'best_backtest', 'run.json'))).toBe(true);

    const notes: string[] = [];
    const resumed = await new BacktestRunner({ exchange: 'sample', observer: { title() {}, step() {}, debug() {}, summary() {}, warn() {}, note: (t) => notes.push(t) } })
      .runOptimization(data, 'dma_atr_trend', { trend_ma_window: 150 }, ranges, { ...opts, outputDir: out, resume: true });
    expect(resumed.partial).toBe(false);
    expect(notes).toContain(`Resuming: ${done} of 324 combinations already done, ${324 - done} remaining`);
    same(full, out);
    expect(existsSync(join(out, 'optimization_state.json'))).toBe(false);
    expect(existsSync(join(out, 'optimization_state.bin'))).toBe(false);
    expect(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')).partial).toBe(false);
  });

  it('refuses to resume with other ranges (fingerprint)', async () => {
    const runner = new BacktestRunner({ exchange: 'sample' });
    const out = join(root, 'api-other');
    const ctl = new AbortController();
    await expect(runner.runOptimization(data, 'dma_atr_trend', { trend_ma_window: 150 }, ranges,
      { workers: 1, outputDir: out, signal: ctl.signal, progress: { ...silentProgress, update: () => ctl.abort() }, bestBacktest: false })).rejects.toBeInstanceOf(InterruptedError);
    await expect(runner.runOptimization(data, 'dma_atr_trend', { trend_ma_window: 150 }, { ...ranges, atr_period: [7, 14] },
      { workers: 1, outputDir: out, resume: true })).rejects.toThrow(/Cannot resume the optimization .* other settings, ranges or data/);
  });

  it.skipIf(!existsSync(CLI))('through the CLI: SIGINT stops with exit 130 and a partial folder; --resume finishes it', async () => {
    const config = join(root, 'ranges.json');
    writeFileSync(config, JSON.stringify({ strategy: 'dma_atr_trend', technical_parameters: { trend_ma_window: 150 }, optimization_ranges: ranges }));
    const args = (out: string) => ['--exchange', 'sample', '--symbols', 'BTC/USDT', '--timeframe', '1h', '--start', '2022-01-01', '--end', '2024-01-01',
      '--optimize', '--config', config, '--metric', 'sharpe_ratio', '--output', out];
    const part = join(root, 'cli-part');
    const child = spawn(process.execPath, [CLI, ...args(part), '--workers', '2'], { env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    const code = await new Promise<number | null>((resolve) => {
      let sent = false;
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        // The plain progress prints "Optimizing: 11% ..." after the first tenth: interrupt there.
        if (!sent && /Optimizing: \d+%/.test(stderr)) {
          sent = true;
          child.kill('SIGINT');
        }
      });
      child.stdout.resume();
      child.on('close', (c) => resolve(c));
    });
    expect(code, stderr).toBe(130);
    expect(stderr).toMatch(/Optimization interrupted: [\d,]+ finished combinations were written .* --resume/);
    expect(JSON.parse(readFileSync(join(part, 'run.json'), 'utf8')).partial).toBe(true);
    const resumed = await runCli([...args(part), '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/Resuming: [\d,]+ of 324 combinations already done, [\d,]+ remaining/);
    const full = join(root, 'cli-full');
    const once = await runCli([...args(full), '--workers', '1']);
    expect(once.code, once.stderr).toBe(0);
    same(full, part);
  });
});
