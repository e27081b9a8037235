/**
 * Hand-worked portfolio cases (DESIGN.md §3b): releases fund same-bar entries, the slot cap,
 * equal stakes, a symbol without a bar valued at its last close, shorts holding back their cash.
 * No fees or slippage, close mode; every number is worked out in comments.
 */
import { describe, expect, it } from 'vitest';
import { bars, portfolio, signals, type Bar, type SignalSpec } from '../../../test/support/sim-bars.js';
import type { PortfolioMode } from './portfolio-mode.js';
import { simulatePortfolio, type PortfolioLeg } from './simulate-portfolio.js';
import type { PortfolioSpec } from './spec.js';

const flat = (c: number): Bar => [c, c, c, c];
function leg(symbol: string, closes: number[], s: SignalSpec, hours?: number[]): PortfolioLeg {
  const n = closes.length;
  return { symbol, time: Float64Array.from(hours ?? closes.map((_, i) => i), (h) => h * 3_600_000), prices: bars(closes.map(flat)), signals: signals(n, s) };
}
const run = (legs: PortfolioLeg[], mode: PortfolioMode, spec: Partial<PortfolioSpec> = {}) =>
  simulatePortfolio(legs, portfolio({ initCash: 1000, ...spec }), mode);
const orders = (r: ReturnType<typeof run>) =>
  Array.from({ length: r.orders.count }, (_, k) => [r.orders.barIndex[k], r.symbols[r.orderSymbol[k]], r.orders.side[k], r.orders.units[k], r.orders.price[k]]);

describe('simulatePortfolio: order within a bar', () => {
  it('an exit listed after an entry still fills first and funds it', () => {
    // Bar 0: B buys 1000/10 = 100 units, cash 0. Bar 1: A's entry (listed first) and B's exit:
    // B sells 100 @ 10 → cash 1000, then A buys 1000/100 = 10 @ 100 → cash 0.
    const r = run([leg('A/USDT', [100, 100, 100], { le: [1] }), leg('B/USDT', [10, 10, 20], { le: [0], lx: [1] })], { stake: { kind: 'amount', value: 1000 } });
    expect(orders(r)).toEqual([[0, 'B/USDT', 1, 100, 10], [1, 'B/USDT', -1, 100, 10], [1, 'A/USDT', 1, 10, 100]]);
    expect([...r.equity]).toEqual([1000, 1000, 1000]);
    expect([...r.skipped]).toEqual([0, 0]);
  });

  it('max open positions: the later-listed entry is skipped and counted for its symbol', () => {
    const r = run([leg('A/USDT', [100, 100], { le: [0] }), leg('B/USDT', [10, 10], { le: [0] })], { stake: { kind: 'equal' }, maxOpenPositions: 1 });
    expect(orders(r)).toEqual([[0, 'A/USDT', 1, 10, 100]]);
    expect([...r.skipped]).toEqual([0, 1]);
  });

  it('equal stake: free cash / free slots at each entry', () => {
    // A: 1000/2 = 500 → 5 @ 100; B: 500/1 = 500 → 50 @ 10.
    const r = run([leg('A/USDT', [100, 100], { le: [0] }), leg('B/USDT', [10, 10], { le: [0] })], { stake: { kind: 'equal' } });
    expect(orders(r)).toEqual([[0, 'A/USDT', 1, 5, 100], [0, 'B/USDT', 1, 50, 10]]);
    expect(r.cash[0]).toBe(0);
  });

  it('amount stake: the last entry buys with the cash left; with none it is skipped', () => {
    // stake 600: A 6 @ 100 (cash 400), B wants 60 @ 10 = 600 > 400 → 40 units, cash 0; C skipped.
    const r = run([leg('A/USDT', [100], { le: [0] }), leg('B/USDT', [10], { le: [0] }), leg('C/USDT', [1], { le: [0] })], { stake: { kind: 'amount', value: 600 } });
    expect(orders(r)).toEqual([[0, 'A/USDT', 1, 6, 100], [0, 'B/USDT', 1, 40, 10]]);
    expect([...r.skipped]).toEqual([0, 0, 1]);
  });
});

describe('simulatePortfolio: union time index', () => {
  it('a symbol without a bar at t does not trade and is valued at its last close', () => {
    // Hours 0, 1, 2 from A; B has hours 0 and 2 only. B buys 50 @ 10 at hour 0 (equal stake, 2 slots: 500).
    // Hour 1: B's exit signal cannot exist (no bar); value 50 × 10. Hour 2: B closes 20 → 1000.
    const r = run([leg('A/USDT', [100, 100, 100], {}), leg('B/USDT', [10, 20], { le: [0] }, [0, 2])], { stake: { kind: 'equal' } });
    expect([...r.time]).toEqual([0, 3_600_000, 7_200_000]);
    expect([...r.values[1]]).toEqual([500, 500, 1000]);
    expect([...r.equity]).toEqual([1000, 1000, 1500]);
    expect([...r.positions[1]]).toEqual([0, 2]);
  });

  it('an open trade of a symbol whose data ends early is marked at its own last bar', () => {
    const r = run([leg('A/USDT', [100, 100, 100], {}), leg('B/USDT', [10, 30], { le: [0] }, [0, 1])], { stake: { kind: 'equal' } });
    expect([r.trades.exitIndex[0], r.trades.exitPrice[0], r.trades.pnl[0]]).toEqual([1, 30, 50 * 20]);
    expect(r.equity[2]).toBe(500 + 50 * 30);
  });
});

describe('simulatePortfolio: swap', () => {
  it('a short holds back its proceeds and collateral: other entries see only the free cash', () => {
    // A shorts 500/100 = 5 @ 100: cash 1500, held back 2·5·100 = 1000, free 500. B buys 500/10 = 50.
    // Equity = 1000 - 5·100 + 50·10 = 1000. Bar 1: A at 80, B at 12: 1000 - 400 + 600 = 1200.
    const r = run([leg('A/USDT', [100, 80], { se: [0] }), leg('B/USDT', [10, 12], { le: [0] })], { stake: { kind: 'equal' } }, { market: 'swap' });
    expect(orders(r)).toEqual([[0, 'A/USDT', -1, 5, 100], [0, 'B/USDT', 1, 50, 10]]);
    expect([...r.cash]).toEqual([1000, 1000]);
    expect([...r.equity]).toEqual([1000, 1200]);
  });

  it('a reversal is one order: its closing part in the release phase, its opening part sized in the entry phase', () => {
    // A buys 10 @ 100 (max 1 slot). Bar 1 at 100: A's short entry reverses: sells 10 (cash 1000),
    // then shorts 1000/100 = 10 more → one sell order of 20 units.
    const r = run([leg('A/USDT', [100, 100, 90], { le: [0], se: [1] })], { stake: { kind: 'equal' } }, { market: 'swap' });
    expect(orders(r)).toEqual([[0, 'A/USDT', 1, 10, 100], [1, 'A/USDT', -1, 20, 100]]);
    expect(r.equity[2]).toBe(1000 + 10 * 10);
  });
});

describe('simulatePortfolio: next_open', () => {
  it('orders queued at bar t fill at the next open: the exit first, then the entry it funds', () => {
    // Opens equal closes (flat bars). Bar 0: B's entry queued → bar 1 open: buys 1000/10 = 100.
    // Bar 1: A's entry and B's exit queued → bar 2 open: B sells 100 @ 10, then A buys 1000/100 = 10.
    const r = run([leg('A/USDT', [100, 100, 100, 100], { le: [1] }), leg('B/USDT', [10, 10, 10, 10], { le: [0], lx: [1] })],
      { stake: { kind: 'amount', value: 1000 } }, { execution: 'next_open' });
    expect(orders(r)).toEqual([[1, 'B/USDT', 1, 100, 10], [2, 'B/USDT', -1, 100, 10], [2, 'A/USDT', 1, 10, 100]]);
  });

  it('an entry on a symbol\'s last bar cannot fill and is counted as skipped', () => {
    const r = run([leg('A/USDT', [100, 100, 100], {}), leg('B/USDT', [10, 10], { le: [1] }, [0, 1])], { stake: { kind: 'equal' } }, { execution: 'next_open' });
    expect(r.orders.count).toBe(0);
    expect([...r.skipped]).toEqual([0, 1]);
  });
});
