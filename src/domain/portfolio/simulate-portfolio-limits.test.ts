/**
 * Exchange order limits in the one-account portfolio (issue 10 item 5, docs/semantics.md
 * "Portfolio"): each symbol's lot step, minimum amount and minimum cost on its own column, the
 * config's values winning, entries below the minimums skipped and counted. Hand-worked.
 */
import { describe, expect, it } from 'vitest';
import type { Signals } from '../strategies/strategy.js';
import { simulatePortfolio, type PortfolioLeg } from './simulate-portfolio.js';
import { DEFAULT_PORTFOLIO, type PortfolioSpec } from './spec.js';
import type { OrderLimits } from './market-limits.js';

const HOUR = 3_600_000;

/** A flat-priced leg at `price` over 3 bars with a long entry at bar 0 and an exit at bar 2. */
function leg(symbol: string, price: number, limits?: OrderLimits): PortfolioLeg {
  const n = 3;
  const p = () => new Float64Array(n).fill(price);
  const at = (t: number) => { const a = new Uint8Array(n); a[t] = 1; return a; };
  const signals: Signals = {
    longEntries: at(0), longExits: at(2), shortEntries: new Uint8Array(n), shortExits: new Uint8Array(n),
    slDistance: null, tpDistance: null, slFraction: 0, tpFraction: 0,
  };
  return { symbol, time: Float64Array.from({ length: n }, (_, i) => i * HOUR), prices: { open: p(), high: p(), low: p(), close: p() }, signals, ...(limits && { limits }) };
}

const SPEC: PortfolioSpec = { ...DEFAULT_PORTFOLIO, initCash: 1000, fees: 0, slippage: 0, execution: 'close' };

describe('portfolio: exchange limits per symbol', () => {
  it('rounds each column to its own lot step and skips (and counts) an entry below its minimum cost', () => {
    // A at 30, whole units: 500 / 30 = 16.67 → 16 units (480). B at 7, lot 0.5, min cost 600:
    // free 520 → 74.28 → 74 units = 518 < 600: skipped below the minimum, not a skipped entry.
    const r = simulatePortfolio([leg('A/USDT', 30, { amountStep: 1, minAmount: 1 }), leg('B/USDT', 7, { amountStep: 0.5, minCost: 600 })], SPEC, { stake: { kind: 'equal' } });
    expect(r.trades.count).toBe(1);
    expect(r.trades.units[0]).toBe(16);
    expect(r.tradeSymbol[0]).toBe(0);
    expect(r.cash[0]).toBe(520);
    expect(Array.from(r.belowMinimum!)).toEqual([0, 1]);
    expect(Array.from(r.skipped)).toEqual([0, 0]);
  });

  it('fills B in half lots when its minimum cost is met', () => {
    const r = simulatePortfolio([leg('A/USDT', 30, { amountStep: 1 }), leg('B/USDT', 7, { amountStep: 0.5, minCost: 500 })], SPEC, { stake: { kind: 'equal' } });
    expect(r.trades.count).toBe(2);
    expect(r.trades.units[1]).toBe(74); // floor(520 / 7 / 0.5) · 0.5 = 74
    expect(r.cash[0]).toBe(1000 - 480 - 518);
    expect(Array.from(r.belowMinimum!)).toEqual([0, 0]);
  });

  it("lets the config's size_granularity / min_notional win over every symbol's limits", () => {
    const spec = { ...SPEC, sizeGranularity: 0.1, minNotional: 0 };
    const r = simulatePortfolio([leg('A/USDT', 30, { amountStep: 1 }), leg('B/USDT', 7, { amountStep: 0.5, minCost: 600 })], spec, { stake: { kind: 'equal' } });
    // A: 16.67 → 16.6 units (498); B: free 502 → 71.71 → 71.7 units; the config's minimum 0 admits it.
    expect(r.trades.count).toBe(2);
    expect(r.trades.units[0]).toBeCloseTo(16.6, 12);
    expect(r.trades.units[1]).toBeCloseTo(71.7, 12);
    expect(Array.from(r.belowMinimum!)).toEqual([0, 0]);
  });

  it('applies the minimum amount with an amount stake and leaves a run without limits as before', () => {
    // Stake 100 at 30 = 3.33 units; A's minimum amount 5 skips it.
    const a = simulatePortfolio([leg('A/USDT', 30, { minAmount: 5 })], SPEC, { stake: { kind: 'amount', value: 100 } });
    expect(a.trades.count).toBe(0);
    expect(a.belowMinimum![0]).toBe(1);
    const free = simulatePortfolio([leg('A/USDT', 30)], SPEC, { stake: { kind: 'amount', value: 100 } });
    expect(free.trades.units[0]).toBe(100 / 30);
    expect(free.belowMinimum![0]).toBe(0);
  });
});
