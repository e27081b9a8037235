import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sma, sma3 } from './sma.js';

const f = (xs: number[]): Float64Array => Float64Array.from(xs);

describe('sma', () => {
  it('hand case: window 3 over [2, 4, 9, 1, 5]', () => {
    // bar 2: (2+4+9)/3 = 5; bar 3: (4+9+1)/3 = 14/3; bar 4: (9+1+5)/3 = 5
    expect(Array.from(sma(f([2, 4, 9, 1, 5]), 3))).toEqual([NaN, NaN, 5, 14 / 3, 5]);
  });

  it('warm-up is window-1 NaNs; window = length gives one value', () => {
    const out = sma(f([1, 2, 3, 4, 5, 6, 7]), 7);
    expect(out.slice(0, 6).every(Number.isNaN)).toBe(true);
    expect(out[6]).toBe(4);
  });

  it('window 1 is the input itself', () => {
    expect(Array.from(sma(f([3.5, -1, 0.1]), 1))).toEqual([3.5, -1, 0.1]);
  });

  it('window longer than the series, or not an integer ≥ 1: all NaN, no throw', () => {
    for (const w of [6, 0, -2, 2.5, NaN, Infinity]) {
      expect(Array.from(sma(f([1, 2, 3, 4, 5]), w)).every(Number.isNaN), `window ${w}`).toBe(true);
    }
  });

  it('a window containing NaN is NaN; the average resumes after window valid values', () => {
    // window 2 over [1, 3, NaN, 5, 7, 9]: bar 1 = 2; bars 2, 3 touch the NaN; bar 4 = 6; bar 5 = 8
    expect(Array.from(sma(f([1, 3, NaN, 5, 7, 9]), 2))).toEqual([NaN, 2, NaN, NaN, 6, 8]);
  });

  it('leading NaNs shift the start (SMA of another indicator output)', () => {
    expect(Array.from(sma(f([NaN, NaN, 4, 6, 11]), 2))).toEqual([NaN, NaN, NaN, 5, 8.5]);
  });

  it('±Infinity is treated as missing, like NaN', () => {
    expect(Array.from(sma(f([1, Infinity, 3, 5]), 2))).toEqual([NaN, NaN, NaN, 4]);
  });

  it('writes into the given out buffer and returns it, overwriting stale values', () => {
    const out = new Float64Array(4).fill(123);
    const r = sma(f([1, 2, 3, 4]), 2, out);
    expect(r).toBe(out);
    expect(Array.from(out)).toEqual([NaN, 1.5, 2.5, 3.5]);
  });

  it('stays exact over a long series of large values (running sum resynchronised)', () => {
    // 5000 bars alternating around 1e9: a drifting running sum would show up in the low digits.
    const n = 5000;
    const src = new Float64Array(n);
    for (let i = 0; i < n; i++) src[i] = 1e9 + (i % 7) * 0.1 + (i % 3 === 0 ? 0.3 : 0);
    const out = sma(src, 20);
    let worst = 0;
    for (let t = 19; t < n; t++) {
      let s = 0;
      for (let j = t - 19; j <= t; j++) s += src[j];
      worst = Math.max(worst, Math.abs(out[t] - s / 20));
    }
    expect(worst).toBeLessThan(1e-6); // 1e-15 relative to 1e9
  });
});

describe('sma3', () => {
  it('equals three sma calls bit for bit: gaps, ±Infinity, long series (resyncs), special windows', () => {
    const value = fc.oneof({ weight: 20, arbitrary: fc.double({ min: 1, max: 1e6, noNaN: true }) }, fc.constantFrom(NaN, Infinity, -Infinity, 0));
    const win = fc.oneof(fc.integer({ min: 2, max: 90 }), fc.constantFrom(1, 0, -3, 2.5, 1000));
    fc.assert(fc.property(fc.array(value, { maxLength: 400 }), win, win, win, (xs, a, b, c) => {
      const src = Float64Array.from(xs);
      const got = sma3(src, a, b, c);
      [a, b, c].forEach((w, i) => {
        const want = sma(src, w);
        expect(got[i].every((v, t) => Object.is(v, want[t])), `window ${w}`).toBe(true);
      });
    }), { numRuns: 1500 });
  });
});
