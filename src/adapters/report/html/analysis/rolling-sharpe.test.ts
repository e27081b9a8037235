import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mean, std } from '../../../../kernels/stats/moments.js';
import { ZERO_STD } from '../../../../domain/metrics/equity-metrics.js';
import { rollingSharpe, rollingSharpeWindow, rollingVolatility, rollingSharpeAndVolatility } from './rolling-sharpe.js';

/** Plain re-computation: the window's returns, then mean / std(ddof=1) * sqrt(A). */
function naive(equity: number[], w: number, A: number): number[] {
  return equity.map((_, t) => {
    if (t < w) return NaN;
    const r: number[] = [];
    for (let s = t - w + 1; s <= t; s++) r.push(equity[s] / equity[s - 1] - 1);
    const sd = std(r);
    return r.every((x) => x === 0) || sd <= ZERO_STD ? NaN : (mean(r) / sd) * Math.sqrt(A);
  });
}

describe('rollingSharpe', () => {
  it('uses 30 days of bars, at least 10', () => {
    expect(rollingSharpeWindow('1h')).toBe(720);
    expect(rollingSharpeWindow('4h')).toBe(180);
    expect(rollingSharpeWindow('1d')).toBe(30);
    expect(rollingSharpeWindow('1w')).toBe(10);
    expect(rollingSharpeWindow('1m')).toBe(43_200);
  });

  it('matches a hand-computed window', () => {
    // returns over the window ending at bar 3: +10%, -10%, +20%
    const eq = [100, 110, 99, 118.8];
    const out = rollingSharpe(eq, 3, 4);
    const r = [0.1, -0.1, 0.2];
    const m = 0.2 / 3;
    const sd = Math.sqrt(r.reduce((a, x) => a + (x - m) ** 2, 0) / 2);
    expect(out[3]).toBeCloseTo((m / sd) * 2, 12);
    expect([out[0], out[1], out[2]].every(Number.isNaN)).toBe(true);
  });

  it('agrees with the plain computation, flat stretches included (NaN there)', () => {
    // Zero or a real move (|step| >= 1e-9): windows of pure rounding noise (returns ~1e-17) are
    // undefined in both, but sliding sums cannot reproduce a direct sum's noise digit for digit.
    // The counterexample that made the tolerance relative is a case of its own below.
    const move = fc.double({ min: 1e-9, max: 0.05, noNaN: true });
    const step = fc.oneof(fc.constant(0), move, move.map((x) => -x));
    fc.assert(fc.property(fc.array(step, { minLength: 2, maxLength: 300 }), fc.integer({ min: 2, max: 40 }), (steps, w) => {
      const eq = [100];
      for (const s of steps) eq.push(eq[eq.length - 1] * (1 + s));
      const got = rollingSharpe(eq, w, 8760);
      const want = naive(eq, w, 8760);
      for (let t = 0; t < eq.length; t++) {
        if (Number.isNaN(want[t])) expect(got[t]).toBeNaN();
        // Relative: a window of tiny moves (1e-9..1e-5) has a Sharpe ratio of tens whose last
        // digits the sliding sums round differently (seen: -54.80354575 vs -54.80354525).
        else expect(Math.abs(got[t] - want[t]), `bar ${t}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(want[t])));
      }
    }), { numRuns: 200 });
  });

  it('a window of tiny moves: within 1e-6 of the plain computation, relatively', () => {
    // fast-check's counterexample (seed -470403454) for the former absolute tolerance of 5e-7.
    const steps = [-0.00002104595090363093, -0.00001197158441884616, -1.1981528630355953e-7, 0, 0, -1e-9, 0, 0, 0, -1e-9, 1e-9];
    const eq = [100];
    for (const s of steps) eq.push(eq[eq.length - 1] * (1 + s));
    const got = rollingSharpe(eq, 7, 8760);
    const want = naive(eq, 7, 8760);
    expect(want.filter((x) => !Number.isNaN(x)).length).toBeGreaterThan(0);
    for (let t = 0; t < eq.length; t++) {
      if (Number.isNaN(want[t])) expect(got[t]).toBeNaN();
      else expect(Math.abs(got[t] - want[t]) / Math.abs(want[t])).toBeLessThan(1e-6);
    }
  });

  it('returns all NaN when the series is not longer than the window', () => {
    expect(Array.from(rollingSharpe([1, 2, 3], 3, 1)).every(Number.isNaN)).toBe(true);
  });
});

describe('rollingVolatility', () => {
  it('matches a hand-computed window: std(ddof=1) of the window returns × √A', () => {
    // returns over the window ending at bar 3: +10%, -10%, +20%; mean 1/15
    const eq = [100, 110, 99, 118.8];
    const out = rollingVolatility(eq, 3, 4);
    const r = [0.1, -0.1, 0.2];
    const m = 0.2 / 3;
    expect(out[3]).toBeCloseTo(Math.sqrt(r.reduce((a, x) => a + (x - m) ** 2, 0) / 2) * 2, 12);
    expect([out[0], out[1], out[2]].every(Number.isNaN)).toBe(true);
  });

  it('agrees with the plain computation on random walks with flat stretches (0 there), and with the initial cash as base', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.constant(0), fc.double({ min: -0.05, max: 0.05, noNaN: true }).filter((x) => Math.abs(x) >= 1e-9)), { minLength: 5, maxLength: 200 }),
      fc.integer({ min: 2, max: 12 }), (steps, w) => {
        const eq: number[] = [];
        let e = 1000;
        for (const x of steps) { e *= 1 + x; eq.push(e); }
        const base = 1000;
        const out = rollingVolatility(eq, w, 365, undefined, base);
        for (let t = 0; t < eq.length; t++) {
          if (t < w - 1) { expect(Number.isNaN(out[t])).toBe(true); continue; }
          const r: number[] = [];
          for (let s = t - w + 1; s <= t; s++) r.push(eq[s] / (s === 0 ? base : eq[s - 1]) - 1);
          const sd = std(r);
          const want = r.every((x) => x === 0) || sd <= ZERO_STD ? 0 : sd * Math.sqrt(365);
          expect(Math.abs(out[t] - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, want));
        }
      }), { numRuns: 200, seed: 16 });
  });

  it('property: the one-scan pair equals rollingSharpe and rollingVolatility bit for bit', () => {
    const step = fc.oneof(fc.constant(0), fc.double({ min: -0.2, max: 0.2, noNaN: true }));
    fc.assert(fc.property(fc.array(step, { minLength: 0, maxLength: 300 }), fc.integer({ min: 1, max: 40 }), fc.boolean(), (steps, window, withBase) => {
      let e = 1000;
      const equity = steps.map((r) => (e *= 1 + r));
      const base = withBase ? 1000 : NaN;
      const both = rollingSharpeAndVolatility(equity, window, 8760, base);
      const sharpe = rollingSharpe(equity, window, 8760, undefined, base);
      const vol = rollingVolatility(equity, window, 8760, undefined, base);
      sharpe.forEach((v, i) => expect(Object.is(both.sharpe[i], v)).toBe(true));
      vol.forEach((v, i) => expect(Object.is(both.volatility[i], v)).toBe(true));
    }), { numRuns: 300 });
  });
});
