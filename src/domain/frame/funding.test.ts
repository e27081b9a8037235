/** Funding times onto bars (docs/futures.md "Funding"), and a hand-worked daily run with three funding times per bar. */
import { describe, expect, it } from 'vitest';
import { bars, portfolio, signals } from '../../../test/support/sim-bars.js';
import { simulate } from '../portfolio/simulate.js';
import { alignFunding } from './funding.js';

const H = 3_600_000;
const D = 24 * H;

describe('alignFunding', () => {
  const series = { time: Float64Array.from([0, 8 * H, 16 * H, 24 * H, 32 * H, 40 * H]), rate: Float64Array.from([1e-4, 2e-4, 3e-4, -1e-4, 5e-4, 6e-4]) };

  it('puts each funding time on the bar whose interval holds it (1h bars: only the boundary bars)', () => {
    const time = Float64Array.from({ length: 48 }, (_, i) => i * H);
    const f = alignFunding(time, H, series);
    expect([f[0], f[8], f[16], f[24], f[32], f[40]]).toEqual([1e-4, 2e-4, 3e-4, -1e-4, 5e-4, 6e-4]);
    expect(f.reduce((s, x) => s + (x !== 0 ? 1 : 0), 0)).toBe(6);
  });

  it('sums the funding times of a bar coarser than 8h (1d: three per bar; 12h: one or two)', () => {
    const day = alignFunding(Float64Array.from([0, D]), D, series);
    expect(day[0]).toBeCloseTo(6e-4, 15);
    expect(day[1]).toBeCloseTo(10e-4, 15);
    const half = alignFunding(Float64Array.from([0, 12 * H, 24 * H, 36 * H]), 12 * H, series);
    expect(Array.from(half).map((x) => Math.round(x * 1e8) / 1e8)).toEqual([3e-4, 3e-4, 4e-4, 6e-4]);
  });

  it('charges nothing for funding times in a gap between bars', () => {
    const f = alignFunding(Float64Array.from([0, 24 * H]), H, series);
    expect(Array.from(f)).toEqual([1e-4, -1e-4]);
  });
});

describe('funding on daily bars (hand-worked)', () => {
  it('charges the day’s summed rate at the daily open, on the position carried in, with the open as mark', () => {
    // Daily bars; funding rates 0.01 %, 0.02 %, 0.03 % at 00:00, 08:00, 16:00 of days 1 and 2.
    const time = Float64Array.from([0, D, 2 * D, 3 * D]);
    const rates = { time: Float64Array.from([D, D + 8 * H, D + 16 * H, 2 * D, 2 * D + 8 * H, 2 * D + 16 * H]), rate: Float64Array.from([1e-4, 2e-4, 3e-4, 1e-4, 2e-4, 3e-4]) };
    const prices = { ...bars([[100, 100, 100, 100], [100, 105, 99, 104], [104, 106, 100, 102], [102, 103, 101, 102]]), funding: alignFunding(time, D, rates) };
    // Long at the close of day 0 (units 10, no fees), out at the close of day 3.
    const r = simulate(prices, signals(4, { le: [0], lx: [3] }), portfolio({ market: 'swap', initCash: 1000 }));
    // Day 1 open 100: 10·100·0.0006 = 0.6; day 2 open 104: 10·104·0.0006 = 0.624.
    expect(r.futures!.funding[1]).toBeCloseTo(0.6, 12);
    expect(r.futures!.funding[2]).toBeCloseTo(1.224, 12);
    expect(r.trades.funding[0]).toBeCloseTo(1.224, 12);
    expect(r.trades.pnl[0]).toBeCloseTo(10 * (102 - 100) - 1.224, 12);
    expect(r.equity[3]).toBeCloseTo(1000 + 20 - 1.224, 12);
    // Funding off: the same run without payments.
    const off = simulate(prices, signals(4, { le: [0], lx: [3] }), portfolio({ market: 'swap', initCash: 1000, funding: false }));
    expect(off.futures).toBeUndefined();
    expect(off.equity[3]).toBe(1020);
    // Spot never pays funding.
    expect(simulate(prices, signals(4, { le: [0], lx: [3] }), portfolio({ initCash: 1000 })).equity[3]).toBe(1020);
  });
});
