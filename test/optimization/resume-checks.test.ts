/**
 * --resume verifies its saved state (issue 8, item 11): damaged rows or a damaged/edited state file
 * are not used (a warning says so and the combinations are recomputed, giving the numbers of an
 * uninterrupted run); a best combination whose single backtest differs from its optimization row
 * is an error (exit 4) and nothing is published.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { BacktestRunner } from '../../src/adapters/api/backtest-runner.js';
import type { MarketData } from '../../src/adapters/api/market-data.js';
import { InterruptedError } from '../../src/base/errors.js';
import { silentProgress } from '../../src/orchestration/ports.js';
import { runCli, tempDir } from '../support/run-cli.js';

// Each case runs the CLI (several seconds each, much more when the machine is loaded).
vi.setConfig({ testTimeout: 300_000 });

const ranges = { short_ma_window: [5, 8, 13, 21], long_ma_window: [30, 50, 80], atr_period: [7, 14] };
let root = '';
let data: MarketData;
beforeAll(async () => {
  root = await tempDir('opt-resume-checks-');
  data = await new BacktestRunner({ exchange: 'sample' }).loadData('BTC/USDT', '1h', '2023-01-01', '2023-05-01');
});

async function partialRun(out: string): Promise<void> {
  const ctl = new AbortController();
  let calls = 0;
  const progress = { ...silentProgress, update: () => { if (++calls > 1) ctl.abort(); } };
  await expect(new BacktestRunner({ exchange: 'sample' }).runOptimization(data, 'dma_atr_trend', { trend_ma_window: 100 }, ranges,
    { workers: 1, outputDir: out, signal: ctl.signal, progress, bestBacktest: false })).rejects.toBeInstanceOf(InterruptedError);
  expect(existsSync(join(out, 'optimization_state.bin'))).toBe(true);
}

async function resume(out: string, warnings: string[]) {
  const observer = { title() {}, step() {}, debug() {}, summary() {}, note() {}, warn: (t: string) => warnings.push(t) };
  return new BacktestRunner({ exchange: 'sample', observer }).runOptimization(data, 'dma_atr_trend', { trend_ma_window: 100 }, ranges,
    { workers: 1, outputDir: out, resume: true, bestBacktest: false });
}

describe('--resume checks the saved state', () => {
  it('damaged rows: a warning, the rows recomputed, the same results as an uninterrupted run', async () => {
    const full = join(root, 'full');
    await new BacktestRunner({ exchange: 'sample' }).runOptimization(data, 'dma_atr_trend', { trend_ma_window: 100 }, ranges, { workers: 1, outputDir: full, bestBacktest: false });
    const out = join(root, 'damaged-rows');
    await partialRun(out);
    const bin = readFileSync(join(out, 'optimization_state.bin'));
    bin[bin.length - 40] ^= 0x01; // one bit of one metric of the last saved row
    writeFileSync(join(out, 'optimization_state.bin'), bin);
    const warnings: string[] = [];
    const r = await resume(out, warnings);
    expect(r.partial).toBe(false);
    expect(warnings.some((w) => /--resume: the saved rows of BTC\/USDT are not used: its checksum does not match \(damaged or edited\); recomputing them/.test(w))).toBe(true);
    expect(readFileSync(join(out, 'optimization_results.csv'), 'utf8')).toBe(readFileSync(join(full, 'optimization_results.csv'), 'utf8'));
  });

  it('an edited state file: a warning, everything recomputed', async () => {
    const out = join(root, 'edited-state');
    await partialRun(out);
    const state = JSON.parse(readFileSync(join(out, 'optimization_state.json'), 'utf8'));
    state.symbols[0].done += 5;
    writeFileSync(join(out, 'optimization_state.json'), JSON.stringify(state));
    const warnings: string[] = [];
    const r = await resume(out, warnings);
    expect(r.partial).toBe(false);
    expect(warnings.some((w) => /--resume: the saved state .*optimization_state\.json is not used: it is damaged or was edited .*; recomputing every combination/.test(w))).toBe(true);
  });
});

describe('a best combination whose single backtest differs from its row', () => {
  it('is an error (exit 4) and nothing is published', async () => {
    // A strategy that is not deterministic: its entries move with a counter kept between calls.
    const file = join(root, 'drifting.ts');
    await writeFile(file, `
      import { BaseStrategy } from 'backtester';
      let calls = 0;
      export default class Drifting extends BaseStrategy<{ every: number }> {
        static defaults = { every: 20 };
        initIndicators() {}
        generateSignals() {
          const s = this.emptySignals();
          const shift = calls++ % 7;
          for (let t = shift + 1; t < this.frame.length; t += this.params.every) s.longEntries[t] = 1;
          for (let t = shift + 6; t < this.frame.length; t += this.params.every) s.longExits[t] = 1;
          return { ...s, slDistance: null, tpDistance: null, slFraction: 0, tpFraction: 0 };
        }
      }`);
    const config = join(root, 'drift.json');
    await writeFile(config, JSON.stringify({ optimization_ranges: { every: [10, 15, 20, 25, 30, 35] } }));
    const out = join(root, 'drift-out');
    const r = await runCli(['--exchange', 'sample', '--symbols', 'BTC/USDT', '--timeframe', '1h', '--start', '2023-01-01', '--end', '2023-04-01',
      '--strategy', file, '--config', config, '--optimize', '--workers', '1', '--output', out]);
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/BTC\/USDT: the best combination's single backtest gives other numbers than its optimization row \(\w+: .* vs .*\); nothing was published/);
    expect(existsSync(out)).toBe(false);
  });
});
