/**
 * Portfolio optimization: every combination's row is the account's metrics of
 * `runPortfolioBacktest` with those parameters, bit for bit, in this thread and on worker threads,
 * and the ranking follows the target metric. Also with each symbol's exchange limits and leverage
 * tiers (`limits`) and with a ranged `leverage` (the account's, per combination).
 */
import { describe, expect, it } from 'vitest';
import { SampleMarketSource } from '../../src/adapters/data/sample-market.js';
import { PiscinaPool } from '../../src/adapters/pool/piscina-pool.js';
import { METRIC_COUNT, METRIC_INDEX } from '../../src/domain/metrics/catalog.js';
import { planEvaluations } from '../../src/domain/params/evaluation-plan.js';
import { buildParamSpace, paramsAt, splitLeverage, type ParamSpace } from '../../src/domain/params/param-space.js';
import type { OrderLimits } from '../../src/domain/portfolio/market-limits.js';
import { DEFAULT_PORTFOLIO } from '../../src/domain/portfolio/spec.js';
import { dmaAtrTrend } from '../../src/domain/strategies/dma-atr-trend.js';
import { InProcessPool } from '../../src/orchestration/optimize/in-process-pool.js';
import { optimizePortfolio } from '../../src/orchestration/optimize/optimize-portfolio.js';
import { runPortfolioBacktest } from '../../src/orchestration/run-portfolio-backtest.js';
import { PortfolioEvaluator } from '../../src/orchestration/optimize/portfolio-evaluator.js';
import { MemoIndicatorCache } from '../../src/domain/strategies/strategy.js';
import { sliceFrame, type OhlcvFrame } from '../../src/domain/frame/frame.js';
import { withWarmup } from '../../src/domain/frame/warmup.js';
import { withFunding } from '../../src/domain/frame/funding.js';
import type { PortfolioMode } from '../../src/domain/portfolio/portfolio-mode.js';
import type { PortfolioSpec } from '../../src/domain/portfolio/spec.js';

describe('optimizePortfolio', async () => {
  const src = new SampleMarketSource();
  const frames = await Promise.all(['BTC/USDT', 'ETH/USDT', 'ADA/USDT'].map(async (symbol) =>
    (await src.load({ symbol, timeframe: '4h', start: Date.UTC(2023, 0, 1), end: Date.UTC(2024, 0, 1) })).frame));
  const base = { ...dmaAtrTrend.defaults, trend_ma_window: 60 };
  const space = buildParamSpace(dmaAtrTrend, base, { short_ma_window: [5, 10], long_ma_window: [20, 30], sl_atr_multiplier: [0, 2] }, { method: 'grid' });
  if (!space.ok) throw new Error('bad space');
  const plan = planEvaluations(space.value, dmaAtrTrend, { method: 'grid' });
  const portfolio: PortfolioSpec = { ...DEFAULT_PORTFOLIO, execution: 'close' };
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

  /** The frame without the bars where `drop(i)` holds (gaps in the middle of a symbol's history). */
  const without = (f: OhlcvFrame, drop: (i: number) => boolean): OhlcvFrame => {
    const keep = Array.from({ length: f.length }, (_, i) => i).filter((i) => !drop(i));
    const pick = (c: Float64Array) => Float64Array.from(keep, (i) => c[i]);
    return { ...f, time: pick(f.time), open: pick(f.open), high: pick(f.high), low: pick(f.low), close: pick(f.close), volume: pick(f.volume), length: keep.length };
  };
  const day = 86_400_000;
  const t0 = frames[0].time[0];
  // Symbols that start and end at different times, with gaps, and with warm-up bars: the union index
  // has bars where some symbols have none, and the signals are cut after each symbol's warm-up.
  const ragged = [
    withWarmup(frames[0], 50),
    sliceFrame(frames[1], t0 + 40 * day, t0 + 300 * day),
    without(withWarmup(sliceFrame(frames[2], t0 + 10 * day, t0 + 365 * day), 30), (i) => i % 13 === 5),
  ];
  // Swap frames with the sample market's funding rates (ragged, so funding is laid onto the union index too).
  const funded = await Promise.all(ragged.map(async (f) => withFunding(f, (await new SampleMarketSource({ market: 'swap' }).loadFunding(f.symbol, f.time[0], f.time[f.length - 1] + 1))!)));
  // A ranged leverage on swap: the account's leverage per combination (the strategy never sees it).
  const levSpace = buildParamSpace(dmaAtrTrend, base, { short_ma_window: [5, 10], sl_atr_multiplier: [0, 2], leverage: [1, 5, 20] }, { method: 'grid' });
  if (!levSpace.ok) throw new Error('bad leverage space');
  // Exchange limits per symbol: lot steps, a minimum amount and a minimum cost that skip some entries,
  // and leverage tiers (Binance-like brackets, BTC's from 0 notional) that set the maintenance rate by notional.
  const tiers = (r0: number) => [
    { minNotional: 0, maintenanceMarginRate: r0, maxLeverage: 50 }, { minNotional: 10_000, maintenanceMarginRate: 2 * r0, maxLeverage: 25 },
    { minNotional: 30_000, maintenanceMarginRate: 5 * r0, maxLeverage: 10 },
  ];
  const limits: readonly (OrderLimits | undefined)[] = [
    { amountStep: 0.01, minCost: 30_000, leverageTiers: tiers(0.004) },
    { amountStep: 0.5, minAmount: 12, leverageTiers: tiers(0.005) },
    undefined,
  ];
  const cases: { name: string; frames: readonly OhlcvFrame[]; portfolio: PortfolioSpec; mode: PortfolioMode; space?: ParamSpace<typeof base>; limits?: typeof limits }[] = [
    { name: 'ragged symbols, warm-up, fixed stake', frames: ragged, portfolio, mode },
    { name: 'ragged symbols, next_open, percent stake', frames: ragged, portfolio: { ...portfolio, execution: 'next_open' }, mode: { stake: { kind: 'percent', value: 0.4 } } },
    { name: 'swap at 20x with funding, ragged symbols, equal stake', frames: funded, portfolio: { ...portfolio, market: 'swap', leverage: 20 }, mode: { stake: { kind: 'equal' } } },
    { name: 'swap with shorts, equal stake, 1 slot', frames, portfolio: { ...portfolio, market: 'swap' }, mode: { stake: { kind: 'equal' }, maxOpenPositions: 1 } },
    { name: 'exchange limits on ragged symbols, next_open, percent stake', frames: ragged, portfolio: { ...portfolio, execution: 'next_open' }, mode: { stake: { kind: 'percent', value: 0.4 } }, limits },
    { name: 'leverage range [1, 5, 20] on swap with funding, ragged symbols, equal stake', frames: funded, portfolio: { ...portfolio, market: 'swap', liquidationFee: 0.005 }, mode: { stake: { kind: 'equal' } }, space: levSpace.value },
    { name: 'leverage range [1, 5, 20] with the exchange limits and tiers, swap with funding, amount stake', frames: funded, portfolio: { ...portfolio, market: 'swap', execution: 'next_open' },
      mode: { stake: { kind: 'amount', value: 40_000 }, maxOpenPositions: 2 }, space: levSpace.value, limits },
  ];
  /** The combination's account by runPortfolioBacktest: a ranged leverage moved to the portfolio. */
  const directRun = (c: (typeof cases)[number], sp: ParamSpace<typeof base>, g: number) => {
    const { params, leverage } = splitLeverage(paramsAt(sp, g));
    return runPortfolioBacktest({ frames: c.frames, strategy: dmaAtrTrend, params, portfolio: leverage === undefined ? c.portfolio : { ...c.portfolio, leverage }, mode: c.mode,
      ...(c.limits && { limits: c.limits }) });
  };
  for (const c of cases) {
    it(`${c.name}: fast path and generic path rows equal runPortfolioBacktest`, () => {
      const sp = c.space ?? space.value;
      const order = c.space ? planEvaluations(c.space, dmaAtrTrend, { method: 'grid' }).order : plan.order;
      const runs = Array.from(order, (g) => directRun(c, sp, g));
      const direct = runs.map((r) => r.metrics.values);
      // Some combinations must trade, or the comparison says little.
      expect(direct.some((v) => v[METRIC_INDEX.total_trades] > 0)).toBe(true);
      // The levered case must really pay funding, or it does not test the evaluator's funding columns.
      if (c.portfolio.leverage !== undefined) {
        const r = runPortfolioBacktest({ frames: c.frames, strategy: dmaAtrTrend, params: paramsAt(space.value, plan.order[0]), portfolio: c.portfolio, mode: c.mode });
        expect(r.sim.futures?.totalFunding ?? 0).not.toBe(0);
      }
      if (c.limits) {
        // The limits must bite: some entry skipped below a minimum, and rows other than without limits.
        expect(runs.some((r) => r.sim.belowMinimum!.some((k) => k > 0))).toBe(true);
        const plain = Array.from(order, (g) => directRun({ ...c, limits: undefined }, sp, g).metrics.values);
        expect(plain.some((v, i) => v.some((x, k) => !Object.is(x, direct[i][k])))).toBe(true);
      }
      if (c.space) {
        // Leverage changes the account: funding paid, and each signal group's three leverages give three different returns.
        expect(runs.every((r) => r.futures !== undefined)).toBe(true);
        expect(runs.some((r) => r.sim.futures!.totalFunding !== 0)).toBe(true);
        const byLeverage = new Set(runs.map((r) => r.metrics.values[METRIC_INDEX.total_return]));
        expect(byLeverage.size).toBeGreaterThan(order.length / 2);
      }
      for (const fastPath of [true, false]) {
        const ev = new PortfolioEvaluator({ legs: c.frames.map((frame, k) => ({ frame, cache: new MemoIndicatorCache(), ...(c.limits?.[k] && { limits: c.limits[k] }) })), def: dmaAtrTrend,
          space: sp, portfolio: c.portfolio, mode: c.mode, fastPath });
        const rows = new Float64Array(order.length * METRIC_COUNT);
        // Two chunks, so a second call reuses the evaluator's buffers.
        ev.evaluate(order, 0, 3, rows);
        ev.evaluate(order, 3, order.length, rows);
        for (let i = 0; i < order.length; i++) expect([...rows.subarray(i * METRIC_COUNT, (i + 1) * METRIC_COUNT)], `${fastPath ? 'fast' : 'generic'} position ${i}`).toEqual([...direct[i]]);
      }
    });
  }

  it('on worker threads: each symbol\'s limits and tiers and a ranged leverage reach the workers, rows equal runPortfolioBacktest', async () => {
    const c = cases[cases.length - 1];
    const sp = c.space!;
    const levPlan = planEvaluations(sp, dmaAtrTrend, { method: 'grid' });
    const pool = new PiscinaPool(2);
    try {
      const r = await optimizePortfolio({ jobId: 'p-pool-limits', frames: c.frames, def: dmaAtrTrend, source: { kind: 'builtin', id: 'dma_atr_trend' }, space: sp, plan: levPlan,
        portfolio: c.portfolio, limits: c.limits, mode: c.mode, metric: 'sharpe_ratio' }, pool);
      expect(r.completed).toBe(levPlan.order.length);
      for (let i = 0; i < r.order.length; i++) {
        expect([...r.rows.subarray(i * METRIC_COUNT, (i + 1) * METRIC_COUNT)], `position ${i}`).toEqual([...directRun(c, sp, r.order[i]).metrics.values]);
      }
    } finally {
      await pool.close();
    }
  });
});
