/**
 * The conformance suite of the TaskPool port (`EvaluationPool`), run against every implementation:
 * this thread, piscina worker threads, and BullMQ queue workers. Each must write exactly the rows a
 * plain single-thread evaluator writes (bit for bit, whatever the chunking and the order chunks
 * finish in) and bring a strategy's error back as a StrategyError.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { StrategyError } from '../../src/base/errors.js';
import { METRIC_COUNT } from '../../src/domain/metrics/catalog.js';
import { planEvaluations } from '../../src/domain/params/evaluation-plan.js';
import { DEFAULT_PORTFOLIO } from '../../src/domain/portfolio/spec.js';
import { dmaAtrTrend } from '../../src/domain/strategies/dma-atr-trend.js';
import { SymbolEvaluator } from '../../src/orchestration/optimize/evaluator.js';
import { ThreadIndicatorCache } from '../../src/orchestration/optimize/evaluator-store.js';
import { sharedFloat64, sharedFrame, type EvaluationPool, type StrategySource, type SymbolJob } from '../../src/orchestration/optimize/job.js';
import { precomputeIndicators } from '../../src/orchestration/optimize/precompute.js';
import { evaluateJob } from '../../src/orchestration/optimize/schedule.js';
import { dmaSpace, sameBits, sampleFrame } from '../optimization/fixtures.js';

let counter = 0;

/** Registers the suite's cases; `pool()` gives the pool under test (opened and closed by the caller). `dir` holds a strategy file. */
export function evaluationPoolConformance(pool: () => EvaluationPool, dir: () => string): void {
  it('writes the rows of a plain single-thread evaluation, bit for bit, for any chunk size', async () => {
    const frame = sharedFrame(await sampleFrame('ETH/USDT', '4h', '2022-01-01', '2023-06-01'));
    const space = dmaSpace({ short_ma_window: [5, 10, 20], long_ma_window: [30, 60], atr_period: [7, 14], sl_atr_multiplier: [0, 1.5, 3], tp_atr_multiplier: [0, 4] }, { trend_ma_window: 120 });
    const plan = planEvaluations(space, dmaAtrTrend, { method: 'random', nIter: 60, seed: 7 });
    const n = plan.order.length;
    const expected = new Float64Array(n * METRIC_COUNT);
    new SymbolEvaluator({ frame, def: dmaAtrTrend, space, portfolio: DEFAULT_PORTFOLIO, cache: new ThreadIndicatorCache({}), fastPath: false })
      .evaluate(plan.order, 0, n, expected);
    const source: StrategySource = { kind: 'builtin', id: 'dma_atr_trend' };
    const indicators = precomputeIndicators(frame, dmaAtrTrend, space, 'spot');
    for (const chunkSize of [7, 25, n]) {
      const rows = sharedFloat64(n * METRIC_COUNT).fill(NaN);
      const job: SymbolJob = { id: `conf-${process.pid}-${++counter}`, frame, strategy: source, space, portfolio: DEFAULT_PORTFOLIO, order: sharedFloat64(n, plan.order), rows, indicators };
      const r = await evaluateJob(job, pool(), { done: new Uint8Array(n), chunkSize });
      expect(r).toEqual({ done: n, interrupted: false });
      expect(sameBits(rows, expected), `chunk size ${chunkSize}`).toBe(true);
    }
  });

  it('brings a strategy error back as a StrategyError naming the parameters', async () => {
    const file = join(dir(), 'conformance-throws.ts');
    writeFileSync(file, `
      import { BaseStrategy } from 'backtester';
      export default class Throws extends BaseStrategy<{ k: number }> {
        static defaults = { k: 1 };
        initIndicators() { if (this.params.k === 3) throw new Error('k = 3 is not supported'); }
        generateSignals() { return this.emptySignals(); }
      }`);
    const { loadStrategyFile } = await import('../../src/adapters/strategy/load-strategy-file.js');
    const def = await loadStrategyFile(file);
    const frame = sharedFrame(await sampleFrame('BTC/USDT', '1d', '2022-01-01', '2023-01-01'));
    const base = def.parseParams({ k: 1 });
    if (!base.ok) throw new Error('bad params');
    const space = { keys: ['k'], values: [[1, 2, 3, 4]], size: 4, base: base.value };
    const job: SymbolJob = {
      id: `conf-${process.pid}-${++counter}`, frame, strategy: { kind: 'file', path: file }, space, portfolio: DEFAULT_PORTFOLIO,
      order: sharedFloat64(4, [0, 1, 2, 3]), rows: sharedFloat64(4 * METRIC_COUNT), indicators: {},
    };
    const run = evaluateJob(job, pool(), { done: new Uint8Array(4), chunkSize: 4 });
    await expect(run).rejects.toBeInstanceOf(StrategyError);
    await expect(run).rejects.toThrow(/k = 3 is not supported/);
  });
}
