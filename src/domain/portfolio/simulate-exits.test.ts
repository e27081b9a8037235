/**
 * Hand-worked simulations, part 3 (issue 10): finalize_trades, the time stop and the trailing stop,
 * each in both execution modes. Every number is worked out in the comments. Unless said
 * otherwise: no fees, no slippage, cash 1000, spot.
 */
import { describe, expect, it } from 'vitest';
import { bars, portfolio, signals } from '../../../test/support/sim-bars.js';
import { EXIT_END_OF_DATA, EXIT_END_OPEN, EXIT_STOP_LOSS, EXIT_TIME_STOP, EXIT_TRAILING_STOP } from './records.js';
import { simulate } from './simulate.js';

const close6 = (a: ArrayLike<number>, b: readonly number[]) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < b.length; i++) expect(a[i]).toBeCloseTo(b[i], 6);
};

describe('finalize_trades', () => {
  // Signal at bar 1: close mode buys at close[1] = 100, next_open at open[2] = 100: the same fill.
  const m = bars([[100, 100, 100, 100], [100, 101, 99, 100], [100, 102, 98, 102], [102, 104, 101, 104]]);
  for (const execution of ['close', 'next_open'] as const) {
    it(`closes the open position at the last close with fees and slippage (${execution})`, () => {
      const spec = { initCash: 1000, fees: 0.01, slippage: 0.001, execution };
      // Buy at 100*1.001 = 100.1, units 1000/(100.1*1.01); sell at 104*0.999 = 103.896, fee 1%.
      const u = 1000 / (100.1 * 1.01);
      const fin = simulate(m, signals(4, { le: [1] }), portfolio({ ...spec, finalizeTrades: true }));
      const t = fin.trades;
      expect([t.count, t.exitIndex[0], t.exitReason[0], fin.openTrades, fin.closedTrades, fin.orders.count]).toEqual([1, 3, EXIT_END_OF_DATA, 0, 1, 2]);
      close6([t.units[0], t.exitPrice[0], t.exitFee[0]], [u, 103.896, 0.01 * u * 103.896]);
      close6([t.pnl[0]], [u * (103.896 - 100.1) - 0.01 * u * 100.1 - 0.01 * u * 103.896]);
      close6([fin.equity[3], fin.cash[3], fin.position[3]], [u * 103.896 * 0.99, u * 103.896 * 0.99, 0]);
      expect(fin.orders.side[1]).toBe(-1);
      // Without it the trade stays open, marked to 104 with no exit fee.
      const open = simulate(m, signals(4, { le: [1] }), portfolio(spec));
      expect([open.openTrades, open.trades.exitReason[0], open.orders.count]).toEqual([1, EXIT_END_OPEN, 1]);
      close6([open.equity[3]], [u * 104]);
    });
  }
});

describe('time stop (max_bars_in_trade)', () => {
  // Bar t: open 100+2t, high +1.5, low -1.5, close +1: a steady rise, no stop touched.
  const m = bars(Array.from({ length: 7 }, (_, t) => [100 + 2 * t, 101.5 + 2 * t, 98.5 + 2 * t, 101 + 2 * t] as const));
  it('close mode: exits at the close of the k-th bar after entry; that bar\'s exit signal yields to it', () => {
    // Buy 1000/103 at close[1] = 103; k = 2 → held through bars 2 and 3, sold at close[3] = 107.
    const r = simulate(m, signals(7, { le: [1], lx: [3] }), portfolio({ initCash: 1000, maxBarsInTrade: 2 }));
    const t = r.trades;
    expect([t.entryIndex[0], t.exitIndex[0], t.exitReason[0]]).toEqual([1, 3, EXIT_TIME_STOP]);
    close6([t.exitPrice[0], t.pnl[0], r.equity[3]], [107, (1000 / 103) * 4, (1000 / 103) * 107]);
  });
  it('next_open mode: the exit fills at the next open, so the trade is also held k bars', () => {
    // Buy 1000/104 at open[2] = 104; held 1 bar at close[2], 2 at close[3] → sell at open[4] = 108.
    const r = simulate(m, signals(7, { le: [1], lx: [3] }), portfolio({ initCash: 1000, maxBarsInTrade: 2, execution: 'next_open' }));
    const t = r.trades;
    expect([t.entryIndex[0], t.exitIndex[0], t.exitReason[0]]).toEqual([2, 4, EXIT_TIME_STOP]);
    close6([t.exitPrice[0], t.pnl[0]], [108, (1000 / 104) * 4]);
  });
  it('pays signal slippage and fees; an earlier stop-loss wins; k = 1 in next_open exits at the next open', () => {
    // Slippage 1%: buy 103*1.01 = 104.03, sell 107*0.99 = 105.93.
    const s = simulate(m, signals(7, { le: [1] }), portfolio({ initCash: 1000, slippage: 0.01, maxBarsInTrade: 2 }));
    close6([s.trades.entryPrice[0], s.trades.exitPrice[0], s.equity[3]], [104.03, 105.93, (1000 / 104.03) * 105.93]);
    // SL distance 4 → SL 99 from close 103; bar 2 dips to 98 → stop-loss at 99 before the time stop.
    const dip = bars([[100, 101.5, 98.5, 101], [102, 103.5, 100.5, 103], [104, 105, 98, 104], [106, 107.5, 104.5, 107]]);
    const sl = simulate(dip, signals(4, { le: [1], sl: { 1: 4 } }), portfolio({ initCash: 1000, maxBarsInTrade: 2 }));
    expect([sl.trades.exitIndex[0], sl.trades.exitReason[0]]).toEqual([2, EXIT_STOP_LOSS]);
    // next_open, k = 1: buy at open[2] = 104, sell at open[3] = 106.
    const one = simulate(m, signals(7, { le: [1] }), portfolio({ initCash: 1000, maxBarsInTrade: 1, execution: 'next_open' }));
    expect([one.trades.entryIndex[0], one.trades.exitIndex[0]]).toEqual([2, 3]);
    close6([one.trades.exitPrice[0]], [106]);
  });
});

describe('trailing stop', () => {
  // Long 10 @ 100 (close[1] in close mode, open[2] in next_open mode), fixed SL 8 below → 92.
  // Trailing 10% of the best price: bar 2 (high 110) → 99, bar 3 (high 120) → 108.
  const rows = (bar4: readonly [number, number, number, number]) => bars([[100, 100, 100, 100], [100, 101, 99, 100],
    [100, 110, 95, 108], [108, 120, 100, 118], bar4, [bar4[3], bar4[3], bar4[3], bar4[3]]]);
  for (const execution of ['close', 'next_open'] as const) {
    it(`ratchets under the highest high from the bars before, exits on a touch or a gap (${execution})`, () => {
      const spec = portfolio({ initCash: 1000, execution, trailingStop: 0.1 });
      const entryBar = execution === 'close' ? 1 : 2;
      // Bar 4: open 117 > 108, low 107 → exit at 108; the level beats the fixed SL 92, so trailing_stop.
      const r = simulate(rows([117, 118, 107, 110]), signals(6, { le: [1], sl: { 1: 8 } }), spec);
      const t = r.trades;
      expect([t.entryIndex[0], t.exitIndex[0], t.exitReason[0]]).toEqual([entryBar, 4, EXIT_TRAILING_STOP]);
      close6([t.exitPrice[0], t.slLevel[0], t.pnl[0], r.equity[4]], [108, 92, 80, 1080]);
      // Gap: bar 4 opens at 105 <= 108 → exit at the open.
      const g = simulate(rows([105, 106, 104, 105]), signals(6, { le: [1], sl: { 1: 8 } }), spec);
      close6([g.trades.exitPrice[0], g.equity[4]], [105, 1050]);
      expect(g.trades.exitReason[0]).toBe(EXIT_TRAILING_STOP);
    });
  }
  it('a bar\'s own high does not raise the level it is checked against (no intrabar look-ahead)', () => {
    // Bar 2 reaches 110 then 95: checked against the level from bars before it (90, under the
    // fixed SL 92), so no exit, although 95 < 99 (the level bar 2 itself sets for bar 3).
    const r = simulate(rows([117, 118, 107, 110]), signals(6, { le: [1], sl: { 1: 8 } }), portfolio({ initCash: 1000, trailingStop: 0.1 }));
    expect(r.position[2]).toBe(10);
  });
  it('activation: trailing starts only once the trade is up the given fraction', () => {
    // Bar 3 dips to 98: unarmed, 10% trailing exits there at 99 (level from bar 2's high 110).
    const m = bars([[100, 100, 100, 100], [100, 101, 99, 100], [100, 110, 95, 108], [108, 120, 98, 118], [117, 118, 107, 110], [110, 110, 110, 110]]);
    const plain = simulate(m, signals(6, { le: [1], sl: { 1: 8 } }), portfolio({ initCash: 1000, trailingStop: 0.1 }));
    expect([plain.trades.exitIndex[0], plain.trades.exitReason[0]]).toEqual([3, EXIT_TRAILING_STOP]);
    close6([plain.trades.exitPrice[0]], [99]);
    // With activation 15% it arms only when the best price reaches 115 (bar 3's high 120 → 108):
    // bar 3's dip meets only the fixed SL 92; bar 4 exits at 108.
    const act = simulate(m, signals(6, { le: [1], sl: { 1: 8 } }), portfolio({ initCash: 1000, trailingStop: 0.1, trailingActivation: 0.15 }));
    expect([act.trades.exitIndex[0], act.trades.exitReason[0]]).toEqual([4, EXIT_TRAILING_STOP]);
    close6([act.trades.exitPrice[0]], [108]);
    // Never activated: a rise to at most 110 < 115 and a fall to the fixed SL exits as stop_loss.
    const low = bars([[100, 100, 100, 100], [100, 101, 99, 100], [100, 110, 95, 108], [100, 101, 90, 95], [95, 95, 95, 95]]);
    const s = simulate(low, signals(5, { le: [1], sl: { 1: 8 } }), portfolio({ initCash: 1000, trailingStop: 0.1, trailingActivation: 0.15 }));
    expect([s.trades.exitIndex[0], s.trades.exitReason[0]]).toEqual([3, EXIT_STOP_LOSS]);
    close6([s.trades.exitPrice[0]], [92]);
  });
  it('short, with a distance from the strategy (an ATR multiple) read at the signal bar', () => {
    // Short 10 @ 100 at close[1], distance 5: level 105; bar 2's low 90 → 95; bar 3's high 96 → buy @ 95.
    const m = bars([[100, 100, 100, 100], [100, 101, 99, 100], [100, 101, 90, 92], [92, 96, 91, 95], [95, 95, 95, 95]]);
    const r = simulate(m, signals(5, { se: [1], trail: { 1: 5, 2: 50 } }), portfolio({ initCash: 1000, market: 'swap' }));
    const t = r.trades;
    expect([t.exitIndex[0], t.exitReason[0]]).toEqual([3, EXIT_TRAILING_STOP]);
    close6([t.exitPrice[0], t.pnl[0], r.equity[3]], [95, 50, 1050]);
  });
});
