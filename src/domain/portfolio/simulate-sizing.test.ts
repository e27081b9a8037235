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
