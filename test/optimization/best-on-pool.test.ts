/**
 * A strategy file's best combination is computed again for best_backtest/ on one of the
 * optimization's own threads (the file is loaded there already), not on a strategy host thread
 * started for it; best_backtest/ is the single backtest of the best parameters all the same.
 */
import { readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BacktestRunner } from '../../src/adapters/api/backtest-runner.js';
import { readMetrics, tempDir } from '../support/run-cli.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** Enters every `every` bars and exits 5 bars later; each generateSignals() call appends its thread id to `log`. */
const EVERY = Array.from({ length: 24 }, (_, i) => 10 + i);
const strategy = (log: string) => `const { appendFileSync } = require('node:fs');
const { threadId } = require('node:worker_threads');
module.exports = class EveryN {
  static defaults = { every: 20 };
  constructor(frame, params) { this.frame = frame; this.params = params; this.indicators = {}; this.placement = {}; }
  initIndicators() {}
  generateSignals() {
    appendFileSync(${JSON.stringify(log)}, threadId + '\\n');
    const until = Date.now() + 3; // a few ms per call: both threads get chunks
    while (Date.now() < until);
    const n = this.frame.length;
    const s = { longEntries: new Uint8Array(n), longExits: new Uint8Array(n), shortEntries: new Uint8Array(n), shortExits: new Uint8Array(n),
      slDistance: null, tpDistance: null, slFraction: 0, tpFraction: 0 };
    for (let t = 1; t < n; t += this.params.every) s.longEntries[t] = 1;
    for (let t = 6; t < n; t += this.params.every) s.longExits[t] = 1;
    return s;
  }
};
`;

describe('the best combination of a strategy file', () => {
  it('runs on a pool thread that evaluated combinations (no strategy host thread), and best_backtest/ equals its row', async () => {
    const root = await tempDir('bt-best-pool-');
    dirs.push(root);
    const log = join(root, 'threads.log');
    const file = join(root, 'every-n.cjs');
    await writeFile(file, strategy(log));
    const runner = new BacktestRunner({ exchange: 'sample' });
    const data = await runner.loadData('BTC/USDT', '4h', '2022-01-01', '2023-06-01');
    const out = join(root, 'run');
    const r = await runner.runOptimization(data, file, {}, { every: EVERY }, { metric: 'total_return', workers: 2, inProcessBelow: 0, outputDir: out });
    expect(r.symbols[0].tried).toBe(EVERY.length);
    const calls = readFileSync(log, 'utf8').trim().split('\n');
    // One call per combination, then one for best_backtest/ (after the search): on a thread that evaluated some.
    expect(calls.length).toBe(EVERY.length + 1);
    const evaluating = new Set(calls.slice(0, -1));
    expect(evaluating.size).toBe(2); // both pool threads worked, so a third thread id would be a new thread
    expect(evaluating.has('0')).toBe(false);
    expect(evaluating.has(calls.at(-1)!)).toBe(true);
    // best_backtest/ is the best row (writeSymbolOutputs also checks every metric bit for bit).
    const best = r.symbols[0].best!;
    expect(readFileSync(join(out, 'best_params.json'), 'utf8')).toContain(`"every": ${best.values.every}`);
    const m = readMetrics(join(out, 'best_backtest'));
    expect(m.total_trades).toBeGreaterThan(0);
    expect(m.total_trades).toBe(best.stats.total_trades.value);
    expect(m.total_return).toBe(best.stats.total_return.value);
  });

  it('--portfolio: its signals on every symbol come from pool threads too, and best_backtest/ is the best account', async () => {
    const root = await tempDir('bt-best-pool-p-');
    dirs.push(root);
    const log = join(root, 'threads.log');
    const file = join(root, 'every-n.cjs');
    await writeFile(file, strategy(log));
    const config = join(root, 'cfg.json');
    await writeFile(config, JSON.stringify({ strategy: file, optimization_ranges: { every: EVERY } }));
    const runner = new BacktestRunner({ exchange: 'sample' });
    const out = join(root, 'run');
    await runner.runFromConfig(config, 'BTC/USDT,ETH/USDT', '4h', '2022-01-01', '2023-06-01', true, 'total_return', out,
      { portfolio: { portfolio: true }, optimization: { workers: 2 } });
    const calls = readFileSync(log, 'utf8').trim().split('\n');
    // Each combination on both symbols, then the best on both symbols (after the search).
    expect(calls.length).toBe(EVERY.length * 2 + 2);
    const evaluating = new Set(calls.slice(0, -2));
    expect(evaluating.size).toBe(2);
    expect(evaluating.has('0')).toBe(false);
    for (const id of calls.slice(-2)) expect(evaluating.has(id)).toBe(true);
    // The job re-runs the best account and checks every metric against its row before publishing.
    expect(readMetrics(join(out, 'best_backtest')).total_trades).toBeGreaterThan(0);
  });
});
