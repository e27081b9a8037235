import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unpack } from '../../../../test/support/packed-column.js';
import { asRuns, asSteps, compactColumn, compactTimes, packColumn, roundColumn, type PackedColumn } from './compact-column.js';

describe('compact page columns', () => {
  it('hand-worked: 8 significant digits of the largest magnitude', () => {
    // max 100131.88406 → 6 integer digits → 2 decimals kept
    expect(roundColumn([100131.88406060135, 99999.99949, 0.0049, 12.3456])).toEqual([100131.88, 100000, 0, 12.35]);
    // max 0.34 → first digit at 1e-1 → 8 decimals
    expect(roundColumn([-0.123456789123, 0.34, NaN])).toEqual([-0.12345679, 0.34, NaN]);
    // max 1.5e9 → 10 integer digits → rounded to hundreds
    expect(roundColumn([1_500_000_004, 1_234_567_891])).toEqual([1_500_000_000, 1_234_567_900]); // units of 100
    expect(roundColumn([0, 0, NaN])).toEqual([0, 0, NaN]);
    expect(roundColumn([Infinity, 2.123456789])).toEqual([Infinity, 2.1234568]);
  });

  it('property: within half a unit of the 8th significant digit of the column maximum, and never longer in JSON', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: -1e12, max: 1e12, noNaN: true }).map((x) => (Math.abs(x) < 1e-290 ? 0 : x)), { minLength: 1, maxLength: 50 }), (xs) => {
      const max = Math.max(...xs.map(Math.abs));
      const r = roundColumn(xs);
      r.forEach((v, i) => expect(Math.abs(v - xs[i])).toBeLessThanOrEqual(max * 0.5e-7 * (1 + 1e-9)));
      expect(JSON.stringify(r).length).toBeLessThanOrEqual(JSON.stringify(xs).length + xs.length); // '-0' may add a sign
    }));
  });

  it('evenly stepped integers become runs, one per gap; anything else stays values', () => {
    const hour = 3_600_000;
    const t = Array.from({ length: 100 }, (_, i) => 1_672_531_200_000 + (i < 50 ? i : i + 1) * hour); // one missing bar at 50
    expect(asRuns(t)).toEqual({ $runs: [[1_672_531_200_000, hour, 50], [1_672_531_200_000 + 51 * hour, hour, 50]] });
    expect(asRuns(t.slice(0, 10))).toBeNull(); // too short to bother
    expect(asRuns(Array.from({ length: 100 }, (_, i) => i * i))).toBeNull(); // no runs worth it
    expect(asRuns(Array.from({ length: 100 }, (_, i) => i + 0.5))).toBeNull(); // not integers
    expect(compactColumn(t)).toEqual(asRuns(t));
    const odd = [...t.slice(0, 99), 1e20];
    expect(compactColumn(odd)).toEqual(packColumn(odd));
  });

  it('hand-worked packing: differences of the rounded integers, zigzag, 5 bits a digit', () => {
    // 0.01 tick: decimals 8-1-2 = 5, reduced to 2; k = 10000, 10001, 10001, NaN, 9999
    // steps +10000 → zigzag 20000 = 0b100111_00010_00000 → digits 0 (+32), 17 (+32), 19 → 'gxT'; +1 → 2 'C'; 0 → 'A'; '.'; -2 → 3 'D'
    expect(packColumn([100, 100.01, 100.01, NaN, 99.99])).toEqual({ $p: [2, 'gxTCA.D'] });
    expect(unpack(packColumn([100, 100.01, 100.01, NaN, 99.99]) as PackedColumn)).toEqual([100, 100.01, 100.01, null, 99.99]);
    // hundreds: 1.5e9 keeps units of 100 (decimals -2)
    expect(packColumn([1_500_000_004, 1_234_567_891])?.$p[0]).toBe(-2);
    expect(packColumn([0, 0])).toEqual({ $p: [0, 'AA'] });
  });

  it('property: a packed column decodes to exactly the rounded values (missing values as null), and is never longer in JSON', () => {
    const value = fc.oneof(fc.double({ min: -1e12, max: 1e12, noNaN: true }).map((x) => (Math.abs(x) < 1e-290 ? 0 : x)), fc.constant(NaN), fc.integer({ min: -1e6, max: 1e6 }).map((k) => k / 100));
    fc.assert(fc.property(fc.array(value, { minLength: 1, maxLength: 60 }), (xs) => {
      const p = packColumn(xs);
      const r = roundColumn(xs);
      if (p === null) return; // only when the column's magnitude is beyond 10^±22
      const got = unpack(p);
      expect(got).toHaveLength(xs.length);
      got.forEach((v, i) => expect(v).toBe(Number.isFinite(r[i]) ? (r[i] === 0 ? 0 : r[i]) : null));
      expect(JSON.stringify(p).length).toBeLessThanOrEqual(JSON.stringify(r).length + 12);
    }));
  });

  it('ascending integers (trade and signal times) become steps of their common divisor', () => {
    const m = 60_000;
    const t = [1_672_531_200_000, 1_672_531_200_000 + 3 * m, 1_672_531_200_000 + 10 * m, 1_672_531_200_000 + 9 * m];
    expect(asSteps(t)).toEqual({ $steps: [1_672_531_200_000, m, [3, 7, -1]] });
    expect(compactTimes(t)).toEqual(asSteps(t));
    expect(asSteps([1, 2.5])).toBeNull();
    expect(compactTimes([5])).toEqual([5]);
  });

  it('property: runs expand back to the column exactly', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 1, max: 100_000 }), fc.array(fc.integer({ min: 64, max: 500 }), { minLength: 1, maxLength: 4 }), (t0, step, lengths) => {
      const xs: number[] = [];
      let t = t0;
      for (const len of lengths) {
        for (let k = 0; k < len; k++) { xs.push(t); t += step; }
        t += step * 3; // a gap
      }
      const r = asRuns(xs);
      expect(r).not.toBeNull();
      expect(r!.$runs.flatMap(([a, s, c]) => Array.from({ length: c }, (_, k) => a + k * s))).toEqual(xs);
    }));
  });
});
