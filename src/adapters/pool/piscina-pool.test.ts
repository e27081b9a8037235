import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeOptimizationTable, type OptimizationTableOutputs } from '../api/optimization-table.js';
import { prepareLibrary } from '../report/html/library.js';
import { isStorageFailure } from '../fs/fs-problem.js';
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

  it('writes a results table and its pages on a thread byte for byte as this thread does; a failure comes back with its code', async () => {
    const frame = await sampleFrame('BTC/USDT', '1h', '2023-01-01', '2023-03-01');
    const space = dmaSpace({ short_ma_window: [5, 10, 20], long_ma_window: [30, 50], sl_atr_multiplier: [0, 2] }, { trend_ma_window: 120 });
    const plan = planEvaluations(space, dmaAtrTrend, { method: 'grid' });
    const opt = await optimizeSymbol({ jobId: 'table', frame, def: dmaAtrTrend, source: { kind: 'builtin', id: 'dma_atr_trend' }, space, plan, portfolio: DEFAULT_PORTFOLIO, metric: 'sharpe_ratio' }, new InProcessPool());
    const root = mkdtempSync(join(tmpdir(), 'bt-table-'));
    const outputs = async (dir: string): Promise<OptimizationTableOutputs> => {
      mkdirSync(dir);
      return {
        dir, table: { space, order: opt.order, rows: opt.rows, ranking: opt.ranking, synthetic: true }, library: await prepareLibrary(dir, 'asset'),
        pages: {
          symbol: 'BTC/USDT', timeframe: '1h', strategyName: dmaAtrTrend.name, origin: frame.origin, metric: 'sharpe_ratio', method: 'grid', space,
          order: opt.order, rows: opt.rows, ranking: opt.ranking, done: opt.done, gridSize: plan.gridSize, constraintSkips: plan.constraintSkips,
          planned: plan.order.length, partial: false, selection: null, hasBestBacktest: false,
        },
      };
    };
    const pool = new PiscinaPool(1);
    try {
      const here = await writeOptimizationTable(await outputs(join(root, 'here')));
      const there = await pool.writeOptimizationTable(await outputs(join(root, 'there')));
      expect(there).toEqual(here);
      const files = [...here.tables, ...here.pages];
      expect(files).toContain('optimization_results.csv');
      for (const f of files) expect(readFileSync(join(root, 'there', f)).equals(readFileSync(join(root, 'here', f))), f).toBe(true);
      const gone = { ...(await outputs(join(root, 'gone'))), dir: join(root, 'missing') };
      await expect(pool.writeOptimizationTable(gone)).rejects.toMatchObject({ code: 'OUTPUT_FAILED' });
      // A full disk on the thread reads as a full disk here (StagedOutput.explain says so, exit 5).
      const full = await outputs(join(root, 'full'));
      symlinkSync('/dev/full', join(root, 'full', 'optimization_results.csv'));
      const e = await pool.writeOptimizationTable(full).then(() => null, (x: unknown) => x);
      expect(isStorageFailure(e) || isStorageFailure((e as { cause?: unknown })?.cause)).toBe(true);
    } finally {
      await pool.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
