/** The optimization job through the public API: determinism across threads, random search, constraints, directions, bad ranges. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PiscinaPool } from '../../src/adapters/pool/piscina-pool.js';
import { BacktestRunner } from '../../src/adapters/api/backtest-runner.js';
import type { MarketData } from '../../src/adapters/api/market-data.js';
import { ConfigError, UsageError } from '../../src/base/errors.js';
import { METRIC_COUNT, METRIC_INDEX, metricInfo, OPTIMIZATION_METRICS } from '../../src/domain/metrics/catalog.js';
import { ConsoleReporter } from '../../src/adapters/cli/console-reporter.js';
import { readCsvRows, tempDir } from '../support/run-cli.js';
import { listFiles, recordingObserver } from './fixtures.js';

let root = '';
let data: MarketData;
const runner = new BacktestRunner({ exchange: 'sample' });
beforeAll(async () => {
  root = await tempDir('opt-job-');
  data = await runner.loadData('SOL/USDT', '1h', '2023-01-01', '2023-05-01');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const grid = { short_ma_window: [5, 10, 20], long_ma_window: [15, 30, 60], atr_period: [7, 14], sl_atr_multiplier: [1.5, 3] };

describe('optimization job', () => {
  it('writes identical files with 1 and 2 worker threads', async () => {
    const one = join(root, 'w1');
    const two = join(root, 'w2');
    // One worker: everything written on this thread. Two: the results table and the pages are
    // written on the pool's worker thread while this thread writes best_backtest/.
    const onPool = vi.spyOn(PiscinaPool.prototype, 'writeOptimizationTable');
    await runner.runOptimization(data, 'dma_atr_trend', { trend_ma_window: 100 }, grid, { metric: 'sortino_ratio', workers: 1, outputDir: one });
    expect(onPool).not.toHaveBeenCalled();
    await runner.runOptimization(data, 'dma_atr_trend', { trend_ma_window: 100 }, grid, { metric: 'sortino_ratio', workers: 2, inProcessBelow: 0, outputDir: two });
    expect(onPool).toHaveBeenCalledTimes(1);
    expect(await onPool.mock.results[0].value).toEqual({ tables: ['optimization_results.csv'],
      pages: ['assets/echarts.min.js', 'assets/report-runtime.js', 'optimization_distribution.html', 'optimization_heatmap.html', 'optimization_convergence.html'] });
    onPool.mockRestore();
    const files = await listFiles(one);
    expect(await listFiles(two)).toEqual(files);
    // Everything but the logs, run.json and the best backtest's own pages (they show step timings).
    const compared = files.filter((f) => /\.(csv|json|html)$/.test(f) && !f.endsWith('run.json') && !f.endsWith('index.html') && !/^best_backtest\/.*\.html$/.test(f));
    expect(compared).toEqual(expect.arrayContaining(['optimization_results.csv', 'best_params.json', 'optimization_heatmap.html',
      'optimization_distribution.html', 'optimization_convergence.html', 'best_backtest/performance_metrics.csv', 'best_backtest/trades.csv']));
    for (const f of compared) expect(readFileSync(join(two, f), 'utf8') === readFileSync(join(one, f), 'utf8'), f).toBe(true);
    expect(readdirSync(root).filter((f) => f.includes('.partial-'))).toEqual([]);
  });

  it("prints the guide's block on a rich console: 🔍 📈 ✅ 🏆 📊", async () => {
    let text = '';
    const sink = { write: (s: string) => { text += s; return true; } } as unknown as NodeJS.WritableStream;
    const observer = new ConsoleReporter({ rich: true, debug: false, out: sink, err: sink });
    await new BacktestRunner({ exchange: 'sample', observer }).runOptimization(data, 'dma_atr_trend', { trend_ma_window: 100 },
      { short_ma_window: [5, 10], long_ma_window: [30, 60] }, { metric: 'sharpe_ratio', workers: 1, outputDir: join(root, 'rich'), bestBacktest: false });
    const plain = text.replace(/\u001b\[\d+m/g, '');
    expect(plain).toMatch(/🔍 Starting Grid Optimization\n/);
    expect(plain).toMatch(/📈 {2}Testing 4 parameter combinations\n/);
    expect(plain).toMatch(/✅ Optimization completed \(\d+\.\d+s\)\n/);
    expect(plain).toMatch(/🏆 Best Parameters:\n {3}short_ma_window: +\d+\n {3}long_ma_window: +\d+\n/);
    expect(plain).toMatch(/📊 Best Performance:\n {3}Sharpe Ratio: +-?[\d.]+ \(target metric\)\n {3}Total Return: +-?[\d.]+%\n {3}Max Drawdown: /);
  });

  it('counts and skips constraint-breaking combinations (never run)', async () => {
    // short ∈ {5,10,20} × long ∈ {15,30,60} with trend 100: short < long fails for (20,15) only → 1 pair × 2 × 2 = 4 skipped of 36.
    const { events, observer } = recordingObserver();
    const r = await new BacktestRunner({ exchange: 'sample', observer }).runOptimization(data, 'dma_atr_trend', { trend_ma_window: 100 }, grid,
      { workers: 1, outputDir: join(root, 'skips'), bestBacktest: false });
    expect(r.constraintSkips).toBe(4);
    expect(r.symbols[0].tried).toBe(32);
    const rows = readCsvRows(join(root, 'skips', 'optimization_results.csv'));
    expect(rows).toHaveLength(32);
    expect(rows.some((x) => Number(x.short_ma_window) >= Number(x.long_ma_window))).toBe(false);
    expect(events.some((e) => e.includes('36 in the grid; 4 skipped (break a constraint)'))).toBe(true);
    expect(JSON.parse(readFileSync(join(root, 'skips', 'run.json'), 'utf8')).constraint_skips).toBe(4);
  });

  it('random search: the same seed repeats, draws are distinct, another seed draws others, n-iter beyond the grid is the grid', async () => {
    const wide = { short_ma_window: [3, 5, 8, 13, 21], long_ma_window: [25, 34, 55, 89], atr_period: [7, 10, 14, 20], tp_atr_multiplier: [0, 2, 4, 6] };
    const run = async (name: string, seed: number, nIter: number) => {
      await runner.runOptimization(data, 'dma_atr_trend', { trend_ma_window: 150 }, wide, { method: 'random', nIter, seed, workers: 2, inProcessBelow: 0, outputDir: join(root, name), bestBacktest: false });
      return readFileSync(join(root, name, 'optimization_results.csv'), 'utf8');
    };
    const a = await run('r1', 11, 40);
    const b = await run('r2', 11, 40);
    const c = await run('r3', 12, 40);
    expect(b).toBe(a);
    const ids = (csv: string) => csv.trim().split('\n').slice(1).map((l) => Number(l.split(',')[1]));
    expect(new Set(ids(a)).size).toBe(40);
    expect(new Set(ids(c))).not.toEqual(new Set(ids(a)));
    const all = ids(await run('r4', 11, 10_000));
    expect(all.sort((x, y) => x - y)).toEqual(Array.from({ length: 320 }, (_, i) => i));
  });

  it('honours every target metric and its direction (max_drawdown lower, the rest higher)', async () => {
    const r = await runner.runOptimization(data, 'dma_atr_trend', { trend_ma_window: 100 }, grid, { workers: 1, outputDir: join(root, 'dir'), bestBacktest: false });
    const t = r.symbols[0].result;
    for (const metric of OPTIMIZATION_METRICS) {
      const { rankDone } = await import('../../src/orchestration/optimize/optimize-symbol.js');
      const ranking = rankDone(t.rows, t.order, t.done, metric);
      const v = (p: number) => t.rows[p * METRIC_COUNT + METRIC_INDEX[metric]];
      const finite = Array.from(ranking).map(v).filter((x) => x === x);
      const want = metricInfo(metric).direction === 'lower' ? Math.min(...finite) : Math.max(...finite);
      expect(v(ranking[0]), metric).toBe(want);
      for (let k = 1; k < ranking.length; k++) {
        const a = v(ranking[k - 1]);
        const b = v(ranking[k]);
        if (a === a && b === b) expect(metric === 'max_drawdown' ? a <= b : a >= b, `${metric} rank ${k}`).toBe(true);
        if (a !== a) expect(b !== b, `${metric}: NaN ranks last`).toBe(true);
      }
    }
    expect(metricInfo('max_drawdown').direction).toBe('lower');
    const dd = await runner.runOptimization(data, 'dma_atr_trend', { trend_ma_window: 100 }, grid, { metric: 'max_drawdown', workers: 1, outputDir: join(root, 'dd'), bestBacktest: false });
    const rows = readCsvRows(join(root, 'dd', 'optimization_results.csv')).map((x) => Number(x.max_drawdown));
    expect(rows[0]).toBe(Math.min(...rows));
    expect(dd.symbols[0].best?.metrics[METRIC_INDEX.max_drawdown]).toBe(rows[0]);
  });

  it('bad settings and ranges fail with a clear error before any data is loaded or any folder written', async () => {
    const cases: [Record<string, unknown>, Record<string, unknown>, RegExp, typeof ConfigError | typeof UsageError][] = [
      [{ short_ma_window: [] }, {}, /optimization_ranges\.short_ma_window: is an empty list/, ConfigError],
      [{ short_ma_window: [10, 'ten'] }, {}, /short_ma_window\[1\]: "ten"/, ConfigError],
      [{ shortma: [10] }, {}, /shortma is not a parameter of DMA-ATR-Trend \(known: short_ma_window/, ConfigError],
      [{ short_ma_window: Array.from({ length: 101 }, (_, i) => i + 1), long_ma_window: Array.from({ length: 100 }, (_, i) => i + 200) }, { maxCombinations: 10_000 },
        /10,100 combinations \(101 × 100\), over the limit of 10,000; .*--max-combinations 10100/, ConfigError],
      [{ short_ma_window: [5] }, { metric: 'volatility' }, /Unknown optimization metric "volatility"/, UsageError],
      [{ short_ma_window: [5] }, { method: 'bayes' }, /Unknown optimization method/, UsageError],
      [{ short_ma_window: [50, 60] }, { }, /All 2 combinations of optimization_ranges break a constraint/, ConfigError],
    ];
    for (const [ranges, opts, message, type] of cases) {
      const { events, observer } = recordingObserver();
      const out = join(root, 'bad');
      const p = new BacktestRunner({ exchange: 'sample', observer }).runOptimization(data, 'dma_atr_trend', { long_ma_window: 40 }, ranges as never, { ...opts, outputDir: out } as never);
      await expect(p).rejects.toThrow(message);
      await expect(p).rejects.toBeInstanceOf(type);
      expect(events).toEqual([]);
      expect(existsSync(out)).toBe(false);
    }
    // The limit is the user's to raise.
    const ok = await runner.runOptimization(data, 'dma_atr_trend', { trend_ma_window: 300 },
      { short_ma_window: Array.from({ length: 101 }, (_, i) => i + 1), long_ma_window: Array.from({ length: 100 }, (_, i) => i + 200) },
      { method: 'random', nIter: 5, maxCombinations: 10_000, workers: 1, outputDir: join(root, 'raised'), bestBacktest: false });
    expect(ok.symbols[0].tried).toBe(5);
  });
});
