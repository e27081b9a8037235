/**
 * Hand-worked simulations, part 2: stop-loss / take-profit (gaps, intrabar, ambiguity, precedence,
 * next_open event order, stop slippage) and risk sizing. Every number is worked out in comments.
 * Unless said otherwise: no fees, no slippage, cash 1000, close mode, long entry at bar 1's close 100
 * (units 10, cash 0), SL distance 5 → SL 95, TP distance 10 → TP 110.
 */
import { describe, expect, it } from 'vitest';
import { bars, portfolio, signals, type Bar } from '../../../test/support/sim-bars.js';
import { EXIT_SIGNAL, EXIT_STOP_LOSS, EXIT_TAKE_PROFIT } from './records.js';
import { simulate } from './simulate.js';

const close6 = (a: ArrayLike<number>, b: readonly number[]) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < b.length; i++) expect(a[i]).toBeCloseTo(b[i], 6);
};
const HEAD: Bar[] = [[100, 100, 100, 100], [100, 101, 99, 100], [100, 102, 96, 101]];
/** Bars 0-2 (no stop touched: bar 2's low 96 > 95, high 102 < 110), then `third`, then a flat bar. */
const market = (third: Bar) => bars([...HEAD, third, [third[3], third[3], third[3], third[3]]]);
const base = portfolio({ initCash: 1000 });

describe('stops: long, close mode', () => {
  it('a gap through SL exits at the open', () => {
    // Bar 3 opens at 90 <= 95 → sell 10 @ 90, cash 900.
    const r = simulate(market([90, 92, 88, 91]), signals(5, { le: [1], sl: { 1: 5 } }), base);
    const t = r.trades;
    expect([t.exitIndex[0], t.exitReason[0]]).toEqual([3, EXIT_STOP_LOSS]);
    close6([t.exitPrice[0], t.slLevel[0], t.pnl[0]], [90, 95, -100]);
    expect(t.tpLevel[0]).toBeNaN();
    close6(r.equity, [1000, 1000, 1010, 900, 900]);
  });
  it('SL inside the bar exits at the level', () => {
    // Bar 3: open 99 > 95, low 94 <= 95 → sell 10 @ 95, cash 950.
    const r = simulate(market([99, 100, 94, 97]), signals(5, { le: [1], sl: { 1: 5 }, tp: { 1: 10 } }), base);
    close6([r.trades.exitPrice[0], r.trades.pnl[0]], [95, -50]);
    expect(r.trades.exitReason[0]).toBe(EXIT_STOP_LOSS);
    expect(r.ambiguousStopBars).toBe(0);
    close6(r.equity, [1000, 1000, 1010, 950, 950]);
  });
  it('TP inside the bar exits at the level; a gap through TP exits at the (better) open', () => {
    // Bar 3: open 105 < 110, high 112 >= 110 → sell 10 @ 110, cash 1100.
    const r = simulate(market([105, 112, 104, 108]), signals(5, { le: [1], sl: { 1: 5 }, tp: { 1: 10 } }), base);
    expect(r.trades.exitReason[0]).toBe(EXIT_TAKE_PROFIT);
    close6([r.trades.exitPrice[0], r.trades.tpLevel[0], r.equity[3]], [110, 110, 1100]);
    // Bar 3 opens at 115 >= 110 → sell 10 @ 115, cash 1150.
    const g = simulate(market([115, 116, 113, 114]), signals(5, { le: [1], tp: { 1: 10 } }), base);
    close6([g.trades.exitPrice[0], g.equity[3]], [115, 1150]);
  });
  it('SL and TP both inside one bar: SL wins and the bar is counted', () => {
    // Bar 3: low 94 <= 95 and high 111 >= 110 → sell 10 @ 95; ambiguous 1.
    const r = simulate(market([100, 111, 94, 105]), signals(5, { le: [1], sl: { 1: 5 }, tp: { 1: 10 } }), base);
    expect([r.trades.exitReason[0], r.ambiguousStopBars]).toEqual([EXIT_STOP_LOSS, 1]);
    close6([r.trades.exitPrice[0], r.equity[3]], [95, 950]);
  });
  it('stops are not live on the close-mode entry bar', () => {
    // Entry bar 1 has low 99; with SL distance 0.5 (SL 99.5) the entry bar would touch it, but
    // stops start at bar 2 (low 96 <= 99.5 → exit at 99.5).
    const r = simulate(market([101, 102, 100, 101]), signals(5, { le: [1], sl: { 1: 0.5 } }), base);
    expect([r.trades.exitIndex[0], r.trades.exitReason[0]]).toEqual([2, EXIT_STOP_LOSS]);
    close6([r.trades.exitPrice[0]], [99.5]);
  });
  it('a stop exit takes precedence over that bar\'s signals', () => {
    // Bar 3 hits SL (94 <= 95) and also has long entry + exit and a short entry: all ignored.
    const r = simulate(market([99, 100, 94, 97]), signals(5, { le: [1, 3], lx: [3], se: [3], sl: { 1: 5, 3: 5 } }),
      portfolio({ initCash: 1000, market: 'swap' }));
    expect(r.trades.count).toBe(1);
    close6(r.position, [0, 10, 10, 0, 0]);
    close6(r.equity, [1000, 1000, 1010, 950, 950]);
  });
  it('stop slippage applies only when asked', () => {
    // slippage 1% on the signal buy: 100*1.01 = 101, units = 1000/101. SL level from the reference 100: 95.
    const sig = signals(5, { le: [1], sl: { 1: 5 } });
    const m = market([99, 100, 94, 97]);
    const plain = simulate(m, sig, portfolio({ initCash: 1000, slippage: 0.01 }));
    close6([plain.trades.slLevel[0], plain.trades.exitPrice[0]], [95, 95]);
    const slipped = simulate(m, sig, portfolio({ initCash: 1000, slippage: 0.01, stopSlippage: true }));
    // 95 * 0.99 = 94.05; cash = 1000/101 * 94.05
    close6([slipped.trades.exitPrice[0], slipped.equity[3]], [94.05, (1000 / 101) * 94.05]);
  });
  it('fractional stops: a fraction of the reference price, used when no distance is given', () => {
    // slFraction .05 → SL = 100 - 5 = 95; a NaN distance at the signal bar falls back to it.
    const r = simulate(market([99, 100, 94, 97]), signals(5, { le: [1], sl: { 2: 1 }, slFraction: 0.05 }), base);
    close6([r.trades.slLevel[0], r.trades.exitPrice[0]], [95, 95]);
    // A distance given at the signal bar wins over the fraction: SL = 100 - 2 = 98, hit at bar 2 (low 96).
    const d = simulate(market([99, 100, 94, 97]), signals(5, { le: [1], sl: { 1: 2 }, slFraction: 0.05 }), base);
    close6([d.trades.slLevel[0], d.trades.exitPrice[0], d.trades.exitIndex[0]], [98, 98, 2]);
  });
});

describe('stops: short (swap)', () => {
  it('mirror the levels: SL above, TP below', () => {
    // Short 10 @ 100 at bar 1 (cash 2000), SL 105, TP 90. Bar 2 high 102 < 105, low 96 > 90.
    // Bar 3 high 106 >= 105 → buy 10 @ 105, cash 2000 - 1050 = 950.
    const sig = signals(5, { se: [1], sl: { 1: 5 }, tp: { 1: 10 } });
    const sw = portfolio({ initCash: 1000, market: 'swap' });
    const r = simulate(market([101, 106, 100, 104]), sig, sw);
    close6([r.trades.slLevel[0], r.trades.tpLevel[0], r.trades.exitPrice[0], r.trades.pnl[0]], [105, 90, 105, -50]);
    close6(r.equity, [1000, 1000, 990, 950, 950]);
    // Bar 3 opens at 88 <= 90 → gap through TP: buy 10 @ 88, cash 1120.
    const g = simulate(market([88, 89, 87, 88]), sig, sw);
    expect(g.trades.exitReason[0]).toBe(EXIT_TAKE_PROFIT);
    close6([g.trades.exitPrice[0], g.equity[3]], [88, 1120]);
  });
});

describe('stops: next_open event order', () => {
  it('levels come from the fill bar open; the entry bar\'s range can hit them', () => {
    // Signal at bar 1; fill at open[2] = 104 → units 1000/104, SL = 104 - 5 = 99.
    // Bar 2's low 98 <= 99 → exit at 99 on the entry bar itself.
    const m = bars([[100, 100, 100, 100], [100, 101, 99, 100], [104, 105, 98, 103], [103, 103, 103, 103]]);
    const r = simulate(m, signals(4, { le: [1], sl: { 1: 5 } }), portfolio({ initCash: 1000, execution: 'next_open' }));
    const t = r.trades;
    expect([t.entryIndex[0], t.exitIndex[0], t.exitReason[0]]).toEqual([2, 2, EXIT_STOP_LOSS]);
    close6([t.entryPrice[0], t.slLevel[0], t.exitPrice[0]], [104, 99, 99]);
    close6(r.equity, [1000, 1000, (1000 / 104) * 99, (1000 / 104) * 99]);
  });
  it('a pending exit fills at the open before stops; a stop does not void that bar\'s close signals', () => {
    // Issue 10 changed this rule (it used to void them). le 1 → buy 10 @ open[2] = 100 (SL 95).
    // Bar 3: low 94 → SL exit at 95 (cash 950). Bar 3's long entry is read at its close, after the
    // stop, and fills at open[4] = 97: units 950/97, SL = 97 - 5 = 92 (bar 4's low 96 stays above).
    const m = bars([[100, 100, 100, 100], [100, 101, 99, 100], [100, 102, 96, 101], [99, 100, 94, 97], [97, 98, 96, 97], [97, 97, 97, 97]]);
    const r = simulate(m, signals(6, { le: [1, 3], sl: { 1: 5, 3: 5 } }), portfolio({ initCash: 1000, execution: 'next_open' }));
    const t = r.trades;
    expect([t.count, t.exitReason[0], t.exitIndex[0], t.entryIndex[1], r.openTrades]).toEqual([2, EXIT_STOP_LOSS, 3, 4, 1]);
    close6([t.exitPrice[0], t.entryPrice[1], t.units[1], t.slLevel[1]], [95, 97, 950 / 97, 92]);
    close6(r.position, [0, 0, 10, 0, 950 / 97, 950 / 97]);
    close6(r.equity, [1000, 1000, 1010, 950, 950, 950]);
    // In close mode the same stop voids bar 3's entry (the reference engine's rule, unchanged).
    const c = simulate(m, signals(6, { le: [1, 3], sl: { 1: 5, 3: 5 } }), portfolio({ initCash: 1000, execution: 'close' }));
    expect(c.trades.count).toBe(1);
    // Exit signal at bar 2 fills at open[3] = 99 before bar 3's low (94) could reach the SL.
    const x = simulate(m, signals(6, { le: [1], lx: [2], sl: { 1: 5 } }), portfolio({ initCash: 1000, execution: 'next_open' }));
    expect(x.trades.exitReason[0]).toBe(EXIT_SIGNAL);
    close6([x.trades.exitPrice[0], x.equity[3]], [99, 990]);
  });
});

describe('risk sizing', () => {
  it('units = equity*risk/stop distance, so hitting SL loses that fraction', () => {
    // risk 1%, SL distance 2: units = 1000*.01/2 = 5 (all-in would be 10); cash 500, SL 98.
    // Bar 2 low 96 <= 98 → sell 5 @ 98: cash 500 + 490 = 990 (lost 1% of 1000).
    const r = simulate(market([99, 100, 94, 97]), signals(5, { le: [1], sl: { 1: 2 } }), portfolio({ initCash: 1000, riskPerTrade: 0.01 }));
    close6([r.trades.units[0], r.trades.exitPrice[0]], [5, 98]);
    close6(r.equity, [1000, 1000, 990, 990, 990]);
  });
  it('is capped by the all-in size (maxPositionSize, fees)', () => {
    // risk 1%, distance .5: 1000*.01/.5 = 20 > all-in 1000*.5/(100*1.01) = 4.9504950495 → capped.
    const r = simulate(market([99, 100, 94, 97]), signals(5, { le: [1], sl: { 1: 0.5 } }),
      portfolio({ initCash: 1000, riskPerTrade: 0.01, fees: 0.01, maxPositionSize: 0.5 }));
    close6([r.trades.units[0]], [4.9504950495049505]);
  });
  it('without a stop distance, sizing is all-in', () => {
    const r = simulate(market([99, 100, 94, 97]), signals(5, { le: [1] }), portfolio({ initCash: 1000, riskPerTrade: 0.01 }));
    close6([r.trades.units[0]], [10]);
  });
});
