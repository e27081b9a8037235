/**
 * Portfolio optimization: every combination's row is the account's metrics of
 * `runPortfolioBacktest` with those parameters, bit for bit, in this thread and on worker threads,
 * and the ranking follows the target metric.
 */
import { describe, expect, it } from 'vitest';
import { SampleMarketSource } from '../../src/adapters/data/sample-market.js';
import { PiscinaPool } from '../../src/adapters/pool/piscina-pool.js';
import { METRIC_COUNT, METRIC_INDEX } from '../../src/domain/metrics/catalog.js';
import { planEvaluations } from '../../src/domain/params/evaluation-plan.js';
import { buildParamSpace, paramsAt } from '../../src/domain/params/param-space.js';
import { DEFAULT_PORTFOLIO } from '../../src/domain/portfolio/spec.js';
import { dmaAtrTrend } from '../../src/domain/strategies/dma-atr-trend.js';
import { InProcessPool } from '../../src/orchestration/optimize/in-process-pool.js';
import { optimizePortfolio } from '../../src/orchestration/optimize/optimize-portfolio.js';
import { runPortfolioBacktest } from '../../src/orchestration/run-portfolio-backtest.js';

describe('optimizePortfolio', async () => {
  const src = new SampleMarketSource();
  const frames = await Promise.all(['BTC/USDT', 'ETH/USDT', 'ADA/USDT'].map(async (symbol) =>
    (await src.load({ symbol, timeframe: '4h', start: Date.UTC(2023, 0, 1), end: Date.UTC(2024, 0, 1) })).frame));
  const base = { ...dmaAtrTrend.defaults, trend_ma_window: 60 };
  const space = buildParamSpace(dmaAtrTrend, base, { short_ma_window: [5, 10], long_ma_window: [20, 30], sl_atr_multiplier: [0, 2] }, { method: 'grid' });
  if (!space.ok) throw new Error('bad space');
  const plan = planEvaluations(space.value, dmaAtrTrend, { method: 'grid' });
  const portfolio = { ...DEFAULT_PORTFOLIO, execution: 'close' as const };
  const mode = { stake: { kind: 'amount' as const, value: 40_000 }, maxOpenPositions: 2 };
  const spec = (id: string) => ({ jobId: id, frames, def: dmaAtrTrend, source: { kind: 'builtin' as const, id: 'dma_atr_trend' }, space: space.value, plan, portfolio, mode, metric: 'sharpe_ratio' as const });

  const check = (r: Awaited<ReturnType<typeof optimizePortfolio>>) => {
    expect(r.completed).toBe(8);
    for (let i = 0; i < r.order.length; i++) {
      const p = paramsAt(space.value, r.order[i]);
      const direct = runPortfolioBacktest({ frames, strategy: dmaAtrTrend, params: p, portfolio, mode });
      expect([...r.rows.subarray(i * METRIC_COUNT, (i + 1) * METRIC_COUNT)]).toEqual([...direct.metrics.values]);
    }
    const s = METRIC_INDEX.sharpe_ratio;
    const ranked = Array.from(r.ranking, (i) => r.rows[i * METRIC_COUNT + s]);
    for (let k = 1; k < ranked.length; k++) expect(ranked[k - 1]).toBeGreaterThanOrEqual(ranked[k]);
  };

  it('in this thread: rows are the account metrics of each parameter set, ranked by the metric', async () => {
    check(await optimizePortfolio(spec('p-inproc'), new InProcessPool(async () => dmaAtrTrend)));
  });

  it('on worker threads (the same pool as per-symbol optimization): the same rows', async () => {
    const pool = new PiscinaPool(2);
    try {
      check(await optimizePortfolio(spec('p-pool'), pool));
    } finally {
      await pool.close();
    }
  });
});
