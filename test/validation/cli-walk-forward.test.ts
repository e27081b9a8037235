/**
 * `backtester walk-forward` end to end: a fold's selection equals a separate --optimize run on
 * exactly its train window; the stitched out-of-sample equity equals re-running each fold's
 * parameters on its test window with the same warm-up, chained; bad windows fail before any work.
 */
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/domain/config/resolve-config.js';
import { makeFrame } from '../../src/domain/frame/frame.js';
import { simulate } from '../../src/domain/portfolio/simulate.js';
import { findBuiltinStrategy } from '../../src/domain/strategies/registry.js';
import { runBacktest } from '../../src/orchestration/run-backtest.js';
import { CLI, readCsvRows, runCli, tempDir } from '../support/run-cli.js';
import { cycle, dmaConfig, writeMarket } from './markets.js';

let root = '';
let data = '';
let cfg = '';
const out = () => join(root, 'wf');
const RANGES = { short_ma_window: [5, 10, 20, 40], long_ma_window: [50, 80, 120], sl_atr_multiplier: [0, 2] };
const base = (extra: string[] = []) => ['--exchange', 'csv', '--data-dir', data, '--symbols', 'CY/USDT', '--timeframe', '1h', '--config', cfg, '--metric', 'sharpe_ratio', ...extra];

beforeAll(async () => {
  root = await tempDir('wf-cli-');
  data = writeMarket(join(root, 'data'), 'CY', cycle(3000, 240, 11).map((x, i) => x * (1 + 0.00002 * i)));
  cfg = dmaConfig(root, 'wf.json', RANGES);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe.skipIf(!existsSync(CLI))('backtester walk-forward (CLI)', () => {
  it('writes walk_forward/ with 5 folds; each fold\'s selection equals --optimize on its train window', async () => {
    const r = await runCli(['walk-forward', ...base(['--train', '1000', '--test', '400', '--output', out()])]);
    expect(r.code, r.stderr).toBe(0);
    const wf = join(out(), 'walk_forward');
    for (const f of ['folds.csv', 'oos_equity.csv', 'performance_metrics.csv', 'trades.csv', 'walk_forward.json', 'walk_forward.html']) expect(existsSync(join(wf, f)), f).toBe(true);
    expect(readFileSync(join(out(), 'index.html'), 'utf8')).toContain('href="walk_forward/walk_forward.html"');
    const folds = readCsvRows(join(wf, 'folds.csv'));
    expect(folds.map((f) => [f.train_bars, f.test_bars])).toEqual(Array(5).fill(['1000', '400']));
    expect(folds[1].train_start).toBe('2023-01-17T16:00:00Z'); // bar 400
    for (const k of [0, 3]) {
      const f = folds[k];
      const opt = join(root, `opt-${k}`);
      const o = await runCli([...base(['--start', f.train_start, '--end', f.train_end, '--optimize', '--output', opt])]);
      expect(o.code, o.stderr).toBe(0);
      const best = readCsvRows(join(opt, 'optimization_results.csv'))[0];
      for (const key of Object.keys(RANGES)) expect(best[key], `fold ${k} ${key}`).toBe(f[key]);
      expect(Number(f.is_sharpe_ratio)).toBe(Number(best.sharpe_ratio));
    }
  });

  it('the stitched OOS equity equals each fold re-run on its test window with the same warm-up, chained', () => {
    const wf = join(out(), 'walk_forward');
    const folds = readCsvRows(join(wf, 'folds.csv'));
    const equity = readCsvRows(join(wf, 'oos_equity.csv'));
    const rows = readCsvRows(join(data, 'CY-USDT_1h.csv'));
    const col = (k: string) => Float64Array.from(rows, (r) => Number(r[k]));
    const time = Float64Array.from(rows, (r) => Date.parse(r.timestamp));
    const frame = makeFrame('CY/USDT', '1h', { time, open: col('open'), high: col('high'), low: col('low'), close: col('close'), volume: col('volume') },
      { kind: 'csv', synthetic: false, exchange: 'csv', market: 'spot', description: 'test' });
    const def = findBuiltinStrategy('dma_atr_trend')!;
    const file = JSON.parse(readFileSync(cfg, 'utf8'));
    const idx = (iso: string) => time.indexOf(Date.parse(iso));
    let cash = 100_000;
    let at = 0;
    for (const f of folds) {
      const params = Object.fromEntries(Object.keys(RANGES).map((k) => [k, Number(f[k])]));
      const resolved = resolveConfig(file, def, { params });
      if (!resolved.ok) throw new Error('config');
      const { params: p, portfolio } = resolved.value;
      const warm = idx(f.train_start);
      const a = idx(f.test_start);
      const b = f.test_end === '' || idx(f.test_end) < 0 ? time.length : idx(f.test_end);
      const cut = (s: number, e: number) => ({ ...frame, time: time.subarray(s, e), open: frame.open.subarray(s, e), high: frame.high.subarray(s, e), low: frame.low.subarray(s, e), close: frame.close.subarray(s, e), volume: frame.volume.subarray(s, e), length: e - s });
      // Signals from a plain backtest over warm-up + test, then only the test bars traded from the chained cash.
      const sig = runBacktest({ frame: cut(warm, b), strategy: def, params: p, portfolio }).signals;
      const s = (x: Uint8Array) => x.subarray(a - warm);
      const sim = simulate(cut(a, b), {
        longEntries: s(sig.longEntries), longExits: s(sig.longExits), shortEntries: s(sig.shortEntries), shortExits: s(sig.shortExits),
        slDistance: sig.slDistance ? sig.slDistance.subarray(a - warm) : null, tpDistance: sig.tpDistance ? sig.tpDistance.subarray(a - warm) : null,
        slFraction: sig.slFraction, tpFraction: sig.tpFraction,
      }, { ...portfolio, initCash: cash });
      expect(Number(f.start_equity)).toBe(cash);
      for (let t = 0; t < b - a; t++) expect(Number(equity[at + t].equity)).toBe(sim.equity[t]);
      at += b - a;
      cash = sim.equity[b - a - 1];
    }
    expect(at).toBe(equity.length);
    const metrics = Object.fromEntries(readCsvRows(join(wf, 'performance_metrics.csv')).map((r) => [r.metric, Number(r.value)]));
    expect(metrics.total_return).toBeCloseTo(cash / 100_000 - 1, 12);
  });

  it('rejects windows longer than the data, fewer than 2 folds and overlapping tests before any work', async () => {
    const cases: [string[], string][] = [
      [['--train', '3000', '--test', '400'], 'do not fit in the data'],
      [['--train', '2000', '--test', '900'], 'Only 1 fold fits'],
      [['--train', '1000', '--test', '400', '--step', '200'], '--step must be at least --test'],
      [['--train', 'six months', '--test', '400'], '--train takes a bar count'],
    ];
    for (const [flags, msg] of cases) {
      const dir = join(root, `bad-${flags.join('')}`.replace(/\W/g, ''));
      const r = await runCli(['walk-forward', ...base([...flags, '--output', dir])]);
      expect(r.code, flags.join(' ')).toBe(2);
      expect(r.stderr).toContain(msg);
      expect(existsSync(dir)).toBe(false);
    }
  });
});
