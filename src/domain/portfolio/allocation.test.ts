/**
 * Target weights (docs/semantics.md "Target weights"): hand-worked rebalances, the calendar
 * schedule, the band, the signal gate, and invariants on random markets.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bars, portfolio, signals, type Bar } from '../../../test/support/sim-bars.js';
import { periodIndex, simulateAllocation, type Allocation } from './allocation.js';
import { contributions } from './contributions.js';
import type { PortfolioLeg } from './simulate-portfolio.js';

const H = 3_600_000;
const flat = (c: number): Bar => [c, c, c, c];
const leg = (symbol: string, closes: number[], s: { le?: number[]; lx?: number[] } = {}, hours?: number[]): PortfolioLeg => ({
  symbol, time: Float64Array.from(hours ?? closes.map((_, i) => i), (h) => h * H), prices: bars(closes.map(flat)), signals: signals(closes.length, s),
});
const alloc = (weights: Record<string, number>, o: Partial<Allocation> = {}): Allocation => ({ weights, rebalanceMs: null, band: 0, gated: false, ...o });
const orders = (r: ReturnType<typeof simulateAllocation>) =>
  Array.from({ length: r.orders.count }, (_, k) => [r.orders.barIndex[k], r.symbols[r.orderSymbol[k]], r.orders.side[k], +r.orders.units[k].toFixed(9)]);

describe('simulateAllocation: hand-worked', () => {
  it('sets the weights at the first bar, then rebalances sells before buys', () => {
    // 1000 cash, 50/50: A 500/100 = 5, B 500/10 = 50. Bar 1: A 200, B 10 → equity 1500;
    // rebalance (every 2 h): A to 750/200 = 3.75 (sell 1.25), B to 750/10 = 75 (buy 25).
    const r = simulateAllocation([leg('A', [100, 200, 200]), leg('B', [10, 10, 10])], portfolio({ initCash: 1000 }),
      alloc({ A: 0.5, B: 0.5 }, { rebalanceMs: 2 * H }));
    expect(orders(r)).toEqual([[0, 'A', 1, 5], [0, 'B', 1, 50], [2, 'A', -1, 1.25], [2, 'B', 1, 25]]);
    expect([...r.equity]).toEqual([1000, 1500, 1500]);
    expect(r.units[0][2] * 200 / r.equity[2]).toBeCloseTo(0.5, 12);
  });

  it('the band rebalances only when a weight drifts past it', () => {
    // A doubles at bar 1: weight 1000/1500 = 0.667, drift 0.167 > band 0.1 → rebalance at bar 1.
    // Bar 2: A +5%: drift ≈ 0.012 < 0.1 → nothing.
    const r = simulateAllocation([leg('A', [100, 200, 210]), leg('B', [10, 10, 10])], portfolio({ initCash: 1000 }), alloc({ A: 0.5, B: 0.5 }, { band: 0.1 }));
    expect(orders(r).map((o) => o[0])).toEqual([0, 0, 1, 1]);
  });

  it('gated: a symbol is held only from its entry to its exit; its weight waits in cash', () => {
    const r = simulateAllocation([leg('A', [100, 100, 100, 100], { le: [1], lx: [3] }), leg('B', [10, 10, 10, 10])],
      portfolio({ initCash: 1000 }), alloc({ A: 0.5, B: 0.5 }, { gated: true }));
    // B never has an entry: it stays in cash. A: bought at its entry bar (500/100 = 5), sold at its exit.
    expect([...r.units[0]]).toEqual([0, 5, 5, 0]);
    expect([...r.units[1]]).toEqual([0, 0, 0, 0]);
    expect([...r.cash]).toEqual([1000, 500, 500, 1000]);
  });

  it('fees and slippage are paid on rebalancing orders; the last buy is capped by the cash', () => {
    // fees 1%: A buys 500/100 = 5 at 100 → 505; B wants 50 × 10 × 1.01 = 505 > 495 left → 495/10.1 = 49.0099...
    const r = simulateAllocation([leg('A', [100]), leg('B', [10])], portfolio({ initCash: 1000, fees: 0.01 }), alloc({ A: 0.5, B: 0.5 }));
    expect(r.orders.units[1]).toBeCloseTo(495 / 10.1, 12);
    expect(Math.abs(r.cash[0])).toBeLessThan(1e-9);
  });

  it('weeks start on Monday 00:00 UTC', () => {
    const w = 7 * 24 * H;
    expect(periodIndex(Date.UTC(2023, 0, 1, 23), w)).not.toBe(periodIndex(Date.UTC(2023, 0, 2, 0), w)); // Sun → Mon
    expect(periodIndex(Date.UTC(2023, 0, 2, 0), w)).toBe(periodIndex(Date.UTC(2023, 0, 8, 23), w));
  });
});

describe('simulateAllocation: invariants on random markets', () => {
  const mk = fc.array(fc.double({ min: -0.1, max: 0.1, noNaN: true }), { minLength: 2, maxLength: 40 });
  const arb = fc.record({
    a: mk, b: mk, skip: fc.integer({ min: 0, max: 5 }), wa: fc.double({ min: 0, max: 1, noNaN: true }),
    fees: fc.constantFrom(0, 0.001, 0.01), slippage: fc.constantFrom(0, 0.001), band: fc.constantFrom(0, 0.02, 0.1),
    every: fc.constantFrom(null, 2 * H, 5 * H), execution: fc.constantFrom('close' as const, 'next_open' as const),
  });
  const path = (rs: number[], p0: number) => { let p = p0; return rs.map((r) => (p *= 1 + r)); };
  it('spot cash >= 0, equity = cash + Σ values, Σ contributions = total pnl; without costs the weights hit their targets', () => {
    fc.assert(fc.property(arb, (c) => {
      const b = path(c.b, 10);
      const legs = [leg('A', path(c.a, 100)), leg('B', b.slice(c.skip % b.length), {}, b.map((_, i) => i).slice(c.skip % b.length))];
      const spec = portfolio({ initCash: 1000, fees: c.fees, slippage: c.slippage, execution: c.execution });
      const r = simulateAllocation(legs, spec, alloc({ A: c.wa, B: 1 - c.wa }, { band: c.band, rebalanceMs: c.every }));
      let pnl = 0;
      for (const x of contributions(r)) pnl += x.pnl;
      const n = r.time.length;
      expect(pnl).toBeCloseTo(r.equity[n - 1] - 1000, 6);
      for (let t = 0; t < n; t++) {
        expect(r.cash[t]).toBeGreaterThanOrEqual(-1e-9);
        expect(r.equity[t]).toBeCloseTo(r.cash[t] + r.values[0][t] + r.values[1][t], 8);
      }
      if (c.fees === 0 && c.slippage === 0 && c.execution === 'close' && c.skip === 0) {
        // right after the first rebalance the weights are the targets
        expect(r.values[0][0] / r.equity[0]).toBeCloseTo(c.wa, 9);
      }
    }), { numRuns: 300 });
  });
});
