import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { correlationMatrix } from './correlation.js';

describe('correlationMatrix', () => {
  it('is 1 on the diagonal, ±1 for linear relations, NaN for a constant series', () => {
    const x = [1, 2, 3, 4, 5];
    const c = correlationMatrix([x, x.map((v) => 2 * v + 1), x.map((v) => -v), [3, 3, 3, 3, 3]]);
    expect(c.rows).toBe(5);
    expect(c.matrix[0][0]).toBeCloseTo(1, 15);
    expect(c.matrix[0][1]).toBeCloseTo(1, 15);
    expect(c.matrix[0][2]).toBeCloseTo(-1, 15);
    expect(c.matrix[2][0]).toBe(c.matrix[0][2]);
    expect(c.matrix[0][3]).toBeNaN();
  });

  it('uses only the bars where every series is defined (warm-up skipped)', () => {
    const c = correlationMatrix([[1, 2, 3, 4], [NaN, 1, 0, 1]]);
    expect(c.rows).toBe(3);
    // x = 2,3,4 and y = 1,0,1: covariance 0
    expect(c.matrix[0][1]).toBeCloseTo(0, 15);
  });

  it('property: bit for bit the plain pairwise sums over the raw series', () => {
    // The first form: every pair re-reads the series and skips undefined bars itself.
    const plain = (series: number[][]) => {
      const n = Math.min(...series.map((s) => s.length));
      const ok = (t: number) => series.every((s) => Number.isFinite(s[t]));
      let rows = 0;
      for (let t = 0; t < n; t++) if (ok(t)) rows++;
      const means = series.map((s) => { let sum = 0; for (let t = 0; t < n; t++) if (ok(t)) sum += s[t]; return sum / rows; });
      return series.map((a, i) => series.map((b, j) => {
        let sxy = 0, sxx = 0, syy = 0;
        for (let t = 0; t < n; t++) {
          if (!ok(t)) continue;
          const x = a[t] - means[i], y = b[t] - means[j];
          sxy += x * y; sxx += x * x; syy += y * y;
        }
        return sxx > 0 && syy > 0 ? Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy))) : NaN;
      }));
    };
    const value = fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(NaN), fc.integer({ min: -5, max: 5 }));
    fc.assert(fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 40 }), fc.infiniteStream(value), (k, n, values) => {
      const it = values[Symbol.iterator]();
      const series = Array.from({ length: k }, () => Array.from({ length: n }, () => it.next().value as number));
      const got = correlationMatrix(series).matrix;
      const want = plain(series);
      got.forEach((row, i) => row.forEach((v, j) => expect(Object.is(v, want[i][j])).toBe(true)));
    }), { numRuns: 500 });
  });
});
