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
});
