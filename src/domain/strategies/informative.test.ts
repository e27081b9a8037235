/** informative(): higher timeframes aligned without look-ahead, by hand and by truncation. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frameFrom } from '../../../test/support/make-frame.js';
import { sma } from '../../kernels/indicators/sma.js';
import { makeFrame, type OhlcvFrame } from '../frame/frame.js';
import { informativeFrame } from './informative.js';

const H = 3_600_000;
const slice = (f: OhlcvFrame, end: number) => makeFrame(f.symbol, f.timeframe, {
  time: f.time.slice(0, end), open: f.open.slice(0, end), high: f.high.slice(0, end), low: f.low.slice(0, end), close: f.close.slice(0, end), volume: f.volume.slice(0, end),
}, f.origin);

describe('informativeFrame', () => {
  it('a 4h bar becomes visible at the 1h bar that closes it; the incomplete last bar never shows', () => {
    // 10 hourly bars from 00:00: 4h bars [00,04) = bars 0-3 and [04,08) = bars 4-7; [08,12) is incomplete.
    const f = frameFrom([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], { high: [11, 12, 13, 14, 15, 16, 17, 18, 19, 20] });
    const inf = informativeFrame(f, '4h');
    expect(inf.frame.length).toBe(2);
    expect(Array.from(inf.index)).toEqual([-1, -1, -1, 0, 0, 0, 0, 1, 1, 1]);
    expect(Array.from(inf.close)).toEqual([NaN, NaN, NaN, 4, 4, 4, 4, 8, 8, 8]);
    expect(Array.from(inf.align(inf.frame.high))).toEqual([NaN, NaN, NaN, 14, 14, 14, 14, 18, 18, 18]);
    expect(() => informativeFrame(frameFrom([1, 2], { timeframe: '4h' }), '1h')).toThrow(RangeError);
  });

  it('truncating the data after bar t never changes an informative value at or before t (gaps, any start)', () => {
    const arb = fc.record({
      start: fc.integer({ min: 0, max: 23 }),
      steps: fc.array(fc.constantFrom(1, 1, 1, 1, 2, 3), { minLength: 1, maxLength: 120 }),
      tf: fc.constantFrom('2h' as const, '4h' as const, '1d' as const),
      w: fc.integer({ min: 1, max: 4 }),
    });
    fc.assert(fc.property(arb, ({ start, steps, tf, w }) => {
      const n = steps.length;
      const closes = steps.map((_, i) => 100 + Math.sin(i) * 10 + i);
      const base = frameFrom(closes);
      // Hourly times with gaps (a step of 2 or 3 hours skips bars), starting at any hour.
      let t0 = base.time[0] + start * H;
      const time = Float64Array.from(steps, (s) => (t0 += s * H));
      const full = makeFrame(base.symbol, '1h', { time, open: base.open, high: base.high, low: base.low, close: base.close, volume: base.volume }, base.origin);
      const fullInf = informativeFrame(full, tf);
      const fullSma = fullInf.align(sma(fullInf.frame.close, w));
      for (let t = 0; t < n; t++) {
        const cut = informativeFrame(slice(full, t + 1), tf);
        const cutSma = cut.align(sma(cut.frame.close, w));
        for (let i = 0; i <= t; i++) {
          expect(Object.is(cut.close[i], fullInf.close[i]), `close at ${i} after cutting at ${t}`).toBe(true);
          expect(Object.is(cutSma[i], fullSma[i]), `SMA at ${i} after cutting at ${t}`).toBe(true);
        }
      }
    }), { numRuns: 150 });
  });

  it('another symbol: its bar is visible at the base bar that closes at or after its close (hand-worked)', () => {
    // Base hourly bars 00:00..05:00; the other symbol misses 02:00 and starts at 01:00.
    const base = frameFrom([1, 2, 3, 4, 5, 6]);
    const t0 = base.time[0];
    const other = makeFrame('ETH/USDT', '1h', {
      time: Float64Array.from([1, 3, 4, 5], (h) => t0 + h * H), open: Float64Array.from([10, 30, 40, 50]), high: Float64Array.from([11, 31, 41, 51]),
      low: Float64Array.from([9, 29, 39, 49]), close: Float64Array.from([10, 30, 40, 50]), volume: new Float64Array(4).fill(1),
    }, base.origin);
    const same = informativeFrame(base, '1h', other);
    expect(Array.from(same.index)).toEqual([-1, 0, 0, 1, 2, 3]);
    expect(Array.from(same.close)).toEqual([NaN, 10, 10, 30, 40, 50]);
    // Its 2h bars: [00,02) holds only 01:00 (close 10), [02,04) only 03:00 (30), [04,06) 40..50.
    const h2 = informativeFrame(base, '2h', other);
    expect(Array.from(h2.frame.close)).toEqual([10, 30, 50]);
    expect(Array.from(h2.close)).toEqual([NaN, 10, 10, 30, 30, 50]);
  });

  it('another symbol: truncating both series after base bar t never changes a value at or before t', () => {
    const hours = (steps: number[], from: number) => {
      let t = from;
      return Float64Array.from(steps, (s) => (t += s * H));
    };
    const arb = fc.record({
      baseSteps: fc.array(fc.constantFrom(1, 1, 1, 2, 3), { minLength: 1, maxLength: 80 }),
      otherSteps: fc.array(fc.constantFrom(1, 1, 1, 2, 4), { minLength: 1, maxLength: 90 }),
      shift: fc.integer({ min: -6, max: 6 }),
      tf: fc.constantFrom('1h' as const, '2h' as const, '4h' as const, '1d' as const),
      w: fc.integer({ min: 1, max: 3 }),
    });
    fc.assert(fc.property(arb, ({ baseSteps, otherSteps, shift, tf, w }) => {
      const b0 = frameFrom(baseSteps.map((_, i) => 100 + i));
      const base = makeFrame('BTC/USDT', '1h', { ...b0, time: hours(baseSteps, b0.time[0]) }, b0.origin);
      const o0 = frameFrom(otherSteps.map((_, i) => 50 + Math.cos(i) * 5));
      const other = makeFrame('ETH/USDT', '1h', { ...o0, time: hours(otherSteps, b0.time[0] + shift * H) }, o0.origin);
      const full = informativeFrame(base, tf, other);
      const fullSma = full.align(sma(full.frame.close, w));
      for (let t = 0; t < base.length; t++) {
        // Everything that has closed by the end of base bar t: other bars opening at or before base.time[t].
        let m = 0;
        while (m < other.length && other.time[m] <= base.time[t]) m++;
        const cut = informativeFrame(slice(base, t + 1), tf, slice(other, m));
        const cutSma = cut.align(sma(cut.frame.close, w));
        for (let i = 0; i <= t; i++) {
          expect(Object.is(cut.close[i], full.close[i]), `close at ${i} after cutting at ${t}`).toBe(true);
          expect(Object.is(cutSma[i], fullSma[i]), `SMA at ${i} after cutting at ${t}`).toBe(true);
        }
      }
    }), { numRuns: 150 });
  });
});
