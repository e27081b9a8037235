/**
 * Perpetual futures in the one-account portfolio (docs/futures.md "Portfolio"): a hand-worked
 * two-symbol case with a liquidation and funding both ways; a one-symbol portfolio equals the
 * single-symbol engine on swap with leverage and funding; the equity identity and the isolated loss
 * bound on random multi-symbol markets; leverage 1 without funding equals the unlevered account.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXIT_END_OPEN, EXIT_LIQUIDATION } from '../../kernels/sim/records.js';
import type { Signals } from '../strategies/strategy.js';
import type { Stake } from './portfolio-mode.js';
import { contributions } from './contributions.js';
import { portfolioFuturesSummary } from './futures-summary.js';
import { simulatePortfolio, type PortfolioLeg } from './simulate-portfolio.js';
import { simulate } from './simulate.js';
import { DEFAULT_PORTFOLIO, type PortfolioSpec } from './spec.js';

const HOUR = 3_600_000;

/** A leg from [open, high, low, close] rows on hours `start..`, signals at the given bars, optional funding per bar. */
function leg(symbol: string, rows: number[][], sig: { le?: number[]; lx?: number[]; se?: number[]; sx?: number[] }, funding?: number[], start = 0): PortfolioLeg {
  const n = rows.length;
  const col = (j: number) => Float64Array.from(rows, (r) => r[j]);
  const flags = (at: number[] = []) => {
    const a = new Uint8Array(n);
    for (const t of at) a[t] = 1;
    return a;
  };
  const signals: Signals = {
    longEntries: flags(sig.le), longExits: flags(sig.lx), shortEntries: flags(sig.se), shortExits: flags(sig.sx),
    slDistance: null, tpDistance: null, slFraction: 0, tpFraction: 0,
  };
  return {
    symbol, time: Float64Array.from(rows, (_, i) => (start + i) * HOUR),
    prices: { open: col(0), high: col(1), low: col(2), close: col(3), ...(funding && { funding: Float64Array.from(funding) }) }, signals,
  };
}

const SWAP: PortfolioSpec = { ...DEFAULT_PORTFOLIO, initCash: 1000, fees: 0, slippage: 0, execution: 'close', market: 'swap' };

describe('portfolio futures: hand-worked two symbols', () => {
  // A long 5x at 100 (close of bar 0), B short 5x at 50; equal stakes, no trading fees, mmr 1 %,
  // liquidation fee 0.5 %. A is liquidated by bar 2's wick; B stays open.
  const a = leg('A/USDT', [[100, 100, 100, 100], [100, 101, 99, 100], [100, 100, 80, 85], [85, 86, 84, 85]], { le: [0] }, [0, 0.001, 0.001, 0]);
  const b = leg('B/USDT', [[50, 50, 50, 50], [50, 51, 49, 50], [50, 52, 49, 51], [51, 52, 50, 52]], { se: [0] }, [0, 0.002, -0.001, 0]);
  const spec: PortfolioSpec = { ...SWAP, leverage: 5, maintenanceMarginRate: 0.01, liquidationFee: 0.005 };
  const r = simulatePortfolio([a, b], spec, { stake: { kind: 'equal' } });

  it('sizes each stake as margin: 500 of margin buys 2500 of notional at 5x', () => {
    // A: free 1000 / 2 slots = 500 → 500 / (100·0.2) = 25 units. Cash −1500, held back 500 − 2500.
    // B: free = −1500 − (−2000) = 500, 1 slot → 500 / (50·0.2) = 50 units short. Cash 1000.
    expect(r.trades.units[0]).toBe(25);
    expect(r.trades.units[1]).toBe(50);
    expect(r.trades.side[1]).toBe(-1);
    expect(r.cash[0]).toBe(1000);
    expect(r.equity[0]).toBe(1000);
    expect(r.futures!.marginUsed[0]).toBe(1000);
    expect(r.trades.liqPrice[0]).toBeCloseTo(100 * (1 - 0.2 + 0.01), 12); // 81
    expect(r.trades.liqPrice[1]).toBeCloseTo(50 * (1 + 0.2 - 0.01), 12); // 59.5
  });

  it('pays and receives funding per symbol at its funding times', () => {
    // Bar 1: A (long 25 @ open 100) pays 25·100·0.001 = 2.5; B (short 50 @ 50) receives 50·50·0.002 = 5.
    expect(r.cash[1]).toBeCloseTo(1002.5, 9);
    expect(r.futures!.funding[1]).toBeCloseTo(-2.5, 9);
    expect(r.equity[1]).toBeCloseTo(1002.5, 9);
    // Bar 2: A pays 2.5 again; B pays 50·50·0.001 = 2.5 on the negative rate.
    expect(r.futures!.funding[2]).toBeCloseTo(2.5, 9);
    expect(r.trades.funding[0]).toBeCloseTo(5, 9);
    expect(r.trades.funding[1]).toBeCloseTo(-2.5, 9);
    expect(r.futures!.totalFunding).toBeCloseTo(2.5, 9);
  });

  it('liquidates A at 81 on the wick, with the liquidation fee out of the margin left', () => {
    expect(r.trades.exitReason[0]).toBe(EXIT_LIQUIDATION);
    expect(r.trades.exitIndex[0]).toBe(2);
    expect(r.trades.exitPrice[0]).toBeCloseTo(81, 12);
    // Margin left at 81: 500 − 25·19 = 25; the fee 0.005·25·81 = 10.125 fits in it.
    expect(r.trades.exitFee[0]).toBeCloseTo(10.125, 9);
    // pnl = 25·(81 − 100) − 10.125 − funding 5 = −490.125.
    expect(r.trades.pnl[0]).toBeCloseTo(-490.125, 9);
    // Cash: 1002.5 − 5 (bar-2 funding) + 25·81 − 10.125 = 3012.375; B's short at 51: equity 462.375.
    expect(r.cash[2]).toBeCloseTo(3012.375, 9);
    expect(r.equity[2]).toBeCloseTo(462.375, 9);
    expect(r.futures!.marginUsed[2]).toBe(500);
    expect(r.futures!.liquidations).toBe(1);
    expect(Array.from(r.liquidations!)).toEqual([1, 0]);
    expect(r.openPositions[2]).toBe(1);
  });

  it('marks B open at the end with its funding in its pnl', () => {
    expect(r.trades.exitReason[1]).toBe(EXIT_END_OPEN);
    // −50·(52 − 50) + 2.5 received net.
    expect(r.trades.pnl[1]).toBeCloseTo(-97.5, 9);
    expect(r.equity[3]).toBeCloseTo(412.375, 9);
    // Account pnl = Σ trade pnl.
    expect(r.equity[3] - 1000).toBeCloseTo(r.trades.pnl[0] + r.trades.pnl[1], 9);
  });

  it("summarizes the account: funding, liquidations, the largest Σ notional / equity", () => {
    const f = portfolioFuturesSummary(r)!;
    expect(f.totalFunding).toBeCloseTo(2.5, 9);
    expect(f.liquidations).toBe(1);
    // Bar 3: B alone, 50·52 = 2,600 of notional on 412.375 of equity (bars 0–2: 5, 4.99, 5.51).
    expect(f.maxLeverageUsed).toBeCloseTo(2600 / 412.375, 9);
    expect(f.stopsBeyondLiquidation).toBe(0);
  });

  it('liquidates a gap at the open, before a queued exit in next_open mode', () => {
    // next_open: A's entry signal at bar 0 fills at bar 1's open (100); an exit signal at bar 1 is
    // queued for bar 2, which opens at 75, below 81: liquidated at 75 and the exit has nothing left.
    const a2 = leg('A/USDT', [[100, 100, 100, 100], [100, 101, 99, 100], [75, 76, 74, 75], [75, 76, 74, 75]], { le: [0], lx: [1] });
    const g = simulatePortfolio([a2], { ...SWAP, execution: 'next_open', leverage: 5, maintenanceMarginRate: 0.01 }, { stake: { kind: 'equal' } });
    expect(g.trades.count).toBe(1);
    expect(g.trades.exitReason[0]).toBe(EXIT_LIQUIDATION);
    expect(g.trades.exitIndex[0]).toBe(2);
    expect(g.trades.exitPrice[0]).toBe(75);
    // 1000 / (100·0.2) = 50 units; the move costs 50·25 = 1250 > margin 1000: only the margin is lost.
    expect(g.trades.pnl[0]).toBeCloseTo(-1000, 9);
    expect(g.equity[2]).toBeCloseTo(0, 9);
    expect(g.orders.count).toBe(2);
  });
});

// ---- random markets ----

const barArb = fc.record({
  gap: fc.double({ min: -0.05, max: 0.05, noNaN: true }),
  ret: fc.double({ min: -0.1, max: 0.1, noNaN: true }),
  up: fc.double({ min: 0, max: 0.08, noNaN: true }),
  dn: fc.double({ min: 0, max: 0.08, noNaN: true }),
  bits: fc.integer({ min: 0, max: 63 }),
  sl: fc.option(fc.double({ min: 0.005, max: 0.1, noNaN: true }), { freq: 3 }),
  rate: fc.option(fc.double({ min: -0.003, max: 0.003, noNaN: true }), { freq: 2 }),
  missing: fc.integer({ min: 0, max: 9 }),
});

const legArb = (allowMissing: boolean) => fc.record({
  rows: fc.array(barArb, { minLength: 1, maxLength: 60, size: 'max' }),
  offset: fc.integer({ min: 0, max: 15 }),
  price: fc.constantFrom(0.3, 25, 30_000),
  funded: fc.boolean(),
}).map(({ rows, offset, price, funded }) => {
  const kept = rows.map((r, i) => ({ ...r, hour: offset + i })).filter((r, i) => i === 0 || !allowMissing || r.missing !== 0);
  const n = kept.length;
  const time = new Float64Array(n), open = new Float64Array(n), high = new Float64Array(n), low = new Float64Array(n), close = new Float64Array(n);
  const funding = new Float64Array(n);
  const flags = [new Uint8Array(n), new Uint8Array(n), new Uint8Array(n), new Uint8Array(n)];
  const slD = new Float64Array(n);
  let p: number = price;
  kept.forEach((r, t) => {
    const o = p * (1 + r.gap);
    const cl = o * (1 + r.ret);
    time[t] = r.hour * HOUR; open[t] = o; close[t] = cl;
    high[t] = Math.max(o, cl) * (1 + r.up);
    low[t] = Math.min(o, cl) * (1 - r.dn);
    if (r.bits < 24) for (let k = 0; k < 4; k++) flags[k][t] = (r.bits >> k) & 1;
    slD[t] = r.sl === null ? NaN : r.sl * cl;
    funding[t] = r.rate === null ? 0 : r.rate;
    p = cl;
  });
  const signals: Signals = { longEntries: flags[0], longExits: flags[1], shortEntries: flags[2], shortExits: flags[3], slDistance: slD, tpDistance: null, slFraction: 0, tpFraction: 0 };
  return { time, prices: { open, high, low, close, ...(funded && { funding }) }, signals };
});

const specArb = fc.record({
  fees: fc.constantFrom(0, 0.001, 0.005),
  slippage: fc.constantFrom(0, 0.0005),
  execution: fc.constantFrom('close' as const, 'next_open' as const),
  maxPositionSize: fc.constantFrom(1, 0.5),
  riskPerTrade: fc.constantFrom(0, 0, 0.02),
  leverage: fc.constantFrom(1, 2, 5, 20, 50),
  maintenanceMarginRate: fc.constantFrom(0.004, 0.01),
  liquidationFee: fc.constantFrom(0, 0.01),
}).map((c): PortfolioSpec => ({ ...DEFAULT_PORTFOLIO, initCash: 10_000, market: 'swap', stopSlippage: false, ...c }));

const stakeArb: fc.Arbitrary<Stake> = fc.oneof(
  fc.constant({ kind: 'equal' as const }),
  fc.constantFrom(500, 2000, 12_000).map((value) => ({ kind: 'amount' as const, value })),
  fc.constantFrom(0.25, 1).map((value) => ({ kind: 'percent' as const, value })),
);

describe('portfolio futures: properties on random markets', () => {
  it('a one-symbol portfolio (equal stake) is the single-symbol engine with leverage and funding, exactly', () => {
    let liquidated = 0;
    let funded = 0;
    fc.assert(fc.property(legArb(false), specArb, (l, spec) => {
      const single = simulate(l.prices, l.signals, spec);
      // The portfolio skips entries whose budget is rounding dust (< 1e-9 of the initial cash); a
      // single run sizes them. Fees at 50x can eat the whole account: such runs are left out.
      fc.pre(Math.min(...single.equity) > 1e-6 * spec.initCash);
      const p = simulatePortfolio([{ symbol: 'X/USDT', ...l }], spec, { stake: { kind: 'equal' } });
      expect([...p.equity]).toEqual([...single.equity]);
      expect([...p.cash]).toEqual([...single.cash]);
      expect([...p.units[0]]).toEqual([...single.position]);
      const o = (x: typeof single.orders) => Array.from({ length: x.count }, (_, k) => [x.barIndex[k], x.side[k], x.price[k], x.units[k], x.fee[k]]);
      expect(o(p.orders)).toEqual(o(single.orders));
      const tr = (x: typeof single.trades) => Array.from({ length: x.count }, (_, k) => [x.entryIndex[k], x.exitIndex[k], x.units[k], x.pnl[k],
        x.exitReason[k], x.exitFee[k], x.funding[k], x.liqPrice[k]]);
      expect(tr(p.trades)).toEqual(tr(single.trades));
      expect(p.skipped[0]).toBe(single.skippedEntries);
      const f = single.futures!;
      expect([...p.futures!.funding]).toEqual([...f.funding]);
      expect([...p.futures!.marginUsed]).toEqual([...f.marginUsed]);
      expect(p.futures!.liquidations).toBe(f.liquidations);
      expect(p.futures!.totalFunding).toBe(f.totalFunding);
      liquidated += f.liquidations;
      if (f.totalFunding !== 0) funded++;
    }), { numRuns: 400 });
    expect(liquidated).toBeGreaterThan(20);
    expect(funded).toBeGreaterThan(20);
  });

  const caseArb = fc.record({ legs: fc.array(legArb(true), { minLength: 2, maxLength: 4 }), spec: specArb, stake: stakeArb, maxOpen: fc.option(fc.integer({ min: 1, max: 4 })) })
    .map((c) => ({ ...c, legs: c.legs.map((l, i): PortfolioLeg => ({ symbol: `S${i}/USDT`, ...l })) }));

  it('equity = initial cash + closed pnl + open unrealized pnl − funding; each loss within its margin plus fees', () => {
    let liquidated = 0;
    fc.assert(fc.property(caseArb, ({ legs, spec, stake, maxOpen }) => {
      const r = simulatePortfolio(legs, spec, { stake, maxOpenPositions: maxOpen ?? undefined });
      const tr = r.trades;
      const fut = r.futures!;
      liquidated += fut.liquidations;
      for (let t = 0; t < r.time.length; t++) {
        let v = spec.initCash - fut.funding[t];
        let scale = spec.initCash;
        let margin = 0;
        for (let k = 0; k < tr.count; k++) {
          if (tr.entryIndex[k] > t) continue;
          const closed = tr.exitIndex[k] <= t && tr.exitReason[k] !== EXIT_END_OPEN;
          scale += tr.units[k] * tr.entryPrice[k];
          if (closed) v += tr.pnl[k] + tr.funding[k];
          else {
            v += tr.side[k] * tr.units[k] * (r.lastClose[r.tradeSymbol[k]][t] - tr.entryPrice[k]) - tr.entryFee[k];
            margin += (tr.units[k] * tr.entryPrice[k]) / spec.leverage!;
          }
        }
        expect(Math.abs(r.equity[t] - v)).toBeLessThanOrEqual(1e-9 * scale);
        expect(Math.abs(fut.marginUsed[t] - margin)).toBeLessThanOrEqual(1e-9 * scale);
      }
      // Σ contributions (order flows and funding per symbol) = the account's pnl.
      const total = contributions(r).reduce((a, c) => a + c.pnl, 0);
      let scale = spec.initCash;
      for (let k = 0; k < tr.count; k++) scale += tr.units[k] * tr.entryPrice[k];
      expect(Math.abs(total - (r.equity[r.time.length - 1] - spec.initCash))).toBeLessThanOrEqual(1e-9 * scale);
      for (let k = 0; k < tr.count; k++) {
        const m = (tr.units[k] * tr.entryPrice[k]) / spec.leverage!;
        const fees = tr.entryFee[k] + spec.fees * tr.units[k] * tr.exitPrice[k];
        expect(-(tr.pnl[k] + tr.funding[k])).toBeLessThanOrEqual(m + fees + 1e-9 * m);
      }
    }), { numRuns: 300 });
    expect(liquidated).toBeGreaterThan(20);
  });

  it('leverage 1 without funding fills exactly as the unlevered account while nothing is liquidated', () => {
    let compared = 0;
    fc.assert(fc.property(caseArb, ({ legs, spec, stake, maxOpen }) => {
      const plain = legs.map((l) => ({ ...l, prices: { open: l.prices.open, high: l.prices.high, low: l.prices.low, close: l.prices.close } }));
      const { leverage: _l, ...unlevered } = spec;
      const mode = { stake, maxOpenPositions: maxOpen ?? undefined };
      const a = simulatePortfolio(plain, unlevered, mode);
      const b = simulatePortfolio(plain, { ...unlevered, leverage: 1 }, mode);
      expect(a.futures).toBeUndefined();
      fc.pre(b.futures!.liquidations === 0);
      compared++;
      expect([...b.equity]).toEqual([...a.equity]);
      expect([...b.cash]).toEqual([...a.cash]);
      const o = (x: typeof a.orders) => Array.from({ length: x.count }, (_, k) => [x.barIndex[k], x.side[k], x.price[k], x.units[k], x.fee[k]]);
      expect(o(b.orders)).toEqual(o(a.orders));
      expect([...b.skipped]).toEqual([...a.skipped]);
    }), { numRuns: 200 });
    expect(compared).toBeGreaterThan(150);
  });
});
