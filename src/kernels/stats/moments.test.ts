import { describe, expect, it } from 'vitest';
import { downsideDeviation, mean, std } from './moments.js';
import { barReturns } from './returns.js';

describe('mean / std / downsideDeviation', () => {
  it('hand-computed values', () => {
    const x = new Float64Array([2, 4, 4, 4, 5, 5, 7, 9]);
    // sum 40 / 8 = 5
    expect(mean(x)).toBe(5);
    // squared deviations 9+1+1+1+0+0+4+16 = 32; ddof=1: sqrt(32/7); ddof=0: sqrt(4) = 2
    expect(std(x)).toBeCloseTo(Math.sqrt(32 / 7), 15);
    expect(std(x, 0, x.length, 0)).toBe(2);
    // slice [1, 4) = 4,4,4 → mean 4, std 0
    expect(mean(x, 1, 4)).toBe(4);
    expect(std(x, 1, 4)).toBe(0);
  });

  it('undefined cases give NaN', () => {
    const x = new Float64Array([1]);
    expect(mean(new Float64Array(0))).toBeNaN();
    expect(std(x)).toBeNaN(); // one value, ddof=1: 0/0
    expect(std(new Float64Array(0), 0, 0, 0)).toBeNaN();
    expect(downsideDeviation(new Float64Array(0))).toBeNaN();
  });

  it('downside deviation counts positives as zeros', () => {
    // min(r,0) = [0, -0.1, 0, -0.2] → squares 0.01 + 0.04 = 0.05, /4 = 0.0125
    const r = new Float64Array([0.3, -0.1, 0.05, -0.2]);
    expect(downsideDeviation(r)).toBeCloseTo(Math.sqrt(0.0125), 15);
    expect(downsideDeviation(new Float64Array([0.1, 0, 0.2]))).toBe(0);
  });

  it('barReturns: n simple returns, the first from the base (initial cash), writes into a longer buffer', () => {
    const eq = new Float64Array([100, 110, 99, 99]);
    const out = new Float64Array(10).fill(7);
    barReturns(eq, 80, out);
    // 100/80-1 = 0.25; 110/100-1 = 0.1; 99/110-1 = -0.1; 99/99-1 = 0
    expect(out[0]).toBe(0.25);
    expect(out[1]).toBeCloseTo(0.1, 15);
    expect(out[2]).toBeCloseTo(-0.1, 15);
    expect(out[3]).toBe(0);
    expect(out[4]).toBe(7); // untouched
    expect([...barReturns(new Float64Array([5]), 5)]).toEqual([0]);
    expect(barReturns(new Float64Array(0), 1).length).toBe(0);
  });
});
