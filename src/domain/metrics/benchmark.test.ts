import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { benchmarkEquity, benchmarkReturn } from './benchmark.js';

describe('benchmark (buy and hold, first close → last close, no fees)', () => {
  it('hand-computed', () => {
    const close = [100, 97, 110];
    // units = 1000/100 = 10 → 1000, 970, 1100; return 110/100 - 1 = 0.1
    expect([...benchmarkEquity(close, 1000)]).toEqual([1000, 970, 1100]);
    expect(benchmarkReturn(close)).toBeCloseTo(0.1, 15);
    // over the first 2 bars only: 97/100 - 1
    expect(benchmarkReturn(close, 2)).toBeCloseTo(-0.03, 15);
  });

  it('undefined without bars or with a non-positive first close', () => {
    expect(benchmarkReturn([])).toBeNaN();
    expect(benchmarkReturn([0, 1])).toBeNaN();
    expect(benchmarkReturn([1, NaN])).toBeNaN();
    expect([...benchmarkEquity([0, 1], 100)].every(Number.isNaN)).toBe(true);
    expect(benchmarkEquity([], 100).length).toBe(0);
  });

  it('property: the curve starts at initCash and ends at initCash * (1 + benchmark_return)', () => {
    const price = fc.double({ min: 0.01, max: 1e5, noNaN: true });
    fc.assert(
      fc.property(fc.array(price, { minLength: 1, maxLength: 50 }), fc.double({ min: 1, max: 1e7, noNaN: true }), (close, cash) => {
        const eq = benchmarkEquity(close, cash);
        const r = benchmarkReturn(close);
        expect(Math.abs(eq[0] / cash - 1)).toBeLessThanOrEqual(1e-15);
        expect(Math.abs(eq[eq.length - 1] / cash - 1 - r)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(r)));
      }),
    );
  });
});
