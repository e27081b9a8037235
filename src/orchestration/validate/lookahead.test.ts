import { describe, expect, it } from 'vitest';
import { makeFrame } from '../../domain/frame/frame.js';
import { BaseStrategy, type Signals, type StrategyRuntime } from '../../domain/strategies/strategy.js';
import { sma } from '../../kernels/indicators/sma.js';
import { checkLookahead } from './lookahead.js';

const n = 600;
const close = Float64Array.from({ length: n }, (_, t) => 100 + 10 * Math.sin(t / 15) + t * 0.01);
const frame = makeFrame('T/USDT', '1h', { time: Float64Array.from({ length: n }, (_, t) => t * 3_600_000), open: close, high: close, low: close, close, volume: close },
  { kind: 'sample', synthetic: true, exchange: 'sample', market: 'spot', description: 'test' });

/** A strategy from an indicator function; enters when the indicator crosses its 20-bar mean. */
function strategyOf(name: string, compute: (c: Float64Array) => Float64Array): StrategyRuntime<object> {
  class S extends BaseStrategy<object> {
    private x!: Float64Array;
    initIndicators(): void { this.x = this.indicator(name, name, () => compute(this.frame.close)); }
    generateSignals(): Signals {
      const s = this.emptySignals();
      const m = sma(this.x, 20);
      for (let t = 1; t < this.frame.length; t++) {
        if (this.x[t] > m[t] && this.x[t - 1] <= m[t - 1]) s.longEntries[t] = 1;
        if (this.x[t] < m[t] && this.x[t - 1] >= m[t - 1]) s.longExits[t] = 1;
      }
      return { ...s, slDistance: null, tpDistance: null, slFraction: 0, tpFraction: 0 };
    }
  }
  return { id: name, name, strategyClass: S };
}

const run = (def: StrategyRuntime<object>) => checkLookahead({ frame, def, params: {}, market: 'spot', sample: 10, shifts: [50] });

describe('checkLookahead', () => {
  it('passes a causal moving average', () => {
    const r = run(strategyOf('SMA', (c) => sma(c, 10)));
    expect(r.problems).toEqual([]);
    expect(r.signalCuts).toBeGreaterThan(5);
  });

  it('flags a centred moving average (uses 5 future bars) at the truncation bar and 4 before it', () => {
    const centred = (c: Float64Array) => Float64Array.from(c, (_, t) => {
      if (t < 5 || t + 5 >= c.length) return NaN;
      let sum = 0;
      for (let i = t - 5; i <= t + 5; i++) sum += c[i];
      return sum / 11;
    });
    const r = run(strategyOf('centred', centred));
    const p = r.problems.find((x) => x.kind === 'lookahead' && x.series === 'centred')!;
    expect(p.cut! - p.bar).toBe(4);
  });

  it('flags a cumulative indicator as start-dependent, not as look-ahead', () => {
    const cum = (c: Float64Array) => { let s = 0; return Float64Array.from(c, (v) => (s += v)); };
    const r = run(strategyOf('cumsum', cum));
    expect(r.problems.map((p) => `${p.kind}:${p.series}`)).toContain('warmup:cumsum');
    expect(r.problems.some((p) => p.kind === 'lookahead' && p.series === 'cumsum')).toBe(false);
    const p = r.problems.find((x) => x.series === 'cumsum')!;
    expect(p.bar).toBe(n / 2);
    expect(p.full - p.changed).toBeCloseTo(close.subarray(0, 50).reduce((a, b) => a + b, 0), 6);
  });
});
