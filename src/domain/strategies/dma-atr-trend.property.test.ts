import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frameFrom } from '../../../test/support/make-frame.js';
import { dmaAtrTrend, DMAATRTrendStrategy } from './dma-atr-trend.js';
import { MemoIndicatorCache } from './strategy.js';

/** A random walk of closes (positive), long enough for the windows below. */
const closes = fc.array(fc.double({ min: -0.03, max: 0.03, noNaN: true }), { minLength: 60, maxLength: 400 })
  .map((steps) => { let p = 100; return steps.map((s) => (p *= 1 + s)); });

const params = fc.record({
  short: fc.integer({ min: 1, max: 10 }),
  longGap: fc.integer({ min: 1, max: 15 }),
  trendGap: fc.integer({ min: 1, max: 30 }),
  atr: fc.integer({ min: 1, max: 40 }),
  sl: fc.constantFrom(0, 1.5),
  tp: fc.constantFrom(0, 3),
  useAdx: fc.boolean(),
  adx: fc.integer({ min: 1, max: 20 }),
  ma: fc.constantFrom('SMA', 'EMA', 'WMA'),
  market: fc.constantFrom('spot' as const, 'swap' as const),
});

describe('DMA-ATR-Trend: no entry before every indicator in use is warmed up (property)', () => {
  it('holds for random series and parameters', () => {
    fc.assert(fc.property(closes, params, (c, q) => {
      const long = q.short + q.longGap;
      const trend = long + q.trendGap;
      const parsed = dmaAtrTrend.parseParams({
        short_ma_window: q.short, long_ma_window: long, trend_ma_window: trend, atr_period: q.atr, ma_type: q.ma,
        sl_atr_multiplier: q.sl, tp_atr_multiplier: q.tp, use_adx: q.useAdx, adx_period: q.adx, adx_threshold: 0,
      });
      if (!parsed.ok) throw new Error('params');
      const frame = frameFrom(c, { pad: 0.5 });
      const s = new DMAATRTrendStrategy(frame, parsed.value, { market: q.market, cache: new MemoIndicatorCache() });
      s.initIndicators();
      const sig = s.generateSignals();
      // Lookbacks (TA-Lib): an MA of window w is first defined at w-1; a cross needs the long MA at t-1;
      // ATR(p) at p; ADX(p) at 2p-1.
      let first = Math.max(trend - 1, long);
      if (q.sl > 0 || q.tp > 0) first = Math.max(first, q.atr);
      if (q.useAdx) first = Math.max(first, 2 * q.adx - 1);
      for (let t = 0; t < first && t < frame.length; t++) {
        expect(sig.longEntries[t], `long entry at ${t} < ${first}`).toBe(0);
        expect(sig.shortEntries[t], `short entry at ${t} < ${first}`).toBe(0);
      }
      if (q.market === 'spot') expect(sig.shortEntries.every((x) => x === 0)).toBe(true);
    }), { numRuns: 300 });
  });
});

describe('DMA-ATR-Trend: entries and exits equal a plain re-computation (property)', () => {
  it('crosses, confirmation, trend/ATR/ADX filters, clean_signals and min_signal_gap, bar by bar', () => {
    const extra = fc.record({ k: fc.constantFrom(0, 0, 1, 3), clean: fc.boolean(), gap: fc.constantFrom(0, 0, 4), adxMin: fc.constantFrom(0, 20) });
    fc.assert(fc.property(closes, params, extra, (c, q, x) => {
      const long = q.short + q.longGap;
      const trendW = long + q.trendGap;
      const parsed = dmaAtrTrend.parseParams({
        short_ma_window: q.short, long_ma_window: long, trend_ma_window: trendW, atr_period: q.atr, ma_type: q.ma,
        sl_atr_multiplier: q.sl, tp_atr_multiplier: q.tp, use_adx: q.useAdx, adx_period: q.adx, adx_threshold: x.adxMin,
        signal_confirmation_bars: x.k, clean_signals: x.clean, min_signal_gap: x.gap,
      });
      if (!parsed.ok) throw new Error('params');
      const frame = frameFrom(c, { pad: 0.5 });
      const s = new DMAATRTrendStrategy(frame, parsed.value, { market: q.market, cache: new MemoIndicatorCache() });
      s.initIndicators();
      const sig = s.generateSignals();
      const ind = s.indicators;
      const names = Object.keys(ind);
      const [fast, slow, trend] = [ind[names[0]], ind[names[1]], ind[names[2]]];
      const atr = ind[`ATR ${q.atr}`];
      const adxS = q.useAdx ? ind[`ADX ${q.adx}`] : null;
      // The plain way: cross flags, confirmation by walking forward k bars, then the filters.
      const n = frame.length;
      const up = (t: number) => t > 0 && fast[t] > slow[t] && fast[t - 1] <= slow[t - 1];
      const down = (t: number) => t > 0 && fast[t] < slow[t] && fast[t - 1] >= slow[t - 1];
      const confirmed = (t: number, cross: (t: number) => boolean, dir: 1 | -1) => {
        const from = t - x.k;
        if (from < 0 || !cross(from)) return false;
        for (let j = from + 1; j <= t; j++) {
          const d = fast[j] - slow[j];
          if (cross(j) || !(dir === 1 ? d > 0 : d < 0)) return false;
        }
        return true;
      };
      const le = new Uint8Array(n), se = new Uint8Array(n), lx = new Uint8Array(n), sx = new Uint8Array(n);
      for (let t = 0; t < n; t++) {
        const ready = trend[t] === trend[t] && (!(q.sl > 0 || q.tp > 0) || atr[t] === atr[t]) && (adxS === null || adxS[t] > x.adxMin);
        if (confirmed(t, up, 1) && ready && frame.close[t] > trend[t]) le[t] = 1;
        if (q.market === 'swap' && confirmed(t, down, -1) && ready && frame.close[t] < trend[t]) se[t] = 1;
        lx[t] = down(t) ? 1 : 0;
        if (q.market === 'swap') sx[t] = up(t) ? 1 : 0;
      }
      if (x.clean) {
        for (let t = 0; t < n; t++) {
          if (le[t] && lx[t]) le[t] = lx[t] = 0;
          if (se[t] && sx[t]) se[t] = sx[t] = 0;
        }
      }
      let last = -Infinity;
      for (let t = 0; t < n && x.gap > 0; t++) {
        if (!le[t] && !se[t]) continue;
        if (t - last <= x.gap) le[t] = se[t] = 0;
        else last = t;
      }
      expect(Array.from(sig.longEntries)).toEqual(Array.from(le));
      expect(Array.from(sig.shortEntries)).toEqual(Array.from(se));
      expect(Array.from(sig.longExits)).toEqual(Array.from(lx));
      expect(Array.from(sig.shortExits)).toEqual(Array.from(sx));
    }), { numRuns: 300 });
  });
});
