import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockBootstrap } from './block-bootstrap.js';
import { fanPercentiles, monteCarloInput, percentilesOf, runMonteCarlo } from './monte-carlo.js';
import { fanSteps } from './path-stats.js';
import { reshuffleTrades } from './trade-reshuffle.js';

const product = (g: ArrayLike<number>) => Array.from(g).reduce((e, x) => e * (1 + x), 1) - 1;

describe('trade reshuffling', () => {
  it('never changes the final return, only the path (property)', () => {
    fc.assert(fc.property(
      fc.array(fc.double({ min: -0.5, max: 0.5, noNaN: true }), { minLength: 1, maxLength: 60 }), fc.integer({ min: 0, max: 1e9 }),
      (list, seed) => {
        const g = Float64Array.from(list);
        const want = product(g);
        const s = reshuffleTrades(g, 20, seed);
        for (let p = 0; p < 20; p++) {
          expect(Math.abs(s.finalReturn[p] - want)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want + 1)));
          // The fan's last sample is the path's final equity.
          expect(s.fan[p * s.fanSteps.length + s.fanSteps.length - 1] - 1).toBe(s.finalReturn[p]);
        }
      },
    ), { numRuns: 200 });
  });

  it('changes the drawdown with the order: losses first vs gains first', () => {
    const g = Float64Array.from([0.1, 0.1, -0.1, -0.1]);
    const s = reshuffleTrades(g, 200, 1);
    // All orders end at 1.1² · 0.9² − 1; the drawdown ranges from 1 − 0.9·… to the two losses in a row (19 %).
    const dd = new Set(Array.from(s.maxDrawdown, (x) => x.toFixed(10)));
    expect(dd.size).toBeGreaterThan(1);
    expect(Math.max(...s.maxDrawdown)).toBeCloseTo(1 - 0.81, 12);
    expect(Math.min(...s.maxDrawdown)).toBeCloseTo(0.1, 12);
  });
});

describe('stationary block bootstrap', () => {
  it('compounds n bars per path: constant returns give (1+c)^n − 1 on every path', () => {
    const r = new Float64Array(100).fill(0.001);
    const s = blockBootstrap(r, 10, 5, 7, 1);
    for (const x of s.finalReturn) expect(x).toBeCloseTo(1.001 ** 100 - 1, 12);
    for (const x of s.maxDrawdown) expect(x).toBe(0);
  });

  it('with a block length ≥ n and one path, walks the series in order from its start (circularly)', () => {
    const r = Float64Array.from([0.1, -0.2, 0.05, 0.3]);
    const s = blockBootstrap(r, 1, 3, 1e12, 1);
    expect(s.finalReturn[0]).toBeCloseTo(product(r), 12);
  });
});

describe('runMonteCarlo', () => {
  const eq = Float64Array.from({ length: 500 }, (_, t) => 100 * (1 + 0.3 * Math.sin(t / 17)) * (1 + t / 1000));
  const input = monteCarloInput(eq, 100, [10, 100, 300], [5, -3, 8], Math.sqrt(8760));

  it('same seed, same output; another seed, other paths', () => {
    const a = runMonteCarlo(input, { paths: 50, seed: 42 });
    const b = runMonteCarlo(input, { paths: 50, seed: 42 });
    const c = runMonteCarlo(input, { paths: 50, seed: 43 });
    expect(Array.from(a.bootstrap.finalReturn)).toEqual(Array.from(b.bootstrap.finalReturn));
    expect(Array.from(a.reshuffle.maxDrawdown)).toEqual(Array.from(b.reshuffle.maxDrawdown));
    expect(Array.from(a.bootstrap.fan)).toEqual(Array.from(b.bootstrap.fan));
    expect(Array.from(a.bootstrap.finalReturn)).not.toEqual(Array.from(c.bootstrap.finalReturn));
  });

  it('derives bar returns and trade returns on equity from a run', () => {
    expect(input.barReturns[0]).toBeCloseTo(eq[0] / 100 - 1, 15);
    expect(input.barReturns[7]).toBeCloseTo(eq[7] / eq[6] - 1, 15);
    expect(input.tradeReturns[1]).toBeCloseTo(-3 / eq[99], 15);
    expect(product(input.barReturns)).toBeCloseTo(eq[499] / 100 - 1, 10);
  });

  it('percentiles and fan follow numpy linear interpolation', () => {
    expect(percentilesOf(Float64Array.from([1, 2, 3, 4, NaN]))).toEqual([1.15, 2.5, 3.8499999999999996]);
    expect(Array.from(fanSteps(10, 4))).toEqual([0, 3, 7, 10]);
    const a = runMonteCarlo(input, { paths: 9, seed: 1, fanPoints: 5 });
    const fan = fanPercentiles(a.bootstrap);
    expect(fan.length).toBe(5);
    expect(fan[0]).toEqual([1, 1, 1]);
    const last = Array.from(a.bootstrap.finalReturn, (x) => x + 1).sort((x, y) => x - y);
    expect(fan[4][1]).toBeCloseTo(last[4], 14);
  });
});
