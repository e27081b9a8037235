import { describe, expect, it } from 'vitest';
import { StrategyError } from '../../base/errors.js';
import { planEvaluations } from '../../domain/params/evaluation-plan.js';
import { DEFAULT_PORTFOLIO } from '../../domain/portfolio/spec.js';
import { dmaAtrTrend } from '../../domain/strategies/dma-atr-trend.js';
import { InProcessPool } from '../../orchestration/optimize/in-process-pool.js';
import { optimizeSymbol } from '../../orchestration/optimize/optimize-symbol.js';
import { dmaSpace, sameBits, sampleFrame } from '../../../test/optimization/fixtures.js';
import { PiscinaPool, workerEntry } from './piscina-pool.js';

describe('PiscinaPool (2 worker threads)', () => {
  it('runs the worker from sources with tsx under the test runner', () => {
    const e = workerEntry();
    expect(e.filename.endsWith('optimize-worker.ts')).toBe(true);
    expect(e.execArgv).toEqual(['--import', 'tsx']);
  });

  it('writes the same rows as one thread, whatever the chunking', async () => {
    const frame = await sampleFrame('BTC/USDT', '1h', '2023-01-01', '2023-03-01');
    const space = dmaSpace({ short_ma_window: [5, 10, 20], long_ma_window: [30, 50], sl_atr_multiplier: [0, 1, 2], tp_atr_multiplier: [2, 4] }, { trend_ma_window: 120 });
    const plan = planEvaluations(space, dmaAtrTrend, { method: 'grid' });
    const spec = { frame, def: dmaAtrTrend, source: { kind: 'builtin', id: 'dma_atr_trend' } as const, space, plan, portfolio: DEFAULT_PORTFOLIO, metric: 'total_return' as const };
    const one = await optimizeSymbol({ ...spec, jobId: 'one' }, new InProcessPool());
    const pool = new PiscinaPool(2);
    try {
      const two = await optimizeSymbol({ ...spec, jobId: 'two' }, pool);
      expect(two.completed).toBe(plan.order.length);
      expect(sameBits(two.rows, one.rows)).toBe(true);
      expect(Array.from(two.ranking)).toEqual(Array.from(one.ranking));
    } finally {
      await pool.close();
    }
  });

  it('brings a strategy error back from the worker as a StrategyError naming the parameters', async () => {
    const frame = await sampleFrame('BTC/USDT', '1d', '2022-01-01', '2023-01-01');
    const space = dmaSpace({ short_ma_window: [5, 10] }, { long_ma_window: 20, trend_ma_window: 50 });
    const plan = planEvaluations(space, dmaAtrTrend, { method: 'grid' });
    const pool = new PiscinaPool(2);
    try {
      const bad = optimizeSymbol({ jobId: 'bad', frame, def: dmaAtrTrend, source: { kind: 'file', path: '/nonexistent/strategy.ts' }, space, plan, portfolio: DEFAULT_PORTFOLIO, metric: 'total_return' }, pool);
      await expect(bad).rejects.toBeInstanceOf(StrategyError);
      await expect(bad).rejects.toThrow(/Strategy file not found/);
    } finally {
      await pool.close();
    }
  });
});
