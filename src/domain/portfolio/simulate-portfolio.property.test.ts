/**
 * Invariants of the one-account portfolio over random markets: several symbols with different
 * and gappy bar times, random signals and stops, every stake kind, both execution modes, spot and
 * swap. And: a one-symbol portfolio with the default stake is today's single-symbol run, exactly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Signals } from '../strategies/strategy.js';
import type { Stake } from './portfolio-mode.js';
import { simulatePortfolio, type PortfolioLeg } from './simulate-portfolio.js';
import { simulate } from './simulate.js';
import { DEFAULT_PORTFOLIO, type PortfolioSpec } from './spec.js';

const barArb = fc.record({
  gap: fc.double({ min: -0.04, max: 0.04, noNaN: true }),
  ret: fc.double({ min: -0.08, max: 0.08, noNaN: true }),
  up: fc.double({ min: 0, max: 0.05, noNaN: true }),
  dn: fc.double({ min: 0, max: 0.05, noNaN: true }),
  bits: fc.integer({ min: 0, max: 63 }),
  sl: fc.option(fc.double({ min: 0.002, max: 0.08, noNaN: true }), { freq: 3 }),
  tp: fc.option(fc.double({ min: 0.002, max: 0.12, noNaN: true }), { freq: 3 }),
  missing: fc.integer({ min: 0, max: 9 }),
});

/** One symbol: random bars on the hours 0..len-1 shifted by `offset`, about a tenth of them missing. */
const legArb = (allowMissing: boolean) => fc.record({
  rows: fc.array(barArb, { minLength: 1, maxLength: 50, size: 'max' }),
  offset: fc.integer({ min: 0, max: 20 }),
  price: fc.constantFrom(0.3, 25, 30_000),
}).map(({ rows, offset, price }) => {
  const kept = rows.map((r, i) => ({ ...r, hour: offset + i })).filter((r, i) => i === 0 || !allowMissing || r.missing !== 0);
  const n = kept.length;
  const time = new Float64Array(n), open = new Float64Array(n), high = new Float64Array(n), low = new Float64Array(n), close = new Float64Array(n);
  const flags = [new Uint8Array(n), new Uint8Array(n), new Uint8Array(n), new Uint8Array(n)];
  const slD = new Float64Array(n), tpD = new Float64Array(n);
  let p: number = price;
  kept.forEach((r, t) => {
    const o = p * (1 + r.gap);
    const cl = o * (1 + r.ret);
    time[t] = r.hour * 3_600_000; open[t] = o; close[t] = cl;
    high[t] = Math.max(o, cl) * (1 + r.up);
    low[t] = Math.min(o, cl) * (1 - r.dn);
    if (r.bits < 24) for (let k = 0; k < 4; k++) flags[k][t] = (r.bits >> k) & 1;
    slD[t] = r.sl === null ? NaN : r.sl * cl;
    tpD[t] = r.tp === null ? NaN : r.tp * cl;
    p = cl;
  });
  const signals: Signals = { longEntries: flags[0], longExits: flags[1], shortEntries: flags[2], shortExits: flags[3], slDistance: slD, tpDistance: tpD, slFraction: 0, tpFraction: 0 };
  return { time, prices: { open, high, low, close }, signals };
});

const specArb = fc.record({
  fees: fc.constantFrom(0, 0.001, 0.01),
  slippage: fc.constantFrom(0, 0.0005, 0.01),
  execution: fc.constantFrom('close' as const, 'next_open' as const),
  market: fc.constantFrom('spot' as const, 'swap' as const),
  maxPositionSize: fc.constantFrom(1, 1, 0.5),
  riskPerTrade: fc.constantFrom(0, 0, 0.02),
  stopSlippage: fc.boolean(),
}).map((c): PortfolioSpec => ({ ...DEFAULT_PORTFOLIO, initCash: 10_000, ...c }));

const stakeArb: fc.Arbitrary<Stake> = fc.oneof(
  fc.constant({ kind: 'equal' as const }),
  fc.constantFrom(1000, 4000, 12_000).map((value) => ({ kind: 'amount' as const, value })),
  fc.constantFrom(0.25, 0.5, 1).map((value) => ({ kind: 'percent' as const, value })),
);

const caseArb = fc.record({
  legs: fc.array(legArb(true), { minLength: 1, maxLength: 4 }),
  spec: specArb,
  stake: stakeArb,
  maxOpen: fc.option(fc.integer({ min: 1, max: 4 })),
}).map((c) => ({ ...c, legs: c.legs.map((l, i): PortfolioLeg => ({ symbol: `S${i}/USDT`, ...l })) }));

const RUNS = { numRuns: 300 };
const near = (a: number, b: number, scale: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, scale);

describe('simulatePortfolio: invariants over random markets', () => {
  it('equity = cash + Σ position values; spot cash never negative; open positions within the cap', () => {
    fc.assert(fc.property(caseArb, ({ legs, spec, stake, maxOpen }) => {
      const r = simulatePortfolio(legs, spec, { stake, maxOpenPositions: maxOpen ?? undefined });
      const cap = maxOpen ?? legs.length;
      for (let t = 0; t < r.time.length; t++) {
        let held = 0;
        let scale = Math.abs(r.cash[t]);
        for (let c = 0; c < legs.length; c++) {
          const v = r.units[c][t] === 0 ? 0 : r.units[c][t] * r.lastClose[c][t];
          expect(r.values[c][t]).toBe(v);
          held += v;
          scale += Math.abs(v);
          if (spec.market === 'spot') expect(r.units[c][t]).toBeGreaterThanOrEqual(0);
        }
        expect(Number.isFinite(r.equity[t])).toBe(true);
        expect(near(r.equity[t], r.cash[t] + held, scale)).toBe(true);
        if (spec.market === 'spot') expect(r.cash[t]).toBeGreaterThanOrEqual(-1e-9 * spec.initCash);
        expect(r.openPositions[t]).toBeLessThanOrEqual(cap);
      }
    }), RUNS);
  });

  it('Σ per-symbol pnl = total pnl; orders and trades name their symbol and sit on its bars', () => {
    fc.assert(fc.property(caseArb, ({ legs, spec, stake, maxOpen }) => {
      const r = simulatePortfolio(legs, spec, { stake, maxOpenPositions: maxOpen ?? undefined });
      const per = new Float64Array(legs.length);
      let scale = spec.initCash;
      for (let k = 0; k < r.trades.count; k++) {
        per[r.tradeSymbol[k]] += r.trades.pnl[k];
        scale += Math.abs(r.trades.units[k] * r.trades.entryPrice[k]);
      }
      const total = per.reduce((a, b) => a + b, 0);
      expect(near(total, r.equity[r.time.length - 1] - spec.initCash, scale)).toBe(true);
      for (let k = 0; k < r.orders.count; k++) {
        const c = r.orderSymbol[k];
        expect(r.positions[c]).toContain(r.orders.barIndex[k]);
      }
      expect(r.closedTrades + r.openTrades).toBe(r.trades.count);
    }), RUNS);
  });

  it('a one-symbol portfolio (equal stake) is the single-symbol run, exactly', () => {
    const one = fc.record({ leg: legArb(false), spec: specArb });
    fc.assert(fc.property(one, ({ leg, spec }) => {
      const single = simulate(leg.prices, leg.signals, spec);
      const p = simulatePortfolio([{ symbol: 'X/USDT', ...leg }], spec, { stake: { kind: 'equal' } });
      expect([...p.equity]).toEqual([...single.equity]);
      expect([...p.cash]).toEqual([...single.cash]);
      expect([...p.units[0]]).toEqual([...single.position]);
      const o = (x: typeof single.orders) => Array.from({ length: x.count }, (_, k) => [x.barIndex[k], x.side[k], x.price[k], x.units[k], x.fee[k]]);
      expect(o(p.orders)).toEqual(o(single.orders));
      const tr = (x: typeof single.trades) => Array.from({ length: x.count }, (_, k) => [x.entryIndex[k], x.exitIndex[k], x.units[k], x.pnl[k], x.exitReason[k], x.slLevel[k], x.tpLevel[k]]);
      expect(tr(p.trades)).toEqual(tr(single.trades));
      expect(p.skipped[0]).toBe(single.skippedEntries);
      expect(p.ambiguousStopBars[0]).toBe(single.ambiguousStopBars);
    }), { numRuns: 500 });
  });
});
