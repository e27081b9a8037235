import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { atr } from './atr.js';
import { rma } from './rma.js';
import { trueRange } from './true-range.js';

const f = (xs: number[]): Float64Array => Float64Array.from(xs);

// True ranges of these bars (see true-range.test.ts): [NaN, 3, 4, 7, 2]
const high = f([10, 12, 11, 15, 15.5]);
const low = f([8, 9, 7, 14, 13.5]);
const close = f([9, 11, 8, 14.5, 15]);

describe('atr', () => {
  it('hand case period 2: mean of TR[1..2], then (prev·1 + TR)/2', () => {
    // bar 4 TR = max(15.5-13.5, |14.5-15.5|, |14.5-13.5|) = 2
    // ATR[2] = (3+4)/2 = 3.5; ATR[3] = (3.5 + 7)/2 = 5.25; ATR[4] = (5.25 + 2)/2 = 3.625
    expect(Array.from(atr(high, low, close, 2))).toEqual([NaN, NaN, 3.5, 5.25, 3.625]);
  });

  it('hand case period 3: first value at index 3', () => {
    // ATR[3] = (3+4+7)/3 = 14/3; ATR[4] = (14/3·2 + 2)/3 = 34/9
    const out = atr(high, low, close, 3);
    expect(out.slice(0, 3).every(Number.isNaN)).toBe(true);
    expect(out[3]).toBeCloseTo(14 / 3, 14);
    expect(out[4]).toBeCloseTo(34 / 9, 14);
  });

  it('period 1 is the true range itself (TA-Lib special case), bit for bit', () => {
    expect(Array.from(atr(high, low, close, 1))).toEqual(Array.from(trueRange(high, low, close)));
  });

  it('period ≥ length, or invalid: all NaN', () => {
    for (const p of [5, 6, 0, -1, 1.5]) expect(Array.from(atr(high, low, close, p)).every(Number.isNaN), `period ${p}`).toBe(true);
  });

  it('a missing bar writes NaN and restarts the average', () => {
    // low[2] missing: TR[2] NaN → restart; TR[3] = 7 (needs close[2], valid), TR[4] = 2
    // period 2: ATR[4] = (7 + 2)/2 = 4.5
    const out = atr(high, f([8, 9, NaN, 14, 13.5]), close, 2);
    expect(Array.from(out)).toEqual([NaN, NaN, NaN, NaN, 4.5]);
  });

  it('writes into the given out buffer and returns it', () => {
    const out = new Float64Array(5).fill(7);
    expect(atr(high, low, close, 2, out)).toBe(out);
    expect(out[0]).toBeNaN();
    expect(out[2]).toBe(3.5);
  });
});

describe('atr against rma(trueRange)', () => {
  it('is rma(trueRange(high, low, close), period) bit for bit, with gaps and ±Infinity (property)', () => {
    const value = fc.oneof({ weight: 20, arbitrary: fc.double({ min: 1, max: 1e4, noNaN: true }) }, fc.constantFrom(NaN, Infinity, -Infinity, 0));
    const bar = fc.tuple(value, value, value);
    fc.assert(fc.property(fc.array(bar, { maxLength: 300 }), fc.oneof(fc.integer({ min: 1, max: 30 }), fc.constantFrom(0, 2.5, 500)), (bars, p) => {
      const h = Float64Array.from(bars, (b) => b[0]);
      const l = Float64Array.from(bars, (b) => b[1]);
      const c = Float64Array.from(bars, (b) => b[2]);
      const got = atr(h, l, c, p);
      const want = rma(trueRange(h, l, c), p);
      expect(got.every((v, t) => Object.is(v, want[t]))).toBe(true);
    }), { numRuns: 1500 });
  });
});
