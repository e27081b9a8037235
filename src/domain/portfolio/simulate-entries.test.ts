/**
 * Hand-worked simulations, part 4 (issue 10): limit and stop entry orders in both execution modes:
 * fill bar, price, units, fees, gaps, expiry, the stop-loss touched on the fill bar, cancellation,
 * reversals. Unless said otherwise: no fees, no slippage, cash 1000, a long entry signal at bar 1
 * (close 100) with a level, so the order is live on bars 2 .. 1 + expiry in both modes.
 */
import { describe, expect, it } from 'vitest';
import { bars, portfolio, signals, type Bar } from '../../../test/support/sim-bars.js';
import type { PortfolioSpec } from './spec.js';
import { EXIT_REVERSE, EXIT_STOP_LOSS, EXIT_TAKE_PROFIT } from './records.js';
import { simulate } from './simulate.js';

const close6 = (a: ArrayLike<number>, b: readonly number[]) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < b.length; i++) expect(a[i]).toBeCloseTo(b[i], 6);
};
const HEAD: Bar[] = [[100, 100, 100, 100], [100, 101, 99, 100], [100, 101, 98, 99]];
/** Bars 0-2 (bar 2's low 98 stays above a 97 limit), then the given bars. */
const market = (...rest: Bar[]) => bars([...HEAD, ...rest]);
const MODES = ['close', 'next_open'] as const;
const spec = (over: Partial<PortfolioSpec>) => portfolio({ initCash: 1000, entryExpiryBars: 2, ...over });

describe('limit entries', () => {
  for (const execution of MODES) {
    it(`fill at the level when touched, at the (better) open on a gap; no slippage, fees as usual (${execution})`, () => {
      // Buy limit 97: bar 3 opens 99 > 97, low 96 → buy at 97. Slippage 1% is not applied; fee
      // 0.1%: units 1000/(97*1.001), fee .001*units*97. SL 5 from the fill: 92 (bar 3's low 96 is above).
      const m = market([99, 100, 96, 97], [97, 99, 93, 98]);
      const r = simulate(m, signals(5, { le: [1], entry: { 1: 97 }, sl: { 1: 5 } }), spec({ execution, slippage: 0.01, fees: 0.001 }));
      const t = r.trades;
      const u = 1000 / (97 * 1.001);
      expect([t.count, t.entryIndex[0], r.orders.barIndex[0], r.expiredOrders]).toEqual([1, 3, 3, 0]);
      close6([t.entryPrice[0], t.units[0], t.entryFee[0], t.slLevel[0]], [97, u, 0.001 * u * 97, 92]);
      close6(r.equity, [1000, 1000, 1000, u * 97, u * 98]);
      // Bar 3 opens at 95, through the level → buy at 95 (SL 90).
      const g = simulate(market([95, 96, 94, 95], [95, 95, 95, 95]), signals(5, { le: [1], entry: { 1: 97 }, sl: { 1: 5 } }), spec({ execution }));
      close6([g.trades.entryPrice[0], g.trades.units[0], g.trades.slLevel[0]], [95, 1000 / 95, 90]);
    });

    it(`expire unfilled after entry_expiry_bars, and are counted (${execution})`, () => {
      // Live on bars 2 and 3 (lows 98, 97.5 > 97); bar 4 would touch 97 but the order is gone.
      const m = market([99, 100, 97.5, 98], [98, 99, 90, 95]);
      const r = simulate(m, signals(5, { le: [1], entry: { 1: 97 } }), spec({ execution }));
      expect([r.trades.count, r.expiredOrders, r.orders.count]).toEqual([0, 1, 0]);
      close6(r.equity, [1000, 1000, 1000, 1000, 1000]);
      // With 3 bars of validity it fills at bar 4: open 98 > 97 → at the level 97.
      const longer = simulate(m, signals(5, { le: [1], entry: { 1: 97 } }), spec({ execution, entryExpiryBars: 3 }));
      expect([longer.trades.entryIndex[0], longer.expiredOrders]).toEqual([4, 0]);
      close6([longer.trades.entryPrice[0]], [97]);
    });

    it(`stop-loss and limit touched in one bar: filled, then stopped out on that bar; TP waits a bar (${execution})`, () => {
      // Bar 3: fill at 97, SL 92; low 91 → out at 92 on the same bar: pnl 1000/97*(92-97).
      const m = market([99, 100, 91, 93], [93, 93, 93, 93]);
      const r = simulate(m, signals(5, { le: [1], entry: { 1: 97 }, sl: { 1: 5 } }), spec({ execution }));
      const t = r.trades;
      expect([t.entryIndex[0], t.exitIndex[0], t.exitReason[0], r.orders.count]).toEqual([3, 3, EXIT_STOP_LOSS, 2]);
      close6([t.exitPrice[0], t.pnl[0], r.equity[3]], [92, (1000 / 97) * -5, (1000 / 97) * 92]);
      // TP 2 above the fill = 99: bar 3's high 100 came before the fill (unknowable), so TP starts at
      // bar 4: open 97 < 99, high 99 → out at 99.
      const tp = simulate(market([99, 100, 96, 97], [97, 99, 96, 98]), signals(5, { le: [1], entry: { 1: 97 }, tp: { 1: 2 } }), spec({ execution }));
      expect([tp.trades.exitIndex[0], tp.trades.exitReason[0]]).toEqual([4, EXIT_TAKE_PROFIT]);
      close6([tp.trades.exitPrice[0]], [99]);
    });

    it(`an exit signal of its side cancels a pending order; a market entry replaces it (${execution})`, () => {
      const m = market([99, 100, 96, 97], [97, 97, 97, 97]);
      const x = simulate(m, signals(5, { le: [1], lx: [2], entry: { 1: 97 } }), spec({ execution }));
      expect([x.trades.count, x.expiredOrders]).toEqual([0, 0]);
      // A market long entry at bar 2 (level NaN there) replaces the order: buys at close[2] = 99 or open[3] = 99.
      const y = simulate(m, signals(5, { le: [1, 2], entry: { 1: 97 } }), spec({ execution }));
      expect([y.trades.count, y.expiredOrders, y.trades.entryIndex[0]]).toEqual([1, 0, execution === 'close' ? 2 : 3]);
      close6([y.trades.entryPrice[0]], [99]);
    });
  }

  it('short limit (sell above) on swap', () => {
    // Sell limit 102 at bar 1: bar 2 high 103 → short 1000/102 @ 102; bar 3 closes 98.
    const m = bars([[100, 100, 100, 100], [100, 101, 99, 100], [100, 103, 99, 101], [101, 101, 97, 98]]);
    const r = simulate(m, signals(4, { se: [1], entry: { 1: 102 } }), spec({ market: 'swap' }));
    close6([r.trades.entryPrice[0], r.position[2], r.equity[3]], [102, -1000 / 102, 1000 + (1000 / 102) * 4]);
  });

  it('a reversal closes at market (reason reverse) and places the opposite order', () => {
    // Long 10 @ 100 (market, level NaN at bar 1). Bar 3: short entry with a sell limit at 105.
    // close: sell 10 @ close[3] = 102 (cash 1020), short 1020/105 @ 105 at bar 4 (high 106).
    // next_open: long at open[2] = 100; the close fills at open[4] = 102, the limit on bar 4's range.
    const m = bars([[100, 100, 100, 100], [100, 101, 99, 100], [100, 102, 99, 101], [101, 103, 100, 102], [102, 106, 101, 104], [104, 104, 104, 104]]);
    for (const execution of MODES) {
      const r = simulate(m, signals(6, { le: [1], se: [3], entry: { 3: 105 } }), spec({ execution, market: 'swap', entryExpiryBars: 1 }));
      const t = r.trades;
      expect([t.count, t.exitReason[0], t.exitIndex[0], t.entryIndex[1], t.side[1]]).toEqual([2, EXIT_REVERSE, execution === 'close' ? 3 : 4, 4, -1]);
      close6([t.exitPrice[0], t.pnl[0], t.entryPrice[1], t.units[1]], [102, 20, 105, 1020 / 105]);
      close6([r.equity[5]], [1020 + (1020 / 105) * (105 - 104)]);
    }
  });
});

describe('stop entries', () => {
  const stop = (over: Partial<PortfolioSpec>) => spec({ entryOrder: 'stop', ...over });
  for (const execution of MODES) {
    it(`fill at the level when touched, at the (worse) open on a gap; slippage only with stop_slippage (${execution})`, () => {
      // Buy stop 103: bar 2 high 101 < 103; bar 3 opens 101, high 105 → buy at 103.
      const m = market([101, 105, 100, 104], [104, 104, 104, 104]);
      const r = simulate(m, signals(5, { le: [1], entry: { 1: 103 } }), stop({ execution, slippage: 0.01 }));
      expect(r.trades.entryIndex[0]).toBe(3);
      close6([r.trades.entryPrice[0], r.trades.units[0]], [103, 1000 / 103]);
      // stop_slippage: 103*1.01 = 104.03; stop levels still from 103 (SL 5 → 98).
      const s = simulate(m, signals(5, { le: [1], entry: { 1: 103 }, sl: { 1: 5 } }), stop({ execution, slippage: 0.01, stopSlippage: true }));
      close6([s.trades.entryPrice[0], s.trades.slLevel[0]], [104.03, 98]);
      // Gap: bar 3 opens at 106 → buy at 106.
      const g = simulate(market([106, 107, 105, 106], [106, 106, 106, 106]), signals(5, { le: [1], entry: { 1: 103 } }), stop({ execution }));
      close6([g.trades.entryPrice[0]], [106]);
    });
  }
  it('already triggered at the signal bar: close mode fills at once at the close (market, with slippage); next_open at the next open', () => {
    // Stop 99 with close[1] = 100 >= 99.
    const m = market([99, 100, 96, 97]);
    const c = simulate(m, signals(4, { le: [1], entry: { 1: 99 } }), stop({ slippage: 0.01 }));
    expect(c.trades.entryIndex[0]).toBe(1);
    close6([c.trades.entryPrice[0]], [101]);
    // next_open: bar 2 opens at 100 >= 99 → gap fill at 100 (stop entry, no slippage by default).
    const o = simulate(m, signals(4, { le: [1], entry: { 1: 99 } }), stop({ slippage: 0.01, execution: 'next_open' }));
    expect(o.trades.entryIndex[0]).toBe(2);
    close6([o.trades.entryPrice[0]], [100]);
  });
});
