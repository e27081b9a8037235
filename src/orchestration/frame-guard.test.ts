import { describe, expect, it } from 'vitest';
import { StrategyError } from '../base/errors.js';
import { planEvaluations } from '../domain/params/evaluation-plan.js';
import { DEFAULT_PORTFOLIO } from '../domain/portfolio/spec.js';
import { dmaAtrTrend } from '../domain/strategies/dma-atr-trend.js';
import { DMAATRTrendStrategy } from '../domain/strategies/dma-atr-trend-strategy.js';
import type { StrategyDefinition } from '../domain/strategies/strategy.js';
import { dmaSpace, sampleFrame } from '../../test/optimization/fixtures.js';
import { frameChange, isTrustedStrategy, privateFrame } from './frame-guard.js';
import { InProcessPool } from './optimize/in-process-pool.js';
import { optimizeSymbol } from './optimize/optimize-symbol.js';
import { runBacktest } from './run-backtest.js';

/** The DMA strategy with one line more: it overwrites bar 7's close, as a careless user class might. */
class Mutant extends DMAATRTrendStrategy {
  override generateSignals() {
    this.frame.close[7] = 1;
    return super.generateSignals();
  }
}
const mutant = { ...dmaAtrTrend, id: 'mutant', strategyClass: Mutant } as unknown as StrategyDefinition<any>;

describe('price arrays a strategy cannot change for anyone else (issue 8, item 13)', () => {
  it('frameChange finds the first changed column and bar; NaN equals NaN', async () => {
    const f = await sampleFrame('BTC/USDT', '1d', '2023-01-01', '2023-02-01');
    const a = { ...privateFrame(f), volume: f.volume.slice().fill(NaN) };
    const b = privateFrame(a);
    expect(frameChange(a, b)).toBeNull();
    b.volume[12] = 3;
    expect(frameChange(a, b)).toEqual({ column: 'volume', bar: 12 });
    b.high[30] = -1;
    expect(frameChange(a, b)).toEqual({ column: 'high', bar: 30 });
  });

  it('only the built-in classes are trusted (they get the frame itself)', () => {
    expect(isTrustedStrategy(dmaAtrTrend)).toBe(true);
    expect(isTrustedStrategy(mutant)).toBe(false);
    expect(isTrustedStrategy({ ...dmaAtrTrend, id: 'other' })).toBe(false);
  });

  it('runBacktest: a user class that writes into close fails naming it, and the caller\'s frame is untouched', async () => {
    const f = await sampleFrame('BTC/USDT', '1d', '2023-01-01', '2023-06-01');
    const close7 = f.close[7];
    const run = () => runBacktest({ frame: f, strategy: mutant, params: dmaAtrTrend.defaults, portfolio: DEFAULT_PORTFOLIO });
    expect(run).toThrow(StrategyError);
    expect(run).toThrow(`this.frame.close[7] (BTC/USDT) was ${close7}, is now 1`);
    expect(f.close[7]).toBe(close7);
  });

  it('in-process optimizer (a strategy object): the chunk fails, the shared bars stay as they were', async () => {
    const frame = await sampleFrame('BTC/USDT', '1d', '2022-01-01', '2023-01-01');
    const before = frame.close.slice();
    const space = dmaSpace({ short_ma_window: [5, 10] }, { long_ma_window: 20, trend_ma_window: 50 });
    const plan = planEvaluations(space, dmaAtrTrend, { method: 'grid' });
    const job = optimizeSymbol({ jobId: 'mutant', frame, def: mutant, source: { kind: 'inline', def: mutant }, space, plan, portfolio: DEFAULT_PORTFOLIO, metric: 'total_return' }, new InProcessPool());
    await expect(job).rejects.toThrow(/Strategy .* changed the price data it was given: this\.frame\.close\[7\]/);
    expect(frame.close).toEqual(before);
  });
});
