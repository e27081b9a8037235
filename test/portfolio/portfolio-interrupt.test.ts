/**
 * Interrupting a portfolio optimization through the library (an AbortSignal): the call rejects
 * with InterruptedError after writing the finished combinations as a partial folder, also when it
 * is stopped before any combination ran; resuming gives the files of one uninterrupted run.
 * `--min-trades` ranks accounts with fewer closed trades last.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BacktestRunner } from '../../src/adapters/api/backtest-runner.js';
import type { OptimizationSettings } from '../../src/adapters/api/backtest-runner.js';
import { InterruptedError } from '../../src/base/errors.js';
import { silentProgress } from '../../src/orchestration/ports.js';
import { readCsvRows, tempDir } from '../support/run-cli.js';

const ranges = { short_ma_window: [5, 10], long_ma_window: [20, 30, 40], sl_atr_multiplier: [0, 2], tp_atr_multiplier: [0, 4] };
const PLANNED = 24;
const COMPARED = ['optimization_results.csv', 'best_params.json', 'optimization_distribution.html', 'optimization_heatmap.html',
  'optimization_convergence.html', 'best_backtest/performance_metrics.csv', 'best_backtest/trades.csv', 'best_backtest/contributions.csv', 'best_backtest/equity.csv'];

let root = '';
let config = '';
beforeAll(async () => {
  root = await tempDir('popt-abort-');
  config = join(root, 'ranges.json');
  writeFileSync(config, JSON.stringify({ strategy: 'dma_atr_trend', technical_parameters: { trend_ma_window: 60 }, optimization_ranges: ranges }));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const run = (out: string, optimization: OptimizationSettings = {}) => new BacktestRunner({ exchange: 'sample' }).runFromConfig(config,
  'BTC/USDT,ETH/USDT,ADA/USDT', '4h', '2022-01-01', '2024-01-01', true, 'sharpe_ratio', out,
  { optimization: { workers: 1, ...optimization }, portfolio: { portfolio: true, stake: '40000', maxOpenPositions: 2 }, warmup: false });

const same = (a: string, b: string) => {
  for (const f of COMPARED) expect(readFileSync(join(a, f), 'utf8') === readFileSync(join(b, f), 'utf8'), f).toBe(true);
};

describe('portfolio optimization: abort and resume through the library', () => {
  it('stopped after the first chunk and stopped before any combination: partial folders that --resume completes identically', async () => {
    const full = join(root, 'full');
    await run(full);
    expect(readCsvRows(join(full, 'optimization_results.csv'))).toHaveLength(PLANNED);

    // Stopped once the first chunk finished.
    const part = join(root, 'part');
    const ctl = new AbortController();
    await expect(run(part, { signal: ctl.signal, progress: { ...silentProgress, update: () => ctl.abort() } })).rejects.toBeInstanceOf(InterruptedError);
    const manifest = JSON.parse(readFileSync(join(part, 'run.json'), 'utf8'));
    expect(manifest).toMatchObject({ portfolio: true, partial: true, status: 'partial', planned: PLANNED, resume_state: 'optimization_state.json' });
    expect(manifest.combinations).toBeGreaterThan(0);
    expect(manifest.combinations).toBeLessThan(PLANNED);
    expect(readCsvRows(join(part, 'optimization_results.csv'))).toHaveLength(manifest.combinations);
    await run(part, { resume: true });
    same(full, part);
    expect(existsSync(join(part, 'optimization_state.bin'))).toBe(false);

    // Stopped before anything ran: nothing finished, still a resumable partial folder (no best yet).
    const none = join(root, 'none');
    const stopped = new AbortController();
    stopped.abort();
    await expect(run(none, { signal: stopped.signal })).rejects.toThrow(/0 of 24 combinations finished .*; 24 remaining/);
    expect(JSON.parse(readFileSync(join(none, 'run.json'), 'utf8'))).toMatchObject({ partial: true, combinations: 0 });
    expect(existsSync(join(none, 'best_params.json'))).toBe(false);
    await run(none, { resume: true });
    same(full, none);
  });

  it('--min-trades: accounts with fewer closed trades rank after all others', async () => {
    const out = join(root, 'min-trades');
    const all = readCsvRows(join(root, 'full', 'optimization_results.csv')).map((r) => Number(r.total_trades));
    const cut = [...all].sort((a, b) => a - b)[Math.floor(all.length / 2)];
    await run(out, { minTrades: cut });
    const trades = readCsvRows(join(out, 'optimization_results.csv')).map((r) => Number(r.total_trades));
    const firstLow = trades.findIndex((t) => t < cut);
    expect(firstLow).toBeGreaterThan(0);
    for (let k = firstLow; k < trades.length; k++) expect(trades[k]).toBeLessThan(cut);
  });
});
