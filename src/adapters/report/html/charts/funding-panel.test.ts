import { describe, expect, it } from 'vitest';
import { fundingPayments } from './funding-panel.js';

describe('fundingPayments', () => {
  it('one bar per change of the cumulative funding, with the change as its amount (hand-worked)', () => {
    // Paid 3 at bar 1, nothing until bar 4 (received 5), paid 1.5 at bar 6; a NaN bar is skipped.
    const time = [0, 10, 20, 30, 40, 50, 60, 70];
    const cumulative = [0, 3, 3, 3, -2, -2, -0.5, NaN];
    const p = fundingPayments(time, cumulative, time.length);
    expect([...p.time]).toEqual([10, 40, 60]);
    expect([...p.amount]).toEqual([3, -5, 1.5]);
  });

  it('a payment at the first bar counts from zero; only the first n bars are read', () => {
    const p = fundingPayments([0, 1, 2], [2, 2, 7], 2);
    expect([...p.time]).toEqual([0]);
    expect([...p.amount]).toEqual([2]);
  });

  it('the payments add up to the last cumulative value', () => {
    let c = 0;
    const cumulative = Array.from({ length: 500 }, (_, i) => (c += i % 8 === 0 ? Math.sin(i) * 10 : 0));
    const p = fundingPayments(cumulative.map((_, i) => i), cumulative, cumulative.length);
    expect(p.amount.reduce((s, a) => s + a, 0)).toBeCloseTo(cumulative[cumulative.length - 1], 9);
  });
});
