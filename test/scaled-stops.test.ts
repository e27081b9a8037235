/**
 * DMA-ATR-Trend's stop distances are `m × ATR` (domain/strategies/scaled-stops.ts): the signals
 * expose them as getters made on first read and the simulator reads `ATR[t] × m` at the signal
 * bars. Cross-check: every run equals the same run with the arrays made up front (a strategy
 * returning a plain copy of the signals), bit for bit; and a run that nobody asks for the
 * distances never makes them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frameFrom } from './support/make-frame.js';
import { dmaAtrTrend, DMAATRTrendStrategy, type DmaAtrTrendParams } from '../src/domain/strategies/dma-atr-trend.js';
import { MemoIndicatorCache, type Signals, type StrategyDefinition } from '../src/domain/strategies/strategy.js';
import { DEFAULT_PORTFOLIO, type PortfolioSpec } from '../src/domain/portfolio/spec.js';
import { withWarmup } from '../src/domain/frame/warmup.js';
import { runBacktest } from '../src/orchestration/run-backtest.js';
import type { BacktestResult } from '../src/orchestration/result.js';

/** The same strategy, returning its signals as a plain object: the arrays are made before the run. */
class EagerStops extends DMAATRTrendStrategy {
  override generateSignals(): Signals {
    return { ...super.generateSignals() };
  }
}
const eager: StrategyDefinition<DmaAtrTrendParams> = { ...dmaAtrTrend, strategyClass: EagerStops };

const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

function expectSameRun(a: BacktestResult, b: BacktestResult): void {
  expect(bytes(a.sim.equity).equals(bytes(b.sim.equity))).toBe(true);
  expect(bytes(a.sim.cash).equals(bytes(b.sim.cash))).toBe(true);
  expect(a.sim.trades.count).toBe(b.sim.trades.count);
  for (const [k, col] of Object.entries(a.sim.trades)) {
    if (typeof col === 'number') continue;
    const other = (b.sim.trades as unknown as Record<string, ArrayBufferView>)[k];
    expect(bytes(col as ArrayBufferView).equals(bytes(other)), `trades.${k}`).toBe(true);
  }
  expect(bytes(a.metrics.values).equals(bytes(b.metrics.values))).toBe(true);
  expect(bytes(a.metrics.stats!).equals(bytes(b.metrics.stats!))).toBe(true);
}

const closes = fc.array(fc.double({ min: -0.03, max: 0.03, noNaN: true }), { minLength: 80, maxLength: 400 })
  .map((steps) => { let p = 100; return steps.map((s) => (p *= 1 + s)); });

describe('scaled stop distances (m × ATR, made only when read)', () => {
  it('a run equals the run with the distance arrays made up front, bit for bit (property)', () => {
    const cases = fc.record({
      sl: fc.constantFrom(0, 0.7, 1.5, 2.25),
      tp: fc.constantFrom(0, 1.3, 3),
      atr: fc.integer({ min: 1, max: 30 }),
      market: fc.constantFrom('spot' as const, 'swap' as const),
      execution: fc.constantFrom('close' as const, 'next_open' as const),
      risk: fc.constantFrom(0, 0.01),
      warmup: fc.integer({ min: 0, max: 40 }),
      trail: fc.constantFrom(0, 2),
    });
    fc.assert(fc.property(closes, cases, (c, q) => {
      const parsed = dmaAtrTrend.parseParams({
        short_ma_window: 3, long_ma_window: 8, trend_ma_window: 20, atr_period: q.atr,
        sl_atr_multiplier: q.sl, tp_atr_multiplier: q.tp, ...(q.trail > 0 && { trailing_atr_multiplier: q.trail }),
      });
      if (!parsed.ok) throw new Error('params');
      const frame = q.warmup > 0 ? withWarmup(frameFrom(c, { pad: 0.8 }), q.warmup) : frameFrom(c, { pad: 0.8 });
      const portfolio: PortfolioSpec = { ...DEFAULT_PORTFOLIO, market: q.market, execution: q.execution, riskPerTrade: q.risk };
      const lazy = runBacktest({ frame, strategy: dmaAtrTrend, params: parsed.value, portfolio });
      const made = runBacktest({ frame, strategy: eager, params: parsed.value, portfolio });
      expectSameRun(lazy, made);
      // The getters give the same arrays: m × ATR over the traded bars, or null without that stop.
      const atr = lazy.indicators[`ATR ${q.atr}`];
      for (const [key, m] of [['slDistance', q.sl], ['tpDistance', q.tp]] as const) {
        const v = lazy.signals[key];
        if (m === 0) {
          expect(v).toBeNull();
          continue;
        }
        expect(v!.length).toBe(atr.length);
        expect(bytes(v!).equals(bytes(Float64Array.from(atr, (x) => x * m)))).toBe(true);
        expect(bytes(v!).equals(bytes(made.signals[key]!))).toBe(true);
      }
      expect(Object.keys(lazy.signals)).toEqual(Object.keys(made.signals));
    }), { numRuns: 120 });
  });

  it('a run makes no distance array until one is read; then it is m × ATR, made once', () => {
    const c = Array.from({ length: 300 }, (_, i) => 100 + 10 * Math.sin(i / 9) + i * 0.02);
    const keys: string[] = [];
    const memo = new MemoIndicatorCache();
    const cache = { get: (key: string, make: () => Float64Array) => { keys.push(key); return memo.get(key, make); } };
    const r = runBacktest({ frame: frameFrom(c, { pad: 1 }), strategy: dmaAtrTrend, params: dmaAtrTrend.defaults, portfolio: DEFAULT_PORTFOLIO, cache });
    expect(r.sim.trades.count).toBeGreaterThan(0);
    expect(r.sim.trades.slLevel.subarray(0, r.sim.trades.count).every((x) => x > 0)).toBe(true);
    expect(keys.filter((k) => k.includes('*'))).toEqual([]);
    const sl = r.signals.slDistance!;
    expect(keys.filter((k) => k.includes('*'))).toEqual(['ATR(14)*2']);
    expect(r.signals.slDistance).toBe(sl);
    const atr = r.indicators['ATR 14'];
    for (let t = 0; t < atr.length; t++) expect(Object.is(sl[t], atr[t] * 2)).toBe(true);
    expect(r.signals.tpDistance![100]).toBe(atr[100] * 4);
  });

  it('a subclass that changes the distances in place or assigns new ones is simulated with its arrays', () => {
    const c = Array.from({ length: 400 }, (_, i) => 100 + 12 * Math.sin(i / 11) + 4 * Math.sin(i / 3.7));
    const frame = frameFrom(c, { pad: 1.5 });
    const tighter = (d: Float64Array) => Float64Array.from(d, (x) => x * 0.25);
    class InPlace extends DMAATRTrendStrategy {
      override generateSignals(): Signals {
        const s = super.generateSignals();
        const d = s.slDistance!;
        for (let t = 0; t < d.length; t++) d[t] *= 0.25;
        return s;
      }
    }
    class Assigned extends DMAATRTrendStrategy {
      override generateSignals(): Signals {
        const s = super.generateSignals();
        (s as { slDistance: Float64Array | null }).slDistance = tighter(s.slDistance!);
        return s;
      }
    }
    class Plain extends DMAATRTrendStrategy {
      override generateSignals(): Signals {
        const s = super.generateSignals();
        return { ...s, slDistance: tighter(s.slDistance!) };
      }
    }
    const run = (cls: typeof DMAATRTrendStrategy) => runBacktest({ frame, strategy: { ...dmaAtrTrend, strategyClass: cls }, params: dmaAtrTrend.defaults, portfolio: DEFAULT_PORTFOLIO });
    const plain = run(Plain);
    const untouched = runBacktest({ frame, strategy: dmaAtrTrend, params: dmaAtrTrend.defaults, portfolio: DEFAULT_PORTFOLIO });
    // The tighter stops change the run (else this test could not tell the paths apart).
    expect(bytes(plain.sim.equity).equals(bytes(untouched.sim.equity))).toBe(false);
    expectSameRun(run(InPlace), plain);
    expectSameRun(run(Assigned), plain);
  });
});
