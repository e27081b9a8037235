import { describe, expect, it } from 'vitest';
import type { UsageError } from '../../base/errors.js';
import { METRIC_COUNT, METRIC_INDEX } from '../../domain/metrics/catalog.js';
import { checkOptimizationSettings } from './optimization-settings.js';
import { bestParamRows, bestPerformanceRows, consoleValue, titleLabel } from './optimization-console.js';
import { inProcessBelow, openPool, startPool, startPoolEarly } from './optimization-run.js';
import { availableParallelism } from 'node:os';
import { runOptimizationJob } from './optimization-job.js';
import { dmaAtrTrend } from '../../domain/strategies/dma-atr-trend.js';
import { DEFAULT_PORTFOLIO } from '../../domain/portfolio/spec.js';
import { silentObserver } from './observer.js';
import { PiscinaPool } from '../pool/piscina-pool.js';
import { JoinedPool } from '../../orchestration/optimize/joined-pool.js';
import { InProcessPool } from '../../orchestration/optimize/in-process-pool.js';

describe('optimization console rows', () => {
  it('the guide block: target first and marked, headline metrics, trials and deflated Sharpe', () => {
    const row = new Float64Array(METRIC_COUNT).fill(NaN);
    row[METRIC_INDEX.sharpe_ratio] = 2.1449;
    row[METRIC_INDEX.total_return] = 0.18674;
    row[METRIC_INDEX.max_drawdown] = 0.0623;
    row[METRIC_INDEX.total_trades] = 45;
    const rows = bestPerformanceRows({ metric: 'sharpe_ratio', row, tried: 125, planned: 125, constraintSkips: 3,
      selection: { trials: 125, sharpe: 2.1449, expectedMaxSharpe: 1.5, dsr: 0.8731, skewness: 0, kurtosis: 3, observations: 100 } });
    expect(rows).toEqual([
      ['Sharpe Ratio', '2.14 (target metric)'], ['Total Return', '18.67%'], ['Max Drawdown', '6.23%'], ['Win Rate', 'n/a'], ['Total Trades', '45'],
      ['Combinations Tried', '125; 3 skipped (break a constraint)'],
      ['Deflated Sharpe', '87.3% (probability the Sharpe ratio 2.14 beats 1.50, the best of 125 luck-only trials)'],
    ]);
    expect(bestParamRows(['short_ma_window', 'sl_atr_multiplier'], [15, 2.5])).toEqual([['short_ma_window', '15'], ['sl_atr_multiplier', '2.5']]);
    expect([titleLabel('cvar_95'), consoleValue('profit_factor', Infinity), consoleValue('win_rate', 0.5)]).toEqual(['CVaR 95', '∞', '50.00%']);
  });
});

describe('optimization settings and pool choice', () => {
  it('defaults and checks', () => {
    expect(checkOptimizationSettings({})).toEqual({ metric: 'total_return', method: 'grid', nIter: 100, seed: 42, maxCombinations: 1_000_000, workers: undefined });
    expect(() => checkOptimizationSettings({ nIter: 0 })).toThrow(/--n-iter takes a whole number >= 1/);
    expect(() => checkOptimizationSettings({ seed: -1 })).toThrow(/--seed/);
    expect(() => checkOptimizationSettings({ workers: 1.5 })).toThrow(/--workers/);
    let hint = '';
    try { checkOptimizationSettings({ metric: 'exposure_time' }); } catch (e) { hint = (e as UsageError).userMessage(); }
    expect(hint).toMatch(/Unknown optimization metric "exposure_time"\. Use one of: total_return, sharpe_ratio, .*max_drawdown is minimised/);
  });
  it('threads for real work; this thread for small jobs, one worker and strategy objects', async () => {
    const frames = [{ frame: { length: 10_000 } }] as never;
    const builtin = { source: { kind: 'builtin', id: 'dma_atr_trend' } } as const;
    // A built-in strategy: this thread and one worker thread (JoinedPool); a strategy file: worker threads alone.
    const big = await openPool(builtin, 2, 2000, frames);
    expect(big.pool).toBeInstanceOf(JoinedPool);
    expect((big.pool as JoinedPool).workers).toBeInstanceOf(PiscinaPool);
    expect(big.pool.threads).toBe(2);
    expect((big.pool as JoinedPool).workers.threads).toBe(1);
    expect(big.description).toBe('this thread and 1 worker thread');
    await big.pool.close();
    // The threshold: 2 threads from 18 M bar-steps (1,800 combinations × 10,000 bars), 4 from 12 M.
    expect([inProcessBelow(1), inProcessBelow(2), inProcessBelow(4)]).toEqual([Infinity, 18_000_000, 12_000_000]);
    expect((await openPool(builtin, 2, 1799, frames)).pool).toBeInstanceOf(InProcessPool);
    const atThreshold = await openPool(builtin, 2, 1800, frames);
    expect(atThreshold.pool).toBeInstanceOf(JoinedPool);
    await atThreshold.pool.close();
    expect((await openPool(builtin, 1, 1000, frames)).pool).toBeInstanceOf(InProcessPool);
    expect((await openPool({ source: { kind: 'inline', def: {} as never } }, 2, 1000, frames)).description).toMatch(/cannot be sent to worker threads/);
    const tiny = await openPool({ ...builtin, inProcessBelow: 0 }, 4, 3, frames);
    expect(tiny.pool.threads).toBe(3);
    await tiny.pool.close();
    const file = await openPool({ source: { kind: 'file', path: '/x/strategy.ts' } }, 2, 1000, frames);
    expect(file.pool).toBeInstanceOf(PiscinaPool);
    expect(file.pool.threads).toBe(2);
    await file.pool.close();
  });
  it('threads started early are reused for real work and closed for a small job', async () => {
    const frames = [{ frame: { length: 10_000 } }] as never;
    const builtin = { source: { kind: 'builtin', id: 'dma_atr_trend' } } as const;
    expect(startPool(builtin, 1, 2000)).toBeNull();
    expect(startPool({ source: { kind: 'inline', def: {} as never } }, 2, 2000)).toBeNull();
    const early = startPool(builtin, 2, 2000)!;
    const reused = await openPool(builtin, 2, 2000, frames, early);
    expect((reused.pool as JoinedPool).workers).toBe(early);
    const again = startPool(builtin, 2, 2000)!;
    const small = await openPool(builtin, 2, 1, frames, again);
    expect(small.pool).toBeInstanceOf(InProcessPool);
    await expect(again.run({} as never, 0, 0)).rejects.toThrow();
    await early.close();
  });

  it('threads started before the job loads: as many as the cores, --workers and the largest grid allow; none for a queue or refused settings', async () => {
    const builtin = { kind: 'builtin', id: 'dma_atr_trend' } as const;
    const ranges = { short_ma_window: [5, 10, 20], long_ma_window: [40, 60] };
    const cores = availableParallelism();
    for (const [workers, grid, want] of [[2, ranges, Math.min(2, cores)], [64, ranges, Math.min(6, cores)], [undefined, { a: [1, 2] }, Math.min(2, cores)]] as const) {
      // A built-in strategy: this thread is one of them (JoinedPool), so one worker thread fewer.
      const p = startPoolEarly(builtin, { workers }, grid);
      if (want <= 1) expect(p).toBeNull();
      else expect(p!.threads).toBe(want - 1);
      await p?.close();
    }
    // A strategy file always gets a thread, even with --workers 1.
    const file = startPoolEarly({ kind: 'file', path: '/x/strategy.ts' }, { workers: 1 }, ranges)!;
    expect(file.threads).toBe(1);
    await file.close();
    // A random search of one combination starts no thread (it runs in this thread); of two, at most two (this one and a worker).
    expect(startPoolEarly(builtin, { workers: 2, method: 'random', nIter: 1 }, ranges)).toBeNull();
    const random = startPoolEarly(builtin, { workers: 64, method: 'random', nIter: 2 }, ranges);
    if (cores >= 2) expect(random!.threads).toBe(1);
    await random?.close();
    expect(startPoolEarly(builtin, { workers: 2, queue: { url: 'redis://x' } }, ranges)).toBeNull();
    expect(startPoolEarly(builtin, { workers: 0 }, ranges)).toBeNull();
    expect(startPoolEarly(builtin, { workers: 1.5 }, ranges)).toBeNull();
    expect(startPoolEarly(builtin, { workers: 2 }, {})).toBeNull();
    expect(startPoolEarly(builtin, { workers: 2 }, { a: [] })).toBeNull();
    // With the most bars the dates allow: none for a job below the threshold (6 × 2,999,999 < 18 M
    // on 2 threads), threads from it on; a strategy file gets its thread whatever the size.
    if (cores >= 2) {
      expect(startPoolEarly(builtin, { workers: 2 }, ranges, 2_999_999)).toBeNull();
      const enough = startPoolEarly(builtin, { workers: 2 }, ranges, 3_000_000);
      expect(enough!.threads).toBe(1);
      await enough?.close();
    }
    const fileSmall = startPoolEarly({ kind: 'file', path: '/x/strategy.ts' }, { workers: 1 }, ranges, 10)!;
    expect(fileSmall.threads).toBe(1);
    await fileSmall.close();
  });

  it('a job refused before it starts still closes the threads its caller started for it', async () => {
    let closed = 0;
    const threads = { threads: 2, close: async () => { closed++; } } as never;
    await expect(runOptimizationJob({
      threads, metric: 'no_such_metric', data: () => Promise.reject(new Error('not loaded')), strategy: dmaAtrTrend, source: { kind: 'builtin', id: 'dma_atr_trend' },
      params: dmaAtrTrend.defaults, ranges: { short_ma_window: [5, 10] }, portfolio: DEFAULT_PORTFOLIO, outputDir: '/nonexistent/out', observer: silentObserver,
    })).rejects.toThrow(/metric/);
    expect(closed).toBeGreaterThanOrEqual(1);
  });
});
