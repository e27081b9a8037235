/**
 * Hand-worked simulations, part 5 (issue 10): size types, per-signal sizes, whole units and
 * exchange minimums, in both execution modes. Cash 1000, fees 1%, no slippage unless said; a long
 * signal at bar 1 fills at 100 in both modes (close[1] in close mode, open[2] in next_open mode).
 */
import { describe, expect, it } from 'vitest';
import { bars, portfolio, signals } from '../../../test/support/sim-bars.js';
import type { PortfolioSpec } from './spec.js';
import { simulate } from './simulate.js';

const m = bars([[100, 100, 100, 100], [100, 101, 99, 100], [100, 102, 98, 101], [101, 103, 100, 102]]);
const near = (a: number, b: number) => expect(a).toBeCloseTo(b, 9);

for (const execution of ['close', 'next_open'] as const) {
  const run = (over: Partial<PortfolioSpec>, sig = signals(4, { le: [1] })) =>
    simulate(m, sig, portfolio({ initCash: 1000, fees: 0.01, execution, ...over }));
  const bar = execution === 'close' ? 1 : 2;
  describe(`sizing (${execution})`, () => {
    it('all_in, percent_of_equity, value, amount and risk', () => {
      near(run({}).trades.units[0], 1000 / (100 * 1.01));
      near(run({ sizeType: 'percent_of_equity', size: 0.5 }).trades.units[0], 500 / (100 * 1.01));
      near(run({ sizeType: 'amount', size: 2.5 }).trades.units[0], 2.5);
      // value: units = 300 / reference price; with slippage 1% the fill is 101 and the cost 3*101*1.01.
      const v = run({ sizeType: 'value', size: 300, slippage: 0.01 });
      near(v.trades.units[0], 3);
      near(v.cash[bar], 1000 - 3 * 101 * 1.01);
      // risk 2% with a stop-loss 4 away: 1000*.02/4 = 5 units, losing 20 (+ fees) at the stop.
      near(run({ sizeType: 'risk', size: 0.02 }, signals(4, { le: [1], sl: { 1: 4 } })).trades.units[0], 5);
      // every type is capped by the all-in size
      near(run({ sizeType: 'amount', size: 50 }).trades.units[0], 1000 / (100 * 1.01));
    });
    it('per-signal sizes override the run size where given', () => {
      const sig = { ...signals(4, { le: [1] }), size: Float64Array.from([NaN, 1.5, NaN, NaN]) };
      near(run({ sizeType: 'amount', size: 2.5 }, sig).trades.units[0], 1.5);
      const none = { ...signals(4, { le: [1] }), size: new Float64Array(4).fill(NaN) };
      near(run({ sizeType: 'amount', size: 2.5 }, none).trades.units[0], 2.5);
    });
    it('whole units round down; entries below min_size or min_notional are skipped and counted', () => {
      // all-in 9.90099 → 9 units; cash 1000 - 9*100*1.01 = 91.
      const w = run({ sizeGranularity: 1 });
      expect([w.trades.units[0], w.trades.entryIndex[0], w.belowMinimum]).toEqual([9, bar, 0]);
      near(w.cash[bar], 91);
      // lots of 0.25: 9.75
      near(run({ sizeGranularity: 0.25 }).trades.units[0], 9.75);
      for (const over of [{ minSize: 10 }, { minNotional: 1000 }]) {
        const s = run({ sizeGranularity: 1, ...over });
        expect([s.trades.count, s.orders.count, s.belowMinimum, s.skippedEntries]).toEqual([0, 0, 1, 0]);
        expect(Array.from(s.equity)).toEqual([1000, 1000, 1000, 1000]);
      }
      // min_notional 900 is met by 9 units at 100.
      expect(run({ sizeGranularity: 1, minNotional: 900 }).trades.units[0]).toBe(9);
    });
  });
}

describe('partial exits (an exit signal with a fraction)', () => {
  // Bars at 100, 110, 120, 130 (open = close), then flat at 130.
  const p = bars([[100, 100, 100, 100], [100, 101, 99, 100], [110, 111, 109, 110], [120, 121, 119, 120], [130, 131, 129, 130], [130, 130, 130, 130]]);
  const sig = (frac: Record<number, number>, lx: number[]) => ({ ...signals(6, { le: [1], lx }), exitFraction: Float64Array.from({ length: 6 }, (_, i) => frac[i] ?? NaN) });
  it('close mode: sells half at bar 2, the rest at bar 3; one trade row with the mean exit price', () => {
    // Buy 10 @ 100; sell 5 @ 110 (cash 550, 5 held); sell 5 @ 120 (cash 1150). Mean exit 115, pnl 150.
    const r = simulate(p, sig({ 2: 0.5 }, [2, 3]), portfolio({ initCash: 1000 }));
    const t = r.trades;
    expect([t.count, t.exitIndex[0], r.orders.count, r.closedTrades]).toEqual([1, 3, 3, 1]);
    for (const [a, b] of [[t.units[0], 10], [t.exitPrice[0], 115], [t.pnl[0], 150], [r.position[2], 5], [r.cash[2], 550], [r.equity[3], 1150]]) near(a, b);
    expect(Array.from(r.orders.units.subarray(0, 3))).toEqual([10, 5, 5]);
  });
  it('next_open mode, with fees: each part fills at the next open and pays its own fee', () => {
    // Buy 1000/(110*1.01) @ open[2] = 110; half @ open[3] = 120, the rest @ open[4] = 130.
    const r = simulate(p, sig({ 2: 0.5 }, [2, 3]), portfolio({ initCash: 1000, fees: 0.01, execution: 'next_open' }));
    const t = r.trades;
    const u = 1000 / (110 * 1.01);
    expect([t.entryIndex[0], t.exitIndex[0], r.orders.count]).toEqual([2, 4, 3]);
    near(t.exitPrice[0], 125);
    near(t.exitFee[0], 0.01 * (u / 2) * 120 + 0.01 * (u / 2) * 130);
    near(t.pnl[0], u * 15 - 0.01 * u * 110 - t.exitFee[0]);
    near(r.equity[5], 1000 + t.pnl[0]);
  });
  it('a part still open at the end is marked to the last close; whole units round the part down', () => {
    // Sell 5 @ 110, 5 marked at 130: mean exit 120, pnl 200 = equity change.
    const r = simulate(p, sig({ 2: 0.5 }, [2]), portfolio({ initCash: 1000 }));
    expect([r.openTrades, r.orders.count]).toEqual([1, 2]);
    near(r.trades.exitPrice[0], 120);
    near(r.trades.pnl[0], 200);
    near(r.equity[5], 1200);
    // 10 units, fraction 0.33 → 3 units.
    const w = simulate(p, sig({ 2: 0.33 }, [2]), portfolio({ initCash: 1000, sizeGranularity: 1 }));
    expect([w.orders.units[1], w.position[2]]).toEqual([3, 7]);
  });
});

describe('pyramiding (accumulate, max_entries)', () => {
  // Bars at 100, 110, 120, 130 (open = close), then flat at 130; long entries at bars 1, 2, 3, exit at 4.
  const p = bars([[100, 100, 100, 100], [100, 101, 99, 100], [110, 111, 109, 110], [120, 121, 119, 120], [130, 131, 129, 130], [130, 130, 130, 130]]);
  const sig = signals(6, { le: [1, 2, 3], lx: [4] });
  const spec = (execution: 'close' | 'next_open', over: Partial<PortfolioSpec> = {}) =>
    portfolio({ initCash: 1000, execution, accumulate: true, maxEntries: 2, sizeType: 'amount', size: 2, ...over });
  it('close mode: adds at bar 2, ignores the third entry (max 2), one trade at the mean entry price', () => {
    // Buy 2 @ 100, add 2 @ 110 (mean 105), bar 3 ignored, sell 4 @ 130: pnl 100.
    const r = simulate(p, sig, spec('close'));
    const t = r.trades;
    expect([t.count, r.orders.count, t.entryIndex[0], t.exitIndex[0]]).toEqual([1, 3, 1, 4]);
    for (const [a, b] of [[t.units[0], 4], [t.entryPrice[0], 105], [t.exitPrice[0], 130], [t.pnl[0], 100], [r.position[2], 4], [r.cash[2], 1000 - 200 - 220], [r.equity[5], 1100]]) near(a, b);
    expect(Array.from(r.orders.side.subarray(0, 3))).toEqual([1, 1, -1]);
  });
  it('next_open mode: each entry fills at the next open', () => {
    // Buy 2 @ open[2] = 110, add 2 @ open[3] = 120 (mean 115), sell 4 @ open[5] = 130: pnl 60.
    const r = simulate(p, sig, spec('next_open'));
    const t = r.trades;
    expect([t.entryIndex[0], t.exitIndex[0], r.orders.count]).toEqual([2, 5, 3]);
    for (const [a, b] of [[t.units[0], 4], [t.entryPrice[0], 115], [t.pnl[0], 60], [r.equity[5], 1060]]) near(a, b);
  });
  it('an add needs uncommitted cash: all-in leaves none, so the add is skipped and counted; without accumulate it is ignored', () => {
    const all = simulate(p, sig, spec('close', { sizeType: 'all_in', size: undefined }));
    expect([all.trades.units[0], all.orders.count, all.skippedEntries]).toEqual([10, 2, 2]);
    const off = simulate(p, sig, spec('close', { accumulate: false }));
    expect([off.trades.units[0], off.orders.count, off.skippedEntries]).toEqual([2, 2, 0]);
  });
});
